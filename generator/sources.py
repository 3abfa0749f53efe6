"""Stage 2a: find the source files of a site (posts, pages, their bundle assets)."""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from generator import paths
from generator.errors import Diagnostics

Kind = Literal["post", "page"]
CONTENT_DIRS: dict[Kind, str] = {"post": "content/posts", "page": "content/pages"}


@dataclass(frozen=True)
class SourceFile:
    rel: str  # posix path relative to the site dir, e.g. "content/posts/x.md"
    kind: Kind
    bundle: bool  # an `x/index.md` page bundle: its other files are its assets
    assets: tuple[str, ...] = ()  # bundle files, relative to the bundle dir


def is_hidden(name: str) -> bool:
    """Not content: hidden and editor files (paths.is_hidden), and names starting with `_`."""
    return paths.is_hidden(name) or name.startswith("_")


def report_outside(outside: list[str], site_dir: Path, diags: Diagnostics | None) -> None:
    """Files left out because they resolve outside the site: a warning each."""
    for path in outside:
        if diags is not None:
            target = os.path.realpath(path)
            diags.warning(
                paths.display_path(path, site_dir),
                None,
                f"left out: a link to {target}, outside the site (never published)",
            )


def _bundle_of(file: str, root: str, bundles: set[str]) -> str | None:
    """The nearest folder above `file` that is a page bundle (holds an index.md)."""
    folder = os.path.dirname(file)
    while len(folder) > len(root):
        if folder in bundles:
            return folder
        folder = os.path.dirname(folder)
    return None


def discover(site_dir: Path, diags: Diagnostics | None = None) -> list[SourceFile]:
    """Every post and page source, sorted by path (the build is deterministic). Files that
    resolve outside the site through a symlink are left out, with a warning."""
    sources: list[SourceFile] = []
    site = str(site_dir)
    allowed = [site_dir.resolve()]
    outside: list[str] = []
    prefix = os.path.join(site, "")  # with its trailing separator
    for kind, folder in CONTENT_DIRS.items():
        root = os.path.join(site, folder)
        if not os.path.isdir(root):
            continue
        files = paths.visible_files(root, allowed, outside, is_hidden)
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
    report_outside(outside, site_dir, diags)
    return sources
