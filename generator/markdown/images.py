"""Local images get their size and load without moving the page: `width` and `height`
(read with Pillow, or from an SVG's root element), `decoding="async"`, and
`loading="lazy"` on every image but the first of the document (likely on the first
screen, where lazy loading would only delay it).

Local means a page bundle's file beside its `index.md` (`chart.png`), or a root-relative
path (`/img/x.png`), which is a file under `content/static/`, or a file beside a post
that is no bundle (`images/x.png`, Typora's `x.assets/`), published where it is and linked
there. A missing one is a warning at its line; so is a relative image outside posts and
pages. Images on other hosts are left as they are, but lazy.

The parse's env gives `site_dir` (without it, only loading and decoding are set) and
`source` (the Markdown file, relative to it). Each file looked at is recorded in
`env["image_files"]` with its mtime and size, so that a cached document is read again
when one of its images changes (see `unchanged`).
"""

from __future__ import annotations

import os
import posixpath
import re
from functools import lru_cache
from stat import S_ISREG
from typing import Any
from urllib.parse import quote, unquote, urlsplit
from xml.etree import ElementTree

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from generator.covers import with_subpath
from generator.markdown.report import report
from generator.sources import published_path

Stamp = tuple[str, int, int]  # (path, mtime_ns, size); (path, -1, -1) when missing
FILES = "image_files"  # env key: path → Stamp, in the order first met
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_EXIF_ORIENTATION = 0x0112
_SVG_LENGTH = re.compile(r"^\s*([0-9.]+)\s*(px)?\s*$")


def images_plugin(md: MarkdownIt) -> None:
    # Before the link rule, which prefixes root-relative paths with the site's base path.
    if "aiblog_links" in [rule.name for rule in md.core.ruler.__rules__]:
        md.core.ruler.before("aiblog_links", "aiblog_images", _size_images)
    else:
        md.core.ruler.push("aiblog_images", _size_images)


def _size_images(state: StateCore) -> None:
    env = state.env
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        line = block.map[0] if block.map else None
        for child in block.children:
            if child.type in ("softbreak", "hardbreak") and line is not None:
                line += 1  # the image's own line within a paragraph
            elif child.type == "image":
                _size_image(child, env, line)


def _size_image(token: Token, env: dict[str, Any], line: int | None) -> None:
    first = not env.get("images_seen")
    env["images_seen"] = env.get("images_seen", 0) + 1
    # Chirpy's `media_subpath`: a relative image is under it (the links rule rewrites it).
    src = with_subpath(str(token.attrGet("src") or ""), env.get("media_subpath", ""))
    if (in_folder := _in_asset_folder(src, env)) is not None:
        src = in_folder
        token.attrSet("src", src)
    site_dir = env.get("site_dir")
    if site_dir and src and not _SCHEME.match(src) and not src.startswith("//"):
        loose = (
            _loose_file(src, str(site_dir), env)
            or _climbed_to_static(src, str(site_dir), env)
            or _rooted_in_posts(src, str(site_dir), env)
        )
        if loose is not None:  # `![](images/x.png)` beside a post (Typora's `x.assets/`)
            src, rel = loose
            token.attrSet("src", src)
            size = _size_of(rel, src, str(site_dir), env, line)
        else:
            size = _local_size(src, str(site_dir), str(env.get("source", "")), env, line)
        if size is not None:
            token.attrSet("width", str(size[0]))
            token.attrSet("height", str(size[1]))
    if not first:
        token.attrSet("loading", "lazy")
    token.attrSet("decoding", "async")


def _local_size(
    src: str, site_dir: str, source: str, env: dict[str, Any], line: int | None
) -> tuple[int, int] | None:
    """The image's (width, height), or None after reporting why there is none."""
    path = unquote(urlsplit(src).path)
    if not path:
        return None
    assets = asset_folder(env)  # the folder published beside the page, if any
    if path.startswith("/"):
        rel = posixpath.normpath("content/static" + path)
    elif assets is not None:
        rel = posixpath.normpath(posixpath.join(assets, path))
    else:
        rel = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
        if _is_file(os.path.realpath(os.path.join(site_dir, rel)), env):
            report(
                env,
                line,
                f"image {src} is not published with the page: make the post a page "
                "bundle (<name>/index.md beside its images) or put the image under "
                "content/static/ and link it as /…",
            )
            return None
    return _size_of(rel, src, site_dir, env, line)


def _size_of(
    rel: str, src: str, site_dir: str, env: dict[str, Any], line: int | None
) -> tuple[int, int] | None:
    full = os.path.realpath(os.path.join(site_dir, rel))
    if not full.startswith(os.path.join(os.path.realpath(site_dir), "")):
        report(env, line, f"image {src} is outside the site")
        return None
    try:
        stat = os.stat(full)
    except OSError:
        env.setdefault(FILES, {})[full] = (full, -1, -1)
        report(env, line, f"image {src} not found ({rel})")
        return None
    env.setdefault(FILES, {})[full] = (full, stat.st_mtime_ns, stat.st_size)
    size = image_size(full, stat.st_mtime_ns, stat.st_size)
    if size is None:
        report(env, line, f"image {src}: cannot read its width and height (not an image?)")
    return size


LOOSE = "loose_files"  # env key: site-relative paths of files published where they are


def _loose_file(src: str, site_dir: str, env: dict[str, Any]) -> tuple[str, str] | None:
    """A relative image of a post that is no bundle (`images/x.png`, Typora's
    `x.assets/y.png`), found under `content/posts/` or `content/pages/`: it is published
    where it is (`/posts/images/x.png`), and the image links there. (URL, site-relative
    path), recorded in `env[LOOSE]`; None for anything else."""
    parts = urlsplit(src)
    path = unquote(parts.path)
    if not path or path.startswith("/") or asset_folder(env) is not None:
        return None
    rel = posixpath.normpath(posixpath.join(posixpath.dirname(str(env.get("source", ""))), path))
    published = published_path(rel)
    if published is None or not _site_file(site_dir, rel, env):
        return None
    env.setdefault(LOOSE, {})[rel] = None
    url = "/" + quote(published, safe="/")
    return url + (f"?{parts.query}" if parts.query else "") + (
        f"#{parts.fragment}" if parts.fragment else ""
    ), rel


def _climbed_to_static(src: str, site_dir: str, env: dict[str, Any]) -> tuple[str, str] | None:
    """`../images/a.png` in a Jekyll post (`_posts/` beside `images/`): the old site served it
    from its root, and so does this one, from `content/static/images/a.png`. (URL,
    site-relative path) when that file is there; else None."""
    parts = urlsplit(src)
    path = unquote(parts.path)
    if not path.startswith("../") or asset_folder(env) is not None:
        return None
    rel = posixpath.normpath(posixpath.join(posixpath.dirname(str(env.get("source", ""))), path))
    if not rel.startswith("content/") or rel.split("/")[1] in ("posts", "pages", "static"):
        return None
    inside = rel[len("content/") :]
    if not _site_file(site_dir, "content/static/" + inside, env):
        return None
    return "/" + quote(inside, safe="/"), "content/static/" + inside


def _rooted_in_posts(src: str, site_dir: str, env: dict[str, Any]) -> tuple[str, str] | None:
    """`/posts/我的文章/a.png`, a file of `content/posts/我的文章/` (an asset folder whose post
    has another slug, as Hugo published it): published where it is, linked as written.
    (URL, site-relative path) when it is no file under `content/static/`; else None."""
    path = unquote(urlsplit(src).path)
    if not path.startswith("/posts/") or _is_file(
        os.path.realpath(os.path.join(site_dir, "content/static" + path)), env
    ):
        return None
    rel = posixpath.normpath("content" + path)
    if published_path(rel) != path[1:] or not _site_file(site_dir, rel, env):
        return None
    env.setdefault(LOOSE, {})[rel] = None
    return src, rel


def _site_file(site_dir: str, rel: str, env: dict[str, Any]) -> bool:
    """Whether `rel` is a file that resolves inside the site (a symlink out is not)."""
    full = os.path.realpath(os.path.join(site_dir, rel))
    return full.startswith(os.path.join(os.path.realpath(site_dir), "")) and _is_file(full, env)


def _is_file(full: str, env: dict[str, Any]) -> bool:
    """Whether `full` is a file, the answer kept with the document's image files: a file
    that appears, goes or changes where the parse looked makes the page parsed again."""
    try:
        found = os.stat(full)
    except OSError:
        env.setdefault(FILES, {}).setdefault(full, (full, -1, -1))
        return False
    env.setdefault(FILES, {}).setdefault(full, (full, found.st_mtime_ns, found.st_size))
    return S_ISREG(found.st_mode)


def asset_folder(env: dict[str, Any]) -> str | None:
    """The folder (relative to the site) whose files are published beside the page, as
    the parse was told (`SourceFile.asset_folder`), or None."""
    folder = env.get("asset_dir")
    return folder if isinstance(folder, str) else None


def _in_asset_folder(src: str, env: dict[str, Any]) -> str | None:
    """`x/chart.png` written in `x.md` beside Hexo's asset folder `x/` (Typora writes it so):
    the page's own `chart.png`, as Hexo's post_asset_folder publishes it; else None."""
    assets, source = asset_folder(env), str(env.get("source", ""))
    if assets is None or assets == posixpath.dirname(source) or _SCHEME.match(src):
        return None
    prefix = posixpath.relpath(assets, posixpath.dirname(source)) + "/"
    for written in (src, unquote(src)):
        for lead in (prefix, "./" + prefix):
            if written.startswith(lead):
                rest = written[len(lead) :]
                return rest if written is src else quote(rest, safe="/#?&=%")
    return None


@lru_cache(maxsize=4096)
def image_size(path: str, mtime_ns: int, size: int) -> tuple[int, int] | None:
    """Width and height as the browser shows the file (EXIF rotation applied). Cached per
    process by (path, mtime, size): a serve rebuild re-reads only changed images."""
    if path.lower().endswith(".svg"):
        return _svg_size(path)
    from PIL import Image, UnidentifiedImageError  # on the first image: Pillow is slow to import

    try:
        with Image.open(path) as image:
            width, height = image.size
            # Browsers apply EXIF rotation. (Only where EXIF sits in the header: a PNG's
            # getexif() may decode the whole image.)
            turned = image.format in ("JPEG", "MPO", "TIFF") and image.getexif().get(
                _EXIF_ORIENTATION
            ) in (5, 6, 7, 8)  # a quarter turn
            if turned:
                width, height = height, width
            return width, height
    except (OSError, UnidentifiedImageError, ValueError):
        return None


def _svg_size(path: str) -> tuple[int, int] | None:
    """From the root's width and height in px (or unitless), else its viewBox."""
    try:
        for _event, root in ElementTree.iterparse(path, events=("start",)):
            width = _SVG_LENGTH.match(root.get("width", ""))
            height = _SVG_LENGTH.match(root.get("height", ""))
            if width and height:
                return round(float(width.group(1))), round(float(height.group(1)))
            box = root.get("viewBox", "").replace(",", " ").split()
            if len(box) == 4:
                return round(float(box[2])), round(float(box[3]))
            return None
    except (ElementTree.ParseError, OSError, ValueError):
        return None
    return None


def stamps(env: dict[str, Any]) -> tuple[Stamp, ...]:
    """The image files a parse looked at, for the document to carry."""
    return tuple(env.get(FILES, {}).values())


def unchanged(files: tuple[Stamp, ...]) -> bool:
    """True when every image file is as it was when the document was read."""
    for path, mtime_ns, size in files:
        try:
            stat = os.stat(path)
        except OSError:
            if mtime_ns != -1:
                return False
            continue
        if (stat.st_mtime_ns, stat.st_size) != (mtime_ns, size):
            return False
    return True
