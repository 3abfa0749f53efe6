"""Stage 2c: frontmatter values, as Hugo, Jekyll, Hexo, AstroPaper and Zola write them
(see keys.ALIASES), to a typed `Meta`."""

from __future__ import annotations

import re
from datetime import date, datetime, time, tzinfo
from pathlib import PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from generator import ailabel, series
from generator.categories import parse_categories
from generator.covers import Cover, parse_cover, parse_photos
from generator.dates import parse_datetime, read_date
from generator.errors import Diagnostics
from generator.fields import FieldReader, is_empty
from generator.frontmatter import RawDocument
from generator.keys import ALIASES, CONSUMED, likely_key
from generator.languages import same_language, split_language, url_prefix
from generator.model import Meta
from generator.people import parse_people
from generator.redirects import parse_aliases
from generator.safeurls import is_absolute_http, url_problem
from generator.slugs import only_unportable, path_segment_problem, readable_slug, slug_path_problem
from generator.sources import SourceFile
from generator.visible import visible

__all__ = ["ALIASES", "default_slug", "parse_datetime", "read_meta"]

# Jekyll's file name date: unpadded month and day too (`2017-4-20-name.md`), as Jekyll reads it.
_JEKYLL_NAME = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})-(.+)$")


def default_slug(source: SourceFile) -> tuple[str, date | None]:
    """Slug (and Jekyll date) from the file name; `posts/x/index.md` gives `x`,
    `x.fr.md` gives `x`. A name that is not a portable URL segment gets a readable one.
    A page keeps the folders it is in, as Hugo and Hexo publish pages:
    `pages/gallery/trip/index.md` is at `/gallery/trip/` (posts are all at `/posts/<slug>/`;
    `_`-prefixed folders, Chirpy's `_tabs/`, add nothing)."""
    path = PurePosixPath(source.rel)
    stem = path.parent.name if source.bundle else split_language(path.stem)[0]
    folders = ""
    if source.kind == "page":
        above = (path.parent.parent if source.bundle else path.parent).parts[2:]
        kept = [_readable(name) for name in above if not name.startswith("_")]
        folders = "".join(f"{name}/" for name in kept)
    when = None
    if match := _JEKYLL_NAME.match(stem):
        try:
            when = date(int(match[1]), int(match[2]), int(match[3]))
            stem = match.group(4)
        except ValueError:
            pass
    return folders + _readable(stem), when


def _readable_path(slug: str) -> str:
    """`slug` with each segment that only holds characters a portable URL cannot made
    readable (`Under-GDI+` → `under-gdi-plus`), or "" when a segment is wrong otherwise
    (`..`, empty, a control character, a `\\` of a Windows path: those stay errors)."""
    if "\\" in slug or slug.startswith("/"):
        return ""
    segments = []
    for segment in slug.split("/"):
        if only_unportable(segment):
            segment = readable_slug(segment.lower())
        elif path_segment_problem(segment) is not None:
            return ""
        segments.append(segment)
    made = "/".join(segments)
    return made if slug_path_problem(made) is None else ""


def _readable(name: str) -> str:
    return name if path_segment_problem(name) is None else readable_slug(name.lower())


def title_from_file(slug: str) -> str:
    """Jekyll's titleized slug: `no-title` → `No Title` (a Chinese name stays as it is)."""
    return " ".join(word[:1].upper() + word[1:] for word in re.split(r"[-_\s]+", slug) if word)


def read_meta(
    raw: RawDocument,
    source: SourceFile,
    site_language: str,
    tz: tzinfo,
    diags: Diagnostics,
    category_hierarchy: bool = True,
) -> Meta | None:
    r = FieldReader(raw, source.rel, diags)
    errors_before = len(diags.errors)
    tz = _own_timezone(r) or tz

    file_slug, file_date = default_slug(source)
    old_url = _old_url(r)
    slug = r.text("slug").rstrip("/") or _slug_of(old_url, source.kind) or file_slug
    # `2019-08-08-name.md` gives `name`; two such posts on different days keep their dates
    # (assemble.py), as Jekyll's and Hexo's dated URLs kept them apart.
    dated_slug = ""
    if slug == file_slug and file_date is not None:
        folders, _, name = file_slug.rpartition("/")
        dated_slug = (folders + "/" if folders else "") + f"{file_date.isoformat()}-{name}"
    if problem := slug_path_problem(slug):
        readable = _readable_path(slug)
        if readable:  # only characters a URL cannot hold (`GDI+`): as a file name would be
            r.warn("slug", f"slug {slug!r} {problem}; using {readable!r}")
            slug = readable
        else:
            r.error("slug", f"slug {slug!r} {problem}")

    title = visible(r.text("title"))
    if not title:
        title = title_from_file(file_slug.split("/")[-1])
        diags.warning(
            source.rel, r.line("title") or 1, f"no `title`: using “{title}” (from the file name)"
        )

    draft = _draft(r, source)
    when = _date(r, "date", tz)
    dated = when is not None or not is_empty((r.find("date") or ("", None))[1])
    if not dated and file_date is not None:
        when = datetime.combine(file_date, time()).replace(tzinfo=tz)
    elif not dated and source.kind == "post":
        if draft:  # Jekyll's and Hexo's drafts have none: they are dated when published
            diags.warning(source.rel, 1, "this draft has no `date`, so it is left out of builds")
        else:
            diags.error(source.rel, 1, "missing `date` in frontmatter (e.g. `date: 2026-02-06`)")

    lang, translation_of, url_lang = _language(r, source, site_language)
    cover, photos = _checked(r, "cover", parse_cover), _photos(r)
    if cover is None and photos:  # Hexo: the first photo of a gallery post is its cover
        cover, photos = Cover(photos[0]), photos[1:]
    meta = Meta(
        title=title,
        slug=slug,
        date=when,
        updated=_date(r, "updated", tz),
        tags=r.text_list("tags", split_commas=True),
        categories=_categories(r, category_hierarchy and not raw.toml),
        description=_description(r),
        draft=draft,
        lang=lang,
        authors=_authors(r),
        cover=cover,
        sources=_sources(r),
        faq=_faq(r),
        extra=_extra(r),
        key_lines=dict(raw.key_lines),
        photos=photos,
        expires=_date(r, "expires", tz),
        aliases=_checked(r, "aliases", parse_aliases) or (),
        old_url=old_url,
        dated_slug=dated_slug,
        canonical=_canonical(r),
        media_subpath=r.text("media_subpath"),
        translation_of=translation_of,
        url_lang=url_lang,
        layout=_layout(raw),
    )
    ailabel.check_frontmatter(r)  # `ai` and `series` stay in `extra`, checked here
    series.check_frontmatter(r)
    if len(diags.errors) > errors_before:
        return None
    return meta


def _old_url(r: FieldReader) -> str:
    """The URL Hugo's `url` or a Jekyll or Hexo post's `permalink` gave the page, as a path
    from the site root (`/2019/08/name/`), or "". One with placeholders (`/:year/:title/`)
    cannot be known: a warning."""
    found = r.find("old_url")
    text = r.text("old_url")
    if not text or found is None:
        return ""
    if ":" in text or "{" in text or text.startswith("//"):
        r.warn(
            found[0],
            f"`{found[0]}` {text!r} is not read (a pattern or another host): "
            "give the old URL in `aliases` to keep links to it working",
        )
        return ""
    return "/" + text.strip().lstrip("/")


def _slug_of(old_url: str, kind: str) -> str:
    """The old URL's path as the slug, so that the new URL keeps what the author chose and
    two pages stay apart as they were (`url: linux/tools` → `linux/tools`, `/about.html` →
    `about`; a post's `/posts/x/` → `x`, its old URL then its new one too)."""
    path = old_url.strip("/")
    path = path[: -len(".html")] if path.endswith(".html") else path
    if kind == "post" and path.startswith("posts/"):
        path = path[len("posts/") :]
    return path if path and slug_path_problem(path) is None else ""


def _own_timezone(r: FieldReader) -> tzinfo | None:
    """AstroPaper's per-post `timezone`: the zone of its dates written without an offset."""
    name = r.raw.meta.get("timezone")
    if name is None:
        return None
    try:
        return ZoneInfo(name) if isinstance(name, str) and name else None
    except (ZoneInfoNotFoundError, ValueError):
        r.error("timezone", f"`timezone`: unknown time zone {name!r} (e.g. Asia/Yangon, UTC)")
        return None


def _checked(r: FieldReader, name: str, parse: Any) -> Any:
    """`parse` applied to the value of `name`; a message it returns is an error."""
    found = r.find(name)
    if found is None:
        return None
    key, value = found
    parsed = parse(value)
    if isinstance(parsed, str):
        r.error(key, f"`{key}` {parsed}")
        return None
    return parsed


def _date(r: FieldReader, name: str, tz: tzinfo) -> datetime | None:
    found = r.find(name)
    if found is None or is_empty(found[1]):
        return None
    key, value = found
    parsed = read_date(value, tz)
    if parsed is None:
        r.error(key, f"`{key}`: {value!r} is not a date (use YYYY-MM-DD or ISO 8601)")
        return None
    if parsed.note:
        r.warn(key, f"`{key}`: {value!r} is not ISO 8601; {parsed.note} (write that instead)")
    return parsed.when


def _draft(r: FieldReader, source: SourceFile) -> bool:
    draft = source.in_drafts
    if "draft" in r.raw.meta:
        value = r.raw.meta["draft"]
        if not isinstance(value, bool):
            r.error("draft", "`draft` must be true or false")
        draft = draft or value is True
    if "published" in r.raw.meta:
        value = r.raw.meta["published"]
        if not isinstance(value, bool):
            r.error("published", "`published` must be true or false")
        draft = draft or value is False
    return draft


def _language(r: FieldReader, source: SourceFile, site_language: str) -> tuple[str, str, str]:
    """(lang, source path of the original when this file translates one, URL prefix)."""
    lang = r.text("lang") or source.lang or site_language
    if not source.lang or same_language(source.lang, site_language):
        return lang, "", ""
    path = PurePosixPath(source.rel)
    original = path.with_name(split_language(path.stem)[0] + path.suffix)
    return lang, original.as_posix(), url_prefix(source.lang)


def _description(r: FieldReader) -> str:
    text = r.text("description", lists_joined=True)
    shown = visible(text)
    if text and not shown:
        key = (r.find("description") or ("description", None))[0]
        r.warn(key, f"`{key}` has nothing visible in it; the summary or first paragraph is used")
    return shown


def _categories(r: FieldReader, hierarchy: bool) -> tuple[tuple[str, ...], ...]:
    found = r.find("category")
    if found is None:
        return ()
    key, value = found
    parsed = parse_categories(value, hierarchy)
    if isinstance(parsed, str):
        r.error(key, f"`{key}` {parsed}")
        return ()
    return parsed


def _authors(r: FieldReader) -> tuple[Any, ...]:
    return _checked(r, "author", parse_people) or ()


def _photos(r: FieldReader) -> tuple[str, ...]:
    if "photos" not in r.raw.meta:
        return ()
    photos = parse_photos(r.raw.meta["photos"])
    if isinstance(photos, str):
        r.error("photos", f"`photos` {photos}")
        return ()
    return photos


def _canonical(r: FieldReader) -> str:
    found = r.find("canonical")
    url = r.text("canonical")
    if url and not (is_absolute_http(url) or url.startswith("/")):
        key = found[0] if found else "canonical"
        r.error(key, f"`{key}` must be an absolute http(s) URL or start with `/`, not {url!r}")
        return ""
    return url


def _layout(raw: RawDocument) -> str:
    """Another generator's layout (Hugo, Jekyll `layout:`) or page type (Hexo `type:`)."""
    value = raw.meta.get("layout") or raw.meta.get("type")
    return value.strip().lower() if isinstance(value, str) else ""


def _extra(r: FieldReader) -> dict[str, Any]:
    """Every key aiblog does not read, for templates; one that looks like a misspelt key
    is a warning naming the key it probably means."""
    extra = {k: v for k, v in r.raw.meta.items() if k not in CONSUMED}
    for key in extra:
        if likely := likely_key(key):
            r.warn(key, f"unknown key `{key}`: did you mean `{likely}`?")
    return extra


def _faq(r: FieldReader) -> tuple[tuple[str, str], ...] | None:
    found = r.find("faq")
    if found is None:
        return None
    key, value = found
    pairs: list[tuple[str, str]] = []
    if not isinstance(value, list):
        r.error(key, "`faq` must be a list of {q: question, a: answer}")
        return None
    for item in value:
        if (
            isinstance(item, dict)
            and isinstance(item.get("q"), str)
            and isinstance(item.get("a"), str)
            and item["q"].strip()
        ):
            pairs.append((item["q"].strip(), item["a"]))
        else:
            r.error(key, "each `faq` item needs a text `q` and a text `a`")
    return tuple(pairs)


def _sources(r: FieldReader) -> tuple[str, ...]:
    """`source`: the URLs of the articles the post translates or comments on."""
    urls = r.text_list("source", split_commas=False)
    for url in urls:
        if problem := url_problem(url):
            found = r.find("source")
            r.error(found[0] if found else "source", f"`source`: {url[:80]!r} {problem}")
    return tuple(u for u in urls if url_problem(u) is None)
