"""Renders GradeReports for people (text) and programs (JSON)."""
