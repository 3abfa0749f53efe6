"""Where aiblog itself lives: links that `aiblog init` writes into a new blog.

One constant, so that moving the repository means changing one line (pyproject.toml's
`[project.urls]` names the same place; a test keeps the two in step).
"""

from __future__ import annotations

from generator import __version__

REPOSITORY_URL = "https://github.com/example/aiblog"


def docs_url(page: str, version: str = __version__) -> str:
    """A page of docs/ as it was at `version`'s release tag, so that a blog made by one
    version links the documentation of that version (the one its workflow installs)."""
    return f"{REPOSITORY_URL}/blob/v{version}/docs/{page}"
