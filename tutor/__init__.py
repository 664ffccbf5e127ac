"""dltutor: a terminal tutor for deep learning (import package `tutor`)."""

__version__ = "0.1.0"
