"""A post's cover image, in the shapes other generators write it, and where it is served.

    cover: cover.png                                  # text (AstroPaper `ogImage`, Jekyll `image`)
    cover: {image: image.png, alt: …, caption: …}     # Hugo PaperMod
    image: {path: /img/x.png, alt: …, lqip: …}        # Jekyll Chirpy
    thumbnail: /img/x.png   banner_img: …   photos: [a.jpg, b.jpg]   # Hexo themes

A relative reference is a file of the post's page bundle when it names one, else it is
relative to the site root (as PaperMod and jekyll-seo-tag read it); under Chirpy's
`media_subpath` it is relative to that path. A cover that names no published file is a
warning and left out, so that no page points at a missing image.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Collection
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from generator.errors import Diagnostics
from generator.keys import ALIASES
from generator.model import Cover
from generator.safeurls import is_safe_url
from generator.translations import document_url

if TYPE_CHECKING:
    from generator.model import Document, Site

# Frontmatter keys of a cover, in the order they are tried (`photos` is separate: a gallery).
COVER_KEYS = ALIASES["cover"]
# Keys of a cover mapping that hold the image reference, in the order they are tried
# (HPSTR-style Jekyll themes: `image: {feature: abstract.jpg}`).
SOURCE_KEYS = ("image", "path", "src", "url", "feature")


def parse_cover(value: Any) -> Cover | None | str:
    """A `Cover`, None when there is none, or a message saying what is wrong."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        src, texts, hidden = value.strip(), {}, False
    elif isinstance(value, dict):
        key = next((k for k in SOURCE_KEYS if isinstance(value.get(k), str)), "")
        src = value[key].strip() if key else ""
        if key == "feature" and is_relative_path(src):
            src = "/images/" + src  # HPSTR-style themes: `{{ site.url }}/images/{{ feature }}`
        texts = {k: value[k].strip() for k in ("alt", "caption") if isinstance(value.get(k), str)}
        hidden = value.get("hidden") is True
    else:
        return f"must be an image path or URL, or a mapping with `{'`/`'.join(SOURCE_KEYS)}`"
    if not src:
        return None
    if not is_safe_url(src):
        return f"must be an http(s) URL or a path, not {src!r}"
    return Cover(src, texts.get("alt", ""), texts.get("caption", ""), hidden)


def parse_photos(value: Any) -> tuple[str, ...] | str:
    """Hexo's `photos:` (a gallery): a list of image paths or URLs."""
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(i, str) for i in items):
        return "must be a list of image paths or URLs"
    photos = tuple(i.strip() for i in items if i.strip())
    unsafe = next((p for p in photos if not is_safe_url(p)), None)
    return f"must hold http(s) URLs or paths, not {unsafe!r}" if unsafe else photos


def with_subpath(ref: str, subpath: str) -> str:
    """Chirpy's `media_subpath` before a relative reference (`a.png` → `/img/a.png`); and
    Astro's import aliases, `@/assets/a.png` (`@/` is the project's `src/`) and
    `@assets/a.png`, as the root-relative `/assets/a.png` (under `content/static/`)."""
    if ref.startswith(("@/", "@assets/")):
        return "/" + ref.removeprefix("@/").removeprefix("@")
    if not subpath or not is_relative_path(ref):
        return ref
    if subpath.lower().startswith(("http://", "https://")):
        return subpath.rstrip("/") + "/" + ref
    return "/" + posixpath.join(subpath.strip("/"), ref).lstrip("/")


def is_relative_path(ref: str) -> bool:
    """`a.png`, `images/a.png`, `../a.png`: no scheme, not root-relative, not a fragment."""
    return bool(ref) and ":" not in ref.split("/", 1)[0] and not ref.startswith(("/", "#", "?"))


@dataclass(frozen=True)
class Served:
    """Where a reference is served: its URL, and the output file it needs (None: remote)."""

    url: str
    output_path: str | None


def locate(
    ref: str, page_url: str, base_path: str, subpath: str, assets: Collection[str]
) -> Served | None:
    """Where `ref` (a cover or photo as written) is served; None when it would be outside
    the site (`../../x.png` from a post at the site root)."""
    ref = with_subpath(ref, subpath)
    if ref.startswith("//"):
        return Served("https:" + ref, None)
    if ref.lower().startswith(("http://", "https://")):
        return Served(ref, None)
    path, _, _rest = ref.partition("#")
    path = path.partition("?")[0]
    if path.startswith("/"):
        site_path = path.lstrip("/")
    else:
        bundle_file = posixpath.normpath(path)
        if bundle_file in assets:
            url = page_url + bundle_file
            return Served(url, unquote(url[len(base_path) :]))
        site_path = posixpath.normpath(path)
    if site_path.startswith("../") or site_path in ("..", ".", ""):
        return None
    return Served(base_path + site_path, site_path)


def resolve_images(
    doc: Document,
    page_url: str,
    base_path: str,
    origin: str,
    published: Collection[str],
    diags: Diagnostics,
) -> Document:
    """`doc` with its cover and photos as absolute URLs of files the site publishes; each
    one that names no such file is a warning with its key's line, and left out."""
    meta = doc.meta
    if meta.cover is None and not meta.photos:
        return doc
    subpath = meta.media_subpath
    lines = meta.key_lines

    def served(ref: str, key: str) -> str | None:
        where = locate(ref, page_url, base_path, subpath, doc.assets)
        if where is None or (where.output_path is not None and where.output_path not in published):
            shown = f" (read as {where.url})" if where is not None and where.url != ref else ""
            diags.warning(
                doc.source,
                lines.get(key),
                f"`{key}`: {ref!r}{shown} is not a file of this site; the page is built "
                "without it (put the image in the post's bundle or under content/static/)",
            )
            return None
        return where.url if where.output_path is None else origin + where.url

    cover = meta.cover
    if cover is not None:
        key = next((k for k in (*COVER_KEYS, "photos") if k in lines), "cover")
        url = served(cover.src, key)
        cover = replace(cover, src=url) if url else None
    photos = tuple(u for p in meta.photos if (u := served(p, "photos")))
    if cover == meta.cover and photos == meta.photos:
        return doc
    # What the page shows changed with files other than its source: part of its cache key.
    shown = repr((cover, photos)).encode()
    fingerprint = hashlib.blake2b(doc.fingerprint.encode() + shown, digest_size=16).hexdigest()
    return replace(doc, meta=replace(meta, cover=cover, photos=photos), fingerprint=fingerprint)


def resolve_site_images(site: Site, published: Collection[str], diags: Diagnostics) -> Site:
    """`site` with every post's and page's cover and photos resolved (see
    `resolve_images`); `published`: the output paths of the files the site copies."""
    config = site.config

    def each(docs: tuple[Document, ...]) -> tuple[Document, ...]:
        return tuple(
            d
            if d.meta.cover is None and not d.meta.photos
            else resolve_images(
                d, document_url(site.urls, d), config.base_path, config.origin, published, diags
            )
            for d in docs
        )

    return replace(
        site, posts=each(site.posts), pages=each(site.pages), translations=each(site.translations)
    )
