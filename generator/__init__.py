"""aiblog: a static-site blog generator for AI commentary."""

__version__ = "0.1.0"
