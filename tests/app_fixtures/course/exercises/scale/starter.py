"""Scale a vector."""


def scale(x, k):
    raise NotImplementedError("write scale()")
