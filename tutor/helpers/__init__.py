"""Trusted helper processes: they import TensorFlow and scikit-learn, and never load learner code."""
