"""Stage 2a: find the source files of a site (posts, pages, their bundle assets)."""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Kind = Literal["post", "page"]
CONTENT_DIRS: dict[Kind, str] = {"post": "content/posts", "page": "content/pages"}


@dataclass(frozen=True)
class SourceFile:
    rel: str  # posix path relative to the site dir, e.g. "content/posts/x.md"
    kind: Kind
    bundle: bool  # an `x/index.md` page bundle: its other files are its assets
    assets: tuple[str, ...] = ()  # bundle files, relative to the bundle dir


def is_hidden(name: str) -> bool:
    """Editor and scratch files: names starting with `.` or `_` are ignored."""
    return name.startswith((".", "_"))


def _visible_files(root: str) -> list[str]:
    """Paths (as text: this runs on every rebuild) of the files under `root`, sorted."""
    found: list[str] = []
    with os.scandir(root) as entries:  # scandir: one system call per folder, not per file
        for entry in sorted(entries, key=lambda e: e.name):
            if is_hidden(entry.name):
                continue
            if entry.is_dir():
                found.extend(_visible_files(entry.path))
            elif entry.is_file():
                found.append(entry.path)
    return found


def _bundle_of(file: str, root: str, bundles: set[str]) -> str | None:
    """The nearest folder above `file` that is a page bundle (holds an index.md)."""
    folder = os.path.dirname(file)
    while len(folder) > len(root):
        if folder in bundles:
            return folder
        folder = os.path.dirname(folder)
    return None


def discover(site_dir: Path) -> list[SourceFile]:
    """Every post and page source, sorted by path (the build is deterministic)."""
    sources: list[SourceFile] = []
    site = str(site_dir)
    prefix = os.path.join(site, "")  # with its trailing separator
    for kind, folder in CONTENT_DIRS.items():
        root = os.path.join(site, folder)
        if not os.path.isdir(root):
            continue
        files = _visible_files(root)
        bundles = {os.path.dirname(f) for f in files if os.path.basename(f) == "index.md"} - {root}
        bundle_of = {f: _bundle_of(f, root, bundles) for f in files}
        assets: dict[str, list[str]] = defaultdict(list)
        for file, bundle in bundle_of.items():
            if bundle is not None and file != os.path.join(bundle, "index.md"):
                assets[bundle].append(os.path.relpath(file, bundle).replace(os.sep, "/"))
        for file, bundle in bundle_of.items():
            is_index = bundle is not None and file == os.path.join(bundle, "index.md")
            if not file.lower().endswith(".md") or (bundle is not None and not is_index):
                continue  # not Markdown, or a file inside a bundle: one of its assets
            rel = file[len(prefix) :].replace(os.sep, "/")  # `file` is under `site`
            found = tuple(assets[bundle]) if is_index and bundle else ()
            sources.append(SourceFile(rel=rel, kind=kind, bundle=is_index, assets=found))
    return sources
