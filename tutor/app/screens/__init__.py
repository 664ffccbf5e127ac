"""The app's screens: the course, one exercise, help, and a confirmation dialog."""
