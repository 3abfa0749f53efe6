"""What an output kind is: how it plans its files and makes their bytes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.errors import Diagnostics
    from generator.model import Site
    from generator.plan import Output
    from generator.render import Renderer


@dataclass(frozen=True)
class OutputKind:
    name: str
    plan: Callable[[Site, list[Path], Diagnostics], Iterable[Output]]
    render: Callable[[Output, Renderer], bytes] | None = None  # None: copied or planned bytes
    reserves: tuple[str, ...] = ()  # first URL segments it owns
    # Its files are copied as they are, and covers and images may name them: planned
    # before the others, which are planned with covers resolved (plan.plan_copies).
    copies: bool = False
    # Its files are made in one go, by as few workers as can share the work: each worker
    # warms a cache its first file fills for the others (a card's glyphs), and splitting
    # them over every worker pays for that warming once per worker.
    together: bool = False
