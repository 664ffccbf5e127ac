from double import double


def scale(x, k):
    return double(x) * k / 2
