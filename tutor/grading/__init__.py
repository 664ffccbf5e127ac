"""Trusted grading: course checks run here, learner code only ever runs in the sandbox."""
