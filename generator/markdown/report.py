"""Warnings for authors found while parsing: plugins record them in `env` as (line, message),
the line relative to the body; the read stage turns them into Diagnostics with the file's
line (the body starts at env["body_line"])."""

from __future__ import annotations

from typing import Any

from markdown_it.token import Token

from generator.errors import Diagnostics

WARNINGS = "aiblog_warnings"


def warn(env: dict[str, Any], where: Token | int | None, message: str) -> None:
    """`where`: a token (its first line) or a 0-based line of the body."""
    if isinstance(where, Token):
        where = where.map[0] if where.map else None
    env.setdefault(WARNINGS, []).append((where, message))


def report(env: dict[str, Any], rel: str, diags: Diagnostics) -> None:
    """Every warning recorded in `env` as a Diagnostic of the file `rel`."""
    first = env.get("body_line", 1)
    for line, message in env.get(WARNINGS, ()):
        diags.warning(rel, first + line if line is not None else None, message)
