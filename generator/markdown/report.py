"""How a Markdown plugin reports a problem in the author's text: `report(env, where,
message)` files it in the parse's env; the read stage turns each into a warning printed as
`path:line: message` (never an exception: the page still builds).

`where` is a block token (its first line is used) or a line offset within the Markdown
body counted as markdown-it counts `token.map` (0 = the body's first line). The body's own
first line in the file is `env["body_line"]` (after the frontmatter)."""

from __future__ import annotations

from typing import Any

from markdown_it.token import Token

from generator.errors import Diagnostics

REPORTS = "reports"  # env key: list of (line in the file or None, message)


def report(env: dict[str, Any], where: Token | int | None, message: str) -> None:
    offset = where.map[0] if isinstance(where, Token) and where.map else where
    line = env.get("body_line", 1) + offset if isinstance(offset, int) else None
    env.setdefault(REPORTS, []).append((line, message))


def reports(env: dict[str, Any]) -> list[tuple[int | None, str]]:
    return list(env.get(REPORTS, ()))


def as_warnings(env: dict[str, Any], rel: str, diags: Diagnostics) -> None:
    """Every problem recorded in `env`, as a warning about the file `rel`."""
    for line, message in reports(env):
        diags.warning(rel, line, message)
