from double import double


def scale(x, k):
    raise NotImplementedError
