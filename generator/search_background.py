"""`aiblog serve`'s search index: made in a thread of its own after each build.

A rebuild publishes the new pages (open pages reload) without waiting for Pagefind, which
takes about 5 ms per post; this thread then brings `pagefind/` up to date (see
search.py: the bundle is replaced whole, and not at all when the indexed pages did not
change). Builds that finish while it indexes are coalesced: it then indexes the newest.
Its Pagefind processes live as long as the server: the dictionary is loaded once, not
once per edit.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from generator import search, search_pagefind
from generator.search_service import Services

if TYPE_CHECKING:
    from generator.model import Site


# Pagefind runs at a lower priority: a rebuild started while it indexes gets the cores.
BACKGROUND_NICENESS = 10


class BackgroundIndexer:
    def __init__(self, err: TextIO) -> None:
        self.err = err
        self.last: search.SearchStats | None = None  # the newest index made or kept
        self._pending: tuple[Path, list[str], str, Path] | None = None
        self._running = False
        self._stopping = False
        self._cancel = threading.Event()  # set when the server stops: Pagefind is killed
        self._changed = threading.Condition()
        self._services: Services | None = None  # started by the first index
        self._thread = threading.Thread(target=self._loop, name="aiblog-search", daemon=True)
        self._thread.start()

    def request(self, site: Site, tree: Path, bundle: Path) -> None:
        """Index the site just published into `tree`, writing the bundle to `bundle` (outside
        the tree, which the next build swaps out; returns at once)."""
        languages = [doc.meta.lang for doc in (*site.posts, *site.pages)]
        language = search.index_language(site.config.language, languages)
        with self._changed:
            self._pending = (tree, search.site_pages(site), language, bundle)
            self._changed.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        """Whether every requested index was made within `timeout` seconds (for tests)."""
        with self._changed:
            return self._changed.wait_for(
                lambda: self._pending is None and not self._running, timeout
            )

    def stop(self) -> None:
        self._cancel.set()
        with self._changed:
            self._stopping = True
            self._changed.notify_all()
        self._thread.join(timeout=5)
        if self._services is not None and not self._thread.is_alive():
            self._services.close()

    def _loop(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._pending is not None or self._stopping)
                if self._stopping:
                    return
                assert self._pending is not None
                tree, pages, language, bundle = self._pending
                self._pending, self._running = None, True
            try:
                if self._services is None:
                    self._services = search_pagefind.services(BACKGROUND_NICENESS)
                self.last = search.index_site(
                    tree,
                    pages,
                    language,
                    nice=BACKGROUND_NICENESS,
                    bundle_root=bundle,
                    cancel=self._cancel,
                    services=self._services,
                )
            except OSError as exc:
                with self._changed:
                    # A page went away while it was read? Then the build that removed it
                    # has asked for a new index, which reads the pages as they are now.
                    if self._pending is None:
                        self.err.write(f"aiblog: search index not updated: {exc}\n")
            except search.SearchIndexError as exc:
                if not self._cancel.is_set():  # (cancelled: the server is stopping)
                    self.err.write(f"aiblog: search index not updated: {exc}\n")
            finally:
                with self._changed:
                    self._running = False
                    self._changed.notify_all()
