"""The learner sandbox: a child process the grader talks to in plain data (kept import-light)."""
