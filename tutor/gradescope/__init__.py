"""A Gradescope autograder in one command: ``dltutor gradescope build`` writes it, ``runner`` grades in it."""
