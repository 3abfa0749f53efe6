"""Stage 2a: find the source files of a site (posts, pages, their bundle assets)."""

from __future__ import annotations

import os
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


def _visible_files(root: Path) -> list[Path]:
    found: list[Path] = []
    with os.scandir(root) as entries:  # scandir: one system call per folder, not per file
        for entry in sorted(entries, key=lambda e: e.name):
            if is_hidden(entry.name):
                continue
            if entry.is_dir():
                found.extend(_visible_files(Path(entry.path)))
            elif entry.is_file():
                found.append(Path(entry.path))
    return found


def discover(site_dir: Path) -> list[SourceFile]:
    """Every post and page source, sorted by path (the build is deterministic)."""
    sources: list[SourceFile] = []
    for kind, folder in CONTENT_DIRS.items():
        root = site_dir / folder
        if not root.is_dir():
            continue
        files = _visible_files(root)
        bundle_dirs = {f.parent for f in files if f.name == "index.md" and f.parent != root}
        for file in files:
            rel = file.relative_to(site_dir).as_posix()
            if file.suffix.lower() != ".md":
                continue
            if file.parent in bundle_dirs and file.name != "index.md":
                continue  # a Markdown file inside a bundle is one of its assets
            bundle = file.parent in bundle_dirs
            assets: tuple[str, ...] = ()
            if bundle:
                assets = tuple(
                    f.relative_to(file.parent).as_posix()
                    for f in files
                    if file.parent in f.parents and f != file
                )
            sources.append(SourceFile(rel=rel, kind=kind, bundle=bundle, assets=assets))
    return sources
