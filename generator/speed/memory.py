"""The cycle collector and large, long-lived heaps of documents."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pickling builds or walks hundreds of thousands of objects, none of them garbage; the
    cycle collector would scan the growing heap again and again (at 10,000 posts that more
    than doubles the time to load the cache)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Freezer:
    """A one-shot build's documents live until it ends and hold no cycles: `freeze()` keeps
    the collector from scanning them again and again as the site grows; `thaw()` gives
    what the build left behind back to it."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.frozen = False

    def freeze(self) -> None:
        if self.enabled and not self.frozen:
            gc.freeze()
            self.frozen = True

    def thaw(self) -> None:
        if self.frozen:
            gc.unfreeze()
            self.frozen = False
