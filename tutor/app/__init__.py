"""The Textual app (the only part of dltutor that imports Textual)."""


def run_app(session) -> int:
    from tutor.app.main import run

    return run(session)
