"""The Textual app (the only part of dltutor that imports Textual)."""


def run_app(session) -> int:
    from tutor.app.main import run  # noqa: PLC0415  (the app's modules load when the app runs, not when the CLI starts)

    return run(session)
