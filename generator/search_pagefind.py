"""One Pagefind bundle, made from some pages of a built tree (see search.py).

The pages are hard-linked into a scratch dir of their own, Pagefind (its extended binary,
from the `pagefind-bin-extended` wheel) indexes them into another, and the new bundle's
files are then moved over the old bundle's: most are named by a hash of their content, so
they never replace a file an old page still uses; `pagefind-entry.json`, the file the
browser reads first, comes last; then the old bundle's leftovers go. A fingerprint of the
indexed pages' bytes is kept in the bundle: the same pages again leave it as it is.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import threading
from collections.abc import Sequence
from pathlib import Path

from generator.search_service import SearchIndexError, Services

FINGERPRINT_FILE = "aiblog-fingerprint.txt"
ENTRY_FILE = "pagefind-entry.json"  # the browser's way in: replaced last
# Bump when what aiblog asks of Pagefind changes (search_service.py): forces a re-index.
FORMAT = 3


def index_bundle(
    tree: Path,
    pages: Sequence[str],
    language: str,
    bundle: Path,
    services: Services,
    runtime: bool = True,
    cancel: threading.Event | None = None,
) -> bool:
    """Make `bundle` the index of `pages` (paths relative to `tree`, a complete site), unless
    it already is. Whether Pagefind ran. Without `runtime`, the bundle holds the index
    only, not Pagefind's scripts, styles and WebAssembly: an index merged into another
    bundle's is searched by that bundle's code (~0.6 MB a bundle)."""
    wanted = fingerprint(tree, pages, f"{language} runtime={runtime}")
    kept = bundle / FINGERPRINT_FILE
    with contextlib.suppress(OSError):
        if kept.read_text(encoding="utf-8").strip() == wanted:
            return False
    incoming = _scratch_dir(tree)
    try:
        _mirror(tree, pages, incoming / "site")
        with services.lease() as service:
            # The "#" link after each heading (aiblog's own markup): not words of the page.
            service.bundle(incoming / "site", language, incoming / "bundle", [".anchor"], cancel)
        if not (incoming / "bundle" / ENTRY_FILE).is_file():
            raise SearchIndexError(f"Pagefind wrote no {ENTRY_FILE}")
        kept.unlink(missing_ok=True)  # a bundle half replaced must not pass for either
        _install(incoming / "bundle", bundle, runtime)
    finally:
        shutil.rmtree(incoming, ignore_errors=True)
    kept.write_text(wanted + "\n", encoding="utf-8")
    return True


def fingerprint(tree: Path, pages: Sequence[str], language: str) -> str:
    """What the index is a function of: Pagefind's version, the language, every indexed
    page's path and bytes."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(repr((FORMAT, _pagefind_version(), language)).encode())
    for rel in sorted(pages):
        digest.update(rel.encode() + b"\0")
        digest.update(hashlib.blake2b((tree / rel).read_bytes(), digest_size=16).digest())
    return digest.hexdigest()


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


def services(nice: int = 0) -> Services:
    """Pagefind services to make bundles with (SearchIndexError if there is no Pagefind)."""
    return Services(_executable(), nice)


def _executable() -> str:
    try:
        from pagefind.service import get_executable
    except ImportError as exc:  # pragma: no cover - a dependency of aiblog
        raise SearchIndexError("the `pagefind` package is not installed") from exc
    try:
        found = get_executable()
    except OSError:  # its wheel's binary is missing (pagefind_bin_extended raises)
        found = None
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


def _is_runtime(rel: str) -> bool:
    """Pagefind's code in a bundle (at its top level): scripts, styles, WebAssembly."""
    return "/" not in rel and (rel.endswith((".js", ".css")) or rel.startswith("wasm."))


def _install(new: Path, bundle: Path, runtime: bool = True) -> None:
    """Move the new bundle's files over the old bundle's, the entry file last, then remove
    what only the old one had. Readers see the old index or the new one."""
    old = {p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()}
    fresh = sorted(
        rel
        for rel in (p.relative_to(new).as_posix() for p in new.rglob("*") if p.is_file())
        if runtime or not _is_runtime(rel)
    )
    for rel in sorted(fresh, key=lambda r: r == ENTRY_FILE):
        target = bundle / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(new / rel, target)
    for rel in sorted(old - set(fresh) - {FINGERPRINT_FILE}):
        (bundle / rel).unlink(missing_ok=True)
    for folder in sorted((p for p in bundle.rglob("*") if p.is_dir()), reverse=True):
        with contextlib.suppress(OSError):
            folder.rmdir()  # only when empty
