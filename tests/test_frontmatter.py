"""Frontmatter: YAML/TOML, BOM and CRLF, aliases of Hugo, Jekyll and AstroPaper, dates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from generator.errors import Diagnostics
from generator.frontmatter import decode, split
from generator.metadata import parse_datetime, read_meta
from generator.sources import SourceFile

SHANGHAI = ZoneInfo("Asia/Shanghai")


def meta_of(text: str | bytes, rel: str = "content/posts/my-post.md", bundle: bool = False):  # type: ignore[no-untyped-def]
    diags = Diagnostics()
    data = text.encode() if isinstance(text, str) else text
    decoded = decode(data, rel, diags)
    raw = split(decoded, rel, diags) if decoded is not None else None
    meta = (
        read_meta(raw, SourceFile(rel, "post", bundle), "zh-CN", SHANGHAI, diags) if raw else None
    )
    return meta, [str(d) for d in diags.items]


def test_astropaper_keys() -> None:
    meta, problems = meta_of(
        "---\ntitle: T\npubDatetime: 2025-06-14 19:05:00+00:00\nmodDatetime: 2025-06-15T08:00:00Z\n"
        "tags:\n- DeepSeek\n- AI效率\ndescription: D\nogImage: cover.png\n---\nbody\n"
    )
    assert problems == []
    assert meta.date == datetime(2025, 6, 14, 19, 5, tzinfo=UTC)
    assert meta.updated == datetime(2025, 6, 15, 8, tzinfo=UTC)
    assert meta.tags == ("DeepSeek", "AI效率")
    assert (meta.description, meta.cover, meta.slug) == ("D", "cover.png", "my-post")


def test_hugo_toml_keys() -> None:
    meta, problems = meta_of(
        '+++\ntitle = "T"\ndate = 2026-01-05T20:00:00+08:00\nlastmod = 2026-01-06\n'
        'keywords = ["a", "b"]\ncategories = ["技术实践"]\nsummary = "S"\ndraft = true\n'
        'slug = "custom"\nweight = 3\n+++\nbody\n'
    )
    assert problems == []
    assert meta.date == datetime(2026, 1, 5, 20, tzinfo=timezone(timedelta(hours=8)))
    assert meta.updated == datetime(2026, 1, 6, tzinfo=SHANGHAI)
    assert (meta.tags, meta.categories, meta.description) == (("a", "b"), ("技术实践",), "S")
    assert meta.draft and meta.slug == "custom"
    assert meta.extra == {"weight": 3}  # unknown keys are kept for templates


def test_jekyll_file_name_and_published_false() -> None:
    meta, problems = meta_of(
        "---\ntitle: T\npublished: false\ncategory: 评论\n---\n",
        rel="content/posts/2026-03-01-gpt-next.md",
    )
    assert problems == []
    assert meta.slug == "gpt-next" and meta.draft and meta.categories == ("评论",)
    assert meta.date == datetime(2026, 3, 1, tzinfo=SHANGHAI)


def test_page_bundle_slug_is_the_folder() -> None:
    meta, _ = meta_of(
        "---\ntitle: T\ndate: 2026-01-01\n---\n", rel="content/posts/bundle/index.md", bundle=True
    )
    assert meta.slug == "bundle"


def test_bom_and_crlf_and_comma_tags() -> None:
    meta, problems = meta_of(
        b"\xef\xbb\xbf---\r\ntitle: T\r\ndate: 2026-02-06\r\ntags: AI, \xe8\xaf\x84\xe8\xae\xba\xef\xbc\x8c LLM\r\n---\r\nbody\r\n"
    )
    assert problems == []
    assert meta.tags == ("AI", "评论", "LLM")


def test_sources_and_author_and_faq() -> None:
    meta, problems = meta_of(
        "---\ntitle: T\ndate: 2026-02-06\noriginal: https://a.example/x\n"
        "author: {name: 王富贵, url: https://me.example/}\nfaq:\n  - {q: 问？, a: 答。}\n---\n"
    )
    assert problems == []
    assert meta.sources == ("https://a.example/x",)
    assert (meta.author.name, meta.author.url) == ("王富贵", "https://me.example/")
    assert meta.faq == (("问？", "答。"),)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-02-06", datetime(2026, 2, 6, tzinfo=SHANGHAI)),
        ("2026-02-06T10:30:00", datetime(2026, 2, 6, 10, 30, tzinfo=SHANGHAI)),
        ("2026-02-06T10:30:00Z", datetime(2026, 2, 6, 10, 30, tzinfo=UTC)),
        (
            "2026-02-06T10:30:00+09:00",
            datetime(2026, 2, 6, 10, 30, tzinfo=timezone(timedelta(hours=9))),
        ),
        ("not a date", None),
        ("2026-13-45", None),
        (12, None),
    ],
)
def test_parse_datetime(value: object, expected: datetime | None) -> None:
    assert parse_datetime(value, SHANGHAI) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "",
            "content/posts/my-post.md:1: empty file: a post needs frontmatter with at least a title",
        ),
        (
            "just text\n",
            "content/posts/my-post.md:1: no frontmatter: start the file with a `---` line",
        ),
        (
            "---\ntitle: T\n",
            "content/posts/my-post.md:1: frontmatter is not closed: add a `---` line after it",
        ),
        (
            "---\ntitle: [unclosed\ndate: 2026-01-01\n---\n",
            "content/posts/my-post.md:2: invalid YAML: the `[` on this line is never closed",
        ),
        (
            "---\ndate: 2026-01-01\n---\n",
            "content/posts/my-post.md:1: missing `title` in frontmatter",
        ),
        ("---\ntitle: T\n---\n", "content/posts/my-post.md:1: missing `date` in frontmatter"),
        (
            "---\ntitle: T\ndate: yesterday\n---\n",
            "content/posts/my-post.md:3: `date`: 'yesterday' is not a date",
        ),
        ("---\n- a\n- b\n---\n", "content/posts/my-post.md:2: frontmatter must be a mapping"),
        (
            "---\ntitle: T\ndate: 2026-01-01\nslug: ../../etc\n---\n",
            "content/posts/my-post.md:4: slug '../../etc'",
        ),
        (
            "---\ntitle: T\ndate: 2026-01-01\ntags: {a: 1}\n---\n",
            "content/posts/my-post.md:4: `tags` must be a list",
        ),
        (
            "---\ntitle: T\ndate: 2026-01-01\ndraft: maybe\n---\n",
            "content/posts/my-post.md:4: `draft` must be true or false",
        ),
    ],
)
def test_errors_have_path_and_line(text: str, message: str) -> None:
    meta, problems = meta_of(text)
    assert meta is None
    assert any(p.startswith(message) for p in problems), problems


def test_non_utf8_reports_the_line() -> None:
    _, problems = meta_of(b"---\ntitle: T\ndate: 2026-01-01\n---\n\xff\xfe bad\n")
    assert problems == [
        "content/posts/my-post.md:5: not valid UTF-8 (invalid start byte); save the file as UTF-8"
    ]
