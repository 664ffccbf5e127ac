"""Reusable widgets: status bar, exercise list, results panel, hints, training view."""
