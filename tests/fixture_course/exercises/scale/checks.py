import numpy as np

from tutor.grading.api import check


@check("scales by k using your double()", points=1)
def scales(t):
    t.compare("scale", (np.arange(4.0), 3.0))
