"""The search index: Pagefind's bundle in `pagefind/` of a fully rendered output tree.

Pagefind (from PyPI, with its extended binary for Chinese and Japanese word segmentation)
reads the post and page files of the tree: the part of each page marked
`data-pagefind-body` (title, summary, body, FAQ, sources), with the tags, categories and
language marked `data-pagefind-filter` (see the default theme's `post.html`). Pages that a
build leaves out (drafts, future posts) are not in the tree, so they are not in the index.

The index is rebuilt only when what it reads changed: a fingerprint of the indexed pages'
bytes (and of Pagefind's version and the index language) is kept in the bundle, and a
build whose pages hash the same leaves the bundle as it is.

A new bundle replaces the old one without a moment where search is broken: its files
are moved in first (most are named by a hash of their content, so they never replace a
file an old page still uses), then `pagefind-entry.json`, the file the browser reads
first, then the old bundle's leftover files are removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import BuildFailed, Diagnostics

if TYPE_CHECKING:
    from generator.assemble import Site

BUNDLE_DIR = "pagefind"
FINGERPRINT_FILE = "aiblog-fingerprint.txt"
ENTRY_FILE = "pagefind-entry.json"  # the browser's way in: replaced last
# Bump when what aiblog asks of Pagefind changes (its config below): forces a re-index.
FORMAT = 2
# Word segmentation exists for these languages only in Pagefind's extended binary; an
# index in another language leaves their text unsegmented (a Chinese word is not found),
# while English words are still found in a Chinese index (without stemming).
SEGMENTED_FAMILIES = ("zh", "ja")


class SearchIndexError(Exception):
    """Pagefind could not be run or failed; the message says why."""


@dataclass(frozen=True)
class SearchStats:
    pages: int  # pages in the index
    sizes: dict[str, int] = field(default_factory=dict)  # bundle file (tree-relative) → size
    seconds: float = 0.0
    reindexed: bool = False  # False: the pages were unchanged and the bundle was kept

    @property
    def bytes(self) -> int:
        return sum(self.sizes.values())


def site_pages(site: Site) -> list[str]:
    """The output files of the site's posts and pages (what the index holds)."""
    urls = site.urls
    posts = [urls.output_path(site.post_url(i)) for i in range(len(site.posts))]
    return posts + [urls.output_path(urls.page(doc.meta.slug)) for doc in site.pages]


def index_for_build(site: Site, tree: Path, diags: Diagnostics) -> SearchStats:
    """`index_site` for a build of `site` into `tree`; BuildFailed (with the reason) if
    Pagefind fails."""
    languages = [doc.meta.lang for doc in (*site.posts, *site.pages)]
    try:
        return index_site(tree, site_pages(site), index_language(site.config.language, languages))
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


def fingerprint(tree: Path, pages: Sequence[str], language: str) -> str:
    """What the index is a function of: Pagefind's version, the language, every indexed
    page's path and bytes."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(repr((FORMAT, _pagefind_version(), language)).encode())
    for rel in sorted(pages):
        digest.update(rel.encode() + b"\0")
        digest.update(hashlib.blake2b((tree / rel).read_bytes(), digest_size=16).digest())
    return digest.hexdigest()


def index_site(tree: Path, pages: Sequence[str], language: str, nice: int = 0) -> SearchStats:
    """Write (or keep) the Pagefind bundle for `pages` (tree-relative paths of the post and
    page files) into `tree/pagefind/`. `tree` must be complete: every page in it final.
    `nice`: Pagefind's lower priority (a background index yields to rebuilds)."""
    started = time.perf_counter()
    if not pages:  # nothing to search (Pagefind refuses an empty site): no bundle
        shutil.rmtree(tree / BUNDLE_DIR, ignore_errors=True)
        return SearchStats(0, {}, time.perf_counter() - started, True)
    wanted = fingerprint(tree, pages, language)
    kept = tree / BUNDLE_DIR / FINGERPRINT_FILE
    with contextlib.suppress(OSError):
        if kept.read_text(encoding="utf-8").strip() == wanted:
            return SearchStats(len(pages), bundle_sizes(tree), time.perf_counter() - started)
    incoming = _scratch_dir(tree)
    try:
        _mirror(tree, pages, incoming / "site")
        _run_pagefind(incoming / "site", language, incoming / "bundle", nice)
        kept.unlink(missing_ok=True)  # a bundle half replaced must not pass for either
        _install(incoming / "bundle", tree / BUNDLE_DIR)
    finally:
        shutil.rmtree(incoming, ignore_errors=True)
    kept.write_text(wanted + "\n", encoding="utf-8")
    return SearchStats(len(pages), bundle_sizes(tree), time.perf_counter() - started, True)


def _scratch_dir(tree: Path) -> Path:
    """A new dir beside the tree (same file system: its files are renamed into place). Its
    name starts with a dot: `aiblog serve` does not watch such paths."""
    tree.parent.mkdir(parents=True, exist_ok=True)
    for attempt in range(1000):
        scratch = tree.parent / f".{tree.name}.search-{os.getpid()}-{attempt}"
        try:
            scratch.mkdir()
            return scratch
        except FileExistsError:
            continue
    raise SearchIndexError(f"cannot make a scratch dir beside {tree}")


def _executable() -> str:
    try:
        from pagefind.service import get_executable
    except ImportError as exc:  # pragma: no cover - a dependency of aiblog
        raise SearchIndexError("the `pagefind` package is not installed") from exc
    found = get_executable()
    if found is None or not found.is_file():
        raise SearchIndexError(
            "no Pagefind binary: reinstall aiblog (it depends on `pagefind[extended]`)"
        )
    return str(found)


def _pagefind_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    for package in ("pagefind-bin-extended", "pagefind-bin"):
        with contextlib.suppress(PackageNotFoundError):
            return f"{package} {version(package)}"
    return os.environ.get("PAGEFIND_BINARY_PATH", "pagefind")


def _mirror(tree: Path, pages: Sequence[str], site: Path) -> None:
    """The pages to index, alone in a dir of their own at their tree paths (hard links, so
    nearly free): Pagefind reads exactly them, with no glob to escape or to outgrow the
    command line, and computes the same URLs as from the tree."""
    for rel in pages:
        target = site / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(tree / rel, target)
        except OSError:  # another file system, or no hard links there
            shutil.copyfile(tree / rel, target)


def _run_pagefind(site: Path, language: str, output: Path, nice: int = 0) -> None:
    command = [
        _executable(),
        "--site",
        str(site),
        "--output-path",
        str(output),
        "--force-language",
        language,
        # The "#" link after each heading (aiblog's own markup): not words of the page.
        "--exclude-selectors",
        ".anchor",
        "--silent",
    ]
    try:
        process = subprocess.Popen(
            command, cwd=site, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
    except OSError as exc:
        raise SearchIndexError(f"Pagefind did not run: {exc}") from exc
    if nice and hasattr(os, "setpriority"):
        with contextlib.suppress(OSError):  # it may have ended already
            os.setpriority(os.PRIO_PROCESS, process.pid, nice)
    try:
        said, _ = process.communicate(timeout=600)
    except subprocess.TimeoutExpired as exc:
        process.kill()
        process.communicate()
        raise SearchIndexError("Pagefind did not finish within 600 s") from exc
    if process.returncode != 0 or not (output / ENTRY_FILE).is_file():
        last = said.strip().splitlines()[-5:]
        raise SearchIndexError(
            f"Pagefind failed (exit {process.returncode}): " + " / ".join(last or ["no output"])
        )


def _install(new: Path, bundle: Path) -> None:
    """Move the new bundle's files over the old bundle's, the entry file last, then remove
    what only the old one had. Readers see the old index or the new one."""
    old = {p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()}
    fresh = sorted(p.relative_to(new).as_posix() for p in new.rglob("*") if p.is_file())
    for rel in sorted(fresh, key=lambda r: r == ENTRY_FILE):
        target = bundle / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(new / rel, target)
    for rel in sorted(old - set(fresh) - {FINGERPRINT_FILE}):
        (bundle / rel).unlink(missing_ok=True)
    for folder in sorted((p for p in bundle.rglob("*") if p.is_dir()), reverse=True):
        with contextlib.suppress(OSError):
            folder.rmdir()  # only when empty
