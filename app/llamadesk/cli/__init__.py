"""The terminal front end: ``llamadesk`` and its commands (chat, info, backends, models)."""

from llamadesk.cli.main import main

__all__ = ["main"]
