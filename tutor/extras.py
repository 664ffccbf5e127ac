"""Which optional parts of dltutor this interpreter has: the Keras chapters need the ``keras`` extra.

Found with ``importlib.util.find_spec``, which locates a package without importing it: the
grader never imports TensorFlow (docs/architecture.md, Invariants), and finding it costs milliseconds, not seconds.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache

ENABLE_KERAS = "python -m pip install 'dltutor[keras]'"
# What the sandbox, the trainer and the graph worker import for the TensorFlow modes.
KERAS_PACKAGES = {"tensorflow": "TensorFlow", "keras": "Keras", "sklearn": "scikit-learn"}


@lru_cache(maxsize=1)
def missing_keras_packages() -> tuple[str, ...]:
    """The names of the Keras extra's packages this interpreter lacks."""
    return tuple(shown for module, shown in KERAS_PACKAGES.items() if importlib.util.find_spec(module) is None)


def missing_for(exercise) -> str | None:
    """Why ``exercise`` cannot run here, with the one command that fixes it; None when it can."""
    if exercise.mode == "numpy":
        return None
    lacking = missing_keras_packages()
    if not lacking:
        return None
    return (f"{exercise.id} needs {' and '.join(lacking)}, which this installation of dltutor does not have: "
            f"`{ENABLE_KERAS}` installs them")
