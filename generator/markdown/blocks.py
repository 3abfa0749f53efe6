"""A token run as its blocks: the ranges of its top-level elements."""

from __future__ import annotations

from markdown_it.token import Token


def top_level_units(tokens: list[Token]) -> list[tuple[int, int]]:
    """[start, end) ranges of the top-level blocks of a token run (an element with what
    it holds, or a single token)."""
    units: list[tuple[int, int]] = []
    i = 0
    base = min((t.level for t in tokens), default=0)
    while i < len(tokens):
        token = tokens[i]
        if token.nesting == 1 and token.level == base:
            depth, j = 0, i
            while j < len(tokens):
                depth += tokens[j].nesting
                if depth == 0 and tokens[j].level == base:
                    break
                j += 1
            units.append((i, j + 1))
            i = j + 1
        else:
            units.append((i, i + 1))
            i += 1
    return units


def closing(tokens: list[Token], opening: int) -> int:
    """The index of the token that closes `tokens[opening]` (the last one if cut off)."""
    depth = 0
    for j in range(opening, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1
