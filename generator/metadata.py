"""Stage 2c: frontmatter values (with Hugo, Jekyll and AstroPaper aliases) to a typed `Meta`."""

from __future__ import annotations

import re
from datetime import date, datetime, time, tzinfo
from pathlib import PurePosixPath
from typing import Any

from generator.errors import Diagnostics
from generator.frontmatter import RawDocument
from generator.model import Meta, Person
from generator.slugs import path_segment_problem
from generator.sources import SourceFile

ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "date": ("date", "pubDatetime", "pubDate", "publishDate"),
    "updated": ("updated", "modDatetime", "lastmod"),
    "tags": ("tags", "keywords"),
    "category": ("category", "categories"),
    "description": ("description", "summary"),
    "draft": ("draft",),
    "slug": ("slug",),
    "author": ("author",),
    "lang": ("lang",),
    "cover": ("cover", "ogImage", "image"),
    "source": ("source", "sources", "original"),
    "faq": ("faq",),
}
_CONSUMED = {alias for names in ALIASES.values() for alias in names} | {"published"}
_JEKYLL_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)$")
_LIST_SPLIT = re.compile(r"[,，]")


class _Reader:
    """Looks keys up by alias and records problems with the key's line."""

    def __init__(self, raw: RawDocument, rel: str, diags: Diagnostics) -> None:
        self.raw, self.rel, self.diags = raw, rel, diags

    def find(self, name: str) -> tuple[str, Any] | None:
        present = [a for a in ALIASES[name] if a in self.raw.meta]
        if len(present) > 1:
            self.warn(
                present[1], f"`{present[1]}` and `{present[0]}` both given; using `{present[0]}`"
            )
        return (present[0], self.raw.meta[present[0]]) if present else None

    def line(self, key: str) -> int | None:
        return self.raw.key_lines.get(key)

    def error(self, key: str, message: str) -> None:
        self.diags.error(self.rel, self.line(key), message)

    def warn(self, key: str, message: str) -> None:
        self.diags.warning(self.rel, self.line(key), message)

    def text(self, name: str) -> str:
        found = self.find(name)
        if found is None or found[1] is None:
            return ""
        key, value = found
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return str(value).strip()
        self.error(key, f"`{key}` must be a text value")
        return ""

    def text_list(self, name: str, split_commas: bool) -> tuple[str, ...]:
        found = self.find(name)
        if found is None or found[1] is None:
            return ()
        key, value = found
        if isinstance(value, str):
            items = _LIST_SPLIT.split(value) if split_commas else [value]
        elif isinstance(value, list):
            items = value
        else:
            self.error(key, f"`{key}` must be a list or a comma-separated text")
            return ()
        result: list[str] = []
        for item in items:
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                self.error(key, f"`{key}` items must be text values, not {type(item).__name__}")
                continue
            if text := str(item).strip():
                result.append(text)
        return tuple(dict.fromkeys(result))


def parse_datetime(value: Any, tz: tzinfo) -> datetime | None:
    """YYYY-MM-DD or ISO 8601 with or without offset (no offset: site timezone)."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime.combine(value, time())
    elif isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    else:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)


def default_slug(source: SourceFile) -> tuple[str, date | None]:
    """Slug (and Jekyll date) from the file name; `posts/x/index.md` gives `x`."""
    path = PurePosixPath(source.rel)
    stem = path.parent.name if source.bundle else path.stem
    if match := _JEKYLL_NAME.match(stem):
        try:
            return match.group(4), date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return stem, None
    return stem, None


def read_meta(
    raw: RawDocument, source: SourceFile, site_language: str, tz: tzinfo, diags: Diagnostics
) -> Meta | None:
    r = _Reader(raw, source.rel, diags)
    errors_before = len(diags.errors)

    title = r.text("title")
    if not title:
        diags.error(source.rel, r.line("title") or 1, "missing `title` in frontmatter")

    file_slug, file_date = default_slug(source)
    slug = r.text("slug") or file_slug
    if problem := path_segment_problem(slug):
        r.error("slug", f"slug {slug!r} {problem}")

    when = _date(r, "date", tz)
    if when is None and file_date is not None and r.find("date") is None:
        when = datetime.combine(file_date, time()).replace(tzinfo=tz)
    if when is None and source.kind == "post" and r.find("date") is None:
        diags.error(source.rel, 1, "missing `date` in frontmatter (e.g. `date: 2026-02-06`)")
    updated = _date(r, "updated", tz)

    tags = r.text_list("tags", split_commas=True)
    categories = r.text_list("category", split_commas=False)
    sources = r.text_list("source", split_commas=False)
    description = r.text("description")
    lang = r.text("lang") or site_language
    cover = r.text("cover")
    draft = _draft(r)
    author = _author(r)
    faq = _faq(r)
    extra = {k: v for k, v in raw.meta.items() if k not in _CONSUMED}

    if len(diags.errors) > errors_before:
        return None
    return Meta(
        title=title,
        slug=slug,
        date=when,
        updated=updated,
        tags=tags,
        categories=categories,
        description=description,
        draft=draft,
        lang=lang,
        author=author,
        cover=cover,
        sources=sources,
        faq=faq,
        extra=extra,
        key_lines=dict(raw.key_lines),
    )


def _date(r: _Reader, name: str, tz: tzinfo) -> datetime | None:
    found = r.find(name)
    if found is None:
        return None
    key, value = found
    parsed = parse_datetime(value, tz)
    if parsed is None:
        r.error(key, f"`{key}`: {value!r} is not a date (use YYYY-MM-DD or ISO 8601)")
    return parsed


def _draft(r: _Reader) -> bool:
    draft = False
    if "draft" in r.raw.meta:
        value = r.raw.meta["draft"]
        if not isinstance(value, bool):
            r.error("draft", "`draft` must be true or false")
        draft = value is True
    if "published" in r.raw.meta:
        value = r.raw.meta["published"]
        if not isinstance(value, bool):
            r.error("published", "`published` must be true or false")
        draft = draft or value is False
    return draft


def _author(r: _Reader) -> Person:
    found = r.find("author")
    if found is None or found[1] is None:
        return Person()
    key, value = found
    if isinstance(value, str):
        return Person(name=value.strip())
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return Person(name=value.get("name", "").strip(), url=value.get("url", "").strip())
    r.error(key, "`author` must be a name, or a mapping with `name` and `url`")
    return Person()


def _faq(r: _Reader) -> tuple[tuple[str, str], ...] | None:
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
