"""Reference solution: double an array."""


def double(x):
    return 2 * x
