"""chaptercli: navigate, search and convert the chapters of long episodes."""

__version__ = "0.1.0"
