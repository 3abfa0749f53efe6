"""The search index: Pagefind bundles in `pagefind/` of a fully rendered output tree.

Pagefind (from PyPI, with its extended binary for Chinese and Japanese word segmentation)
reads the post and page files of the tree: the part of each page marked
`data-pagefind-body` (title, summary, body, FAQ, sources), with the tags, categories and
language marked `data-pagefind-filter` (see the default theme's `post.html`). Pages that a
build leaves out (drafts, future posts) are not in the tree, so they are not in the index.

Pagefind cannot update an index: each run reads all its pages again (~5 ms per Chinese
post). So the pages are split into shards of about SHARD_PAGES, by a hash of their path,
each its own bundle (`pagefind/00/`, `pagefind/01/`, …), made again only when the bytes of
one of its pages changed (search_pagefind.py); an edit to one post re-indexes one shard.
`pagefind/shards.json` lists them; the search page merges them (Pagefind's mergeIndex).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import threading
import time
import zlib
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator import search_pagefind
from generator.errors import BuildFailed, Diagnostics
from generator.search_pagefind import index_bundle
from generator.search_service import SearchIndexError, Services

if TYPE_CHECKING:
    from generator.model import Site

BUNDLE_DIR = "pagefind"
SHARDS_FILE = "shards.json"  # the list of shard bundles, read by the search page
SHARD_PAGES = 128  # pages per shard, at most (until MAX_SHARDS)
MAX_SHARDS = 32  # the search page loads each shard's entry and index files
# Word segmentation exists for these languages only in Pagefind's extended binary; an
# index in another language leaves their text unsegmented (a Chinese word is not found),
# while English words are still found in a Chinese index (without stemming).
SEGMENTED_FAMILIES = ("zh", "ja")


@dataclass(frozen=True)
class SearchStats:
    pages: int  # pages in the index
    sizes: dict[str, int] = field(default_factory=dict)  # bundle file (tree-relative) → size
    seconds: float = 0.0
    reindexed: bool = False  # False: no shard's pages changed, every bundle was kept

    @property
    def bytes(self) -> int:
        return sum(self.sizes.values())


def site_pages(site: Site) -> list[str]:
    """The output files of the site's posts and pages (what the index holds)."""
    urls = site.urls
    posts = [urls.output_path(site.post_url(i)) for i in range(len(site.posts))]
    return posts + [urls.output_path(urls.page(doc.meta.slug)) for doc in site.pages]


@contextlib.contextmanager
def warmed(language: str | None) -> Iterator[Services | None]:
    """Pagefind services for a build's index (None: it makes none), the first started at
    once to load the dictionary of the site's `language` while the pages render. Without
    Pagefind, None: the index stage says why."""
    if language is None:
        yield None
        return
    try:
        services = search_pagefind.services()
    except SearchIndexError:
        yield None
        return
    with services:
        services.warm(language.lower())
        yield services


def index_for_build(
    site: Site, tree: Path, diags: Diagnostics, services: Services | None = None
) -> SearchStats:
    """`index_site` for a build of `site` into `tree`; BuildFailed (with the reason) if
    Pagefind fails."""
    languages = [doc.meta.lang for doc in (*site.posts, *site.pages)]
    language = index_language(site.config.language, languages)
    try:
        return index_site(tree, site_pages(site), language, services=services)
    except SearchIndexError as exc:
        diags.error(f"{BUNDLE_DIR}/", None, f"search index not written: {exc}")
        raise BuildFailed(diags) from None


def index_language(site_language: str, page_languages: Iterable[str]) -> str:
    """The one language of the index (Pagefind splits a site into one index per language
    and the browser then searches only the index of the search page's language; one index
    finds every post). The site's language, unless it has no word segmentation and some
    pages are Chinese or Japanese: then theirs, so that their words can be found."""
    candidates = [site_language, *sorted(set(page_languages))]
    for lang in candidates:
        if _family(lang) in SEGMENTED_FAMILIES:
            return lang.lower()
    return site_language.lower()


def _family(lang: str) -> str:
    return lang.split("-")[0].split("_")[0].lower()


def bundle_sizes(tree: Path) -> dict[str, int]:
    """The search bundle's files now in `tree`, by tree-relative path, with their sizes."""
    root = tree / BUNDLE_DIR
    sizes: dict[str, int] = {}
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = Path(folder) / name
            sizes[path.relative_to(tree).as_posix()] = path.stat().st_size
    return sizes


def shard_count(pages: int) -> int:
    """A power of two, so that a growing site changes it (and moves every page to another
    shard, a full re-index) only at 128, 256, 512… pages."""
    count = 1
    while count < MAX_SHARDS and count * SHARD_PAGES < pages:
        count *= 2
    return count


def shards(pages: Sequence[str]) -> dict[str, list[str]]:
    """Shard name → its pages (stable: by a hash of each page's path)."""
    count = shard_count(len(pages))
    groups: dict[str, list[str]] = {}
    for rel in sorted(pages):
        groups.setdefault(f"{zlib.crc32(rel.encode()) % count:02d}", []).append(rel)
    return dict(sorted(groups.items()))


def index_site(
    tree: Path,
    pages: Sequence[str],
    language: str,
    nice: int = 0,
    jobs: int | None = None,
    bundle_root: Path | None = None,
    cancel: threading.Event | None = None,
    services: Services | None = None,
) -> SearchStats:
    """Write (or keep) the search bundles of `pages` (tree-relative paths of the post and
    page files) in `tree/pagefind/`. `tree` must be complete: every page in it final.
    `nice`: Pagefind's lower priority (a background index yields to rebuilds); `jobs`:
    shards indexed at once (default: one per core); `bundle_root`: where the bundle goes, if
    not in the tree (`aiblog serve` keeps it beside the site it swaps in and out);
    `services`: the Pagefind processes to use (default: started here, stopped at the end)."""
    started = time.perf_counter()
    root = bundle_root or tree / BUNDLE_DIR
    if not pages:  # nothing to search (Pagefind refuses an empty site): no bundle
        shutil.rmtree(root, ignore_errors=True)
        return SearchStats(0, {}, time.perf_counter() - started, True)
    groups = shards(pages)
    first = next(iter(groups))  # the search page loads Pagefind's code from this one

    with contextlib.ExitStack() as stack:
        if services is None:
            services = stack.enter_context(search_pagefind.services(nice))

        def one(name: str) -> bool:
            bundle = root / name
            return index_bundle(
                tree, groups[name], language, bundle, services, name == first, cancel
            )

        with ThreadPoolExecutor(max(1, jobs or os.cpu_count() or 1)) as pool:
            ran = list(pool.map(one, groups))
    listing = json.dumps({"shards": list(groups)}).encode()
    listed = root / SHARDS_FILE
    if not listed.is_file() or listed.read_bytes() != listing:
        tmp = root / f".{SHARDS_FILE}.tmp"
        tmp.write_bytes(listing)
        os.replace(tmp, listed)
    for entry in root.iterdir():  # shards of an older split, stray files
        if entry.name in groups or entry.name == SHARDS_FILE:
            continue
        if entry.is_dir():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    sizes = bundle_sizes(root.parent) if bundle_root is None else {}
    return SearchStats(len(pages), sizes, time.perf_counter() - started, any(ran))
