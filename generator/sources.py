"""Stage 2a: find the source files of a site (posts, pages, their bundle assets).

Files and folders whose name starts with `.` are not content; nor are files whose name
starts with `_` (Hugo's `_index.md` section pages). Folders whose name starts with `_`
hold posts (AstroPaper's `_releases/`), and `_drafts/` holds drafts (Jekyll, Hexo).
`name.LANG.md` (and `index.LANG.md` in a bundle) is the LANG translation of `name.md`.
Markdown files end in `.md` or in the other suffixes Jekyll, Hugo and Hexo read
(`.markdown`, `.mdown`, `.mkd`, `.mkdn`); an `.mdx` file (Markdown with JSX, Astro's) is
left out with a warning, never silently. A folder named like a Markdown file beside it
(`x.md` and `x/`, Hexo's `post_asset_folder`) holds that post's assets, as a bundle does.
"""

from __future__ import annotations

import os
import posixpath
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from generator import paths
from generator.errors import Diagnostics
from generator.languages import split_language

Kind = Literal["post", "page"]
CONTENT_DIRS: dict[Kind, str] = {"post": "content/posts", "page": "content/pages"}
DRAFTS_DIR = "_drafts"
# What Jekyll (`.markdown` in its own starter), Hugo and Hexo read as Markdown.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")
MDX_SUFFIX = ".mdx"


def published_path(rel: str) -> str | None:
    """Where a file under `content/posts/` or `content/pages/` that a page refers to is
    published as it is: `content/posts/images/x.png` at `posts/images/x.png`, a page's
    `content/pages/img/x.png` at `img/x.png` (pages are at the site's root). None for a file
    elsewhere, hidden, or Markdown."""
    for kind, folder in CONTENT_DIRS.items():
        if rel.startswith(folder + "/"):
            inside = rel[len(folder) + 1 :]
            names = inside.split("/")
            if any(is_hidden(n, is_dir=i < len(names) - 1) for i, n in enumerate(names)):
                return None
            if markdown_stem(names[-1]) is not None:
                return None
            return f"posts/{inside}" if kind == "post" else inside
    return None


def markdown_stem(name: str) -> str | None:
    """`name` without its Markdown suffix (any case), or None when it is not Markdown."""
    lowered = name.lower()
    for suffix in MARKDOWN_SUFFIXES:
        if lowered.endswith(suffix):
            return name[: -len(suffix)]
    return None


@dataclass(frozen=True)
class SourceFile:
    rel: str  # posix path relative to the site dir, e.g. "content/posts/x.md"
    kind: Kind
    bundle: bool  # an `x/index.md` page bundle: its other files are its assets
    assets: tuple[str, ...] = ()  # files published beside the page, relative to `asset_dir`
    # Where they are, relative to the source's folder: "" for a bundle (beside its
    # index.md); `<name>` for Hexo's asset folder (`x.md` beside a folder `x/`).
    asset_dir: str = ""
    lang: str = ""  # the LANG of a `name.LANG.md` file name, as written
    in_drafts: bool = False  # under a `_drafts/` folder

    @property
    def asset_folder(self) -> str | None:
        """The folder, relative to the site, whose files are published beside the page (a
        bundle's own, or Hexo's asset folder), or None: the one answer the parse (which
        resolves the page's images in it) and the plan (which publishes them) share."""
        if not self.bundle and not self.asset_dir:
            return None
        return posixpath.join(posixpath.dirname(self.rel), self.asset_dir)


def is_hidden(name: str, is_dir: bool = False) -> bool:
    """Not content: hidden and editor files (paths.is_hidden), and files (not folders:
    AstroPaper keeps posts in `_`-prefixed folders) whose name starts with `_`."""
    return paths.is_hidden(name) or (not is_dir and name.startswith("_"))


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


def _index_stem(file: str) -> bool:
    """`index.md` or `index.LANG.md`: the page of a bundle."""
    stem = markdown_stem(file.rpartition(os.sep)[2])
    return stem is not None and split_language(stem)[0] == "index"


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
        bundles = {os.path.dirname(f) for f in files if _index_stem(f)} - {root}
        bundle_of = {f: _bundle_of(f, root, bundles) for f in files}
        is_index = {
            f: b is not None and os.path.dirname(f) == b and _index_stem(f)
            for f, b in bundle_of.items()
        }
        assets: dict[str, list[str]] = defaultdict(list)
        for file, bundle in bundle_of.items():
            if bundle is not None and not is_index[file]:
                assets[bundle].append(os.path.relpath(file, bundle).replace(os.sep, "/"))
        folders, in_folders = _asset_folders(files, bundle_of)
        for file, bundle in bundle_of.items():
            if bundle is not None and not is_index[file]:
                continue  # a file inside a bundle: one of its assets
            if file in in_folders:
                continue  # in a Hexo asset folder: published with its post
            if markdown_stem(file) is None:
                if file.lower().endswith(MDX_SUFFIX) and diags is not None:
                    diags.warning(
                        paths.display_path(file, site_dir),
                        None,
                        "left out: MDX (Markdown with JSX components) is not read; if it has "
                        "no imports or components, rename it to .md",
                    )
                continue
            rel = file[len(prefix) :].replace(os.sep, "/")  # `file` is under `site`
            own = assets[bundle] if is_index[file] and bundle else []
            asset_dir = ""
            if bundle is None and (stem := markdown_stem(os.path.basename(file))) is not None:
                asset_dir = split_language(stem)[0]
                own = folders.get(os.path.join(os.path.dirname(file), asset_dir), [])
                asset_dir = asset_dir if own else ""
            sources.append(
                SourceFile(
                    rel=rel,
                    kind=kind,
                    bundle=is_index[file],
                    assets=tuple(own),
                    lang=_language_of(file),
                    in_drafts=_in_drafts(rel[len(folder) + 1 :]),
                    asset_dir=asset_dir,
                )
            )
    report_outside(outside, site_dir, diags)
    return sources


def _asset_folders(
    files: list[str], bundle_of: dict[str, str | None]
) -> tuple[dict[str, list[str]], set[str]]:
    """Hexo's asset folders (`post_asset_folder: true`): a folder named like a Markdown file
    beside it (`x.md` and `x/`), not in a bundle: its other files, by folder, relative to
    it; and those files. (Its Markdown files stay posts.)"""
    stems = {
        os.path.join(os.path.dirname(f), split_language(stem)[0])
        for f in files
        if bundle_of[f] is None and (stem := markdown_stem(os.path.basename(f))) is not None
    }
    found: dict[str, list[str]] = defaultdict(list)
    claimed: set[str] = set()
    for file in files:
        if bundle_of[file] is not None or markdown_stem(file) is not None:
            continue
        if (folder := _folder_of(file, stems)) is not None:
            found[folder].append(os.path.relpath(file, folder).replace(os.sep, "/"))
            claimed.add(file)
    return found, claimed


def _folder_of(file: str, folders: Collection[str]) -> str | None:
    """The folder of `folders` that holds `file`, at any depth, or None."""
    parent = os.path.dirname(file)
    while parent and parent not in folders:
        up = os.path.dirname(parent)
        if up == parent:
            return None
        parent = up
    return parent or None


def _language_of(file: str) -> str:
    """The LANG of `name.LANG.md`, else ""."""
    stem = markdown_stem(file.rpartition(os.sep)[2]) or ""
    return split_language(stem)[1] if "." in stem else ""


def _in_drafts(rel_in_content: str) -> bool:
    return DRAFTS_DIR in rel_in_content and DRAFTS_DIR in rel_in_content.split("/")[:-1]
