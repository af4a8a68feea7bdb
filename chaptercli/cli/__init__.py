"""The `chapters` command line: options in, the core called, results handed to
the renderer. `chaptercli.cli:main` is the console script."""

from chaptercli.cli.app import app, main

__all__ = ["app", "main"]
