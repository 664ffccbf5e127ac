"""Reference solution: scale a vector."""


def scale(x, k):
    return k * x
