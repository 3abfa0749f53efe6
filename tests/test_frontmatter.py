"""Frontmatter: YAML/TOML, BOM and CRLF, aliases of Hugo, Jekyll and AstroPaper, dates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from generator.covers import Cover
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
    assert (meta.description, meta.cover, meta.slug) == ("D", Cover("cover.png"), "my-post")


def test_hugo_toml_keys() -> None:
    meta, problems = meta_of(
        '+++\ntitle = "T"\ndate = 2026-01-05T20:00:00+08:00\nlastmod = 2026-01-06\n'
        'keywords = ["a", "b"]\ncategories = ["技术实践"]\nsummary = "S"\ndraft = true\n'
        'slug = "custom"\nweight = 3\n+++\nbody\n'
    )
    assert problems == []
    assert meta.date == datetime(2026, 1, 5, 20, tzinfo=timezone(timedelta(hours=8)))
    assert meta.updated == datetime(2026, 1, 6, tzinfo=SHANGHAI)
    assert (meta.tags, meta.categories, meta.description) == (("a", "b"), (("技术实践",),), "S")
    assert meta.draft and meta.slug == "custom"
    assert meta.extra == {"weight": 3}  # unknown keys are kept for templates


def test_jekyll_file_name_and_published_false() -> None:
    meta, problems = meta_of(
        "---\ntitle: T\npublished: false\ncategory: 评论\n---\n",
        rel="content/posts/2026-03-01-gpt-next.md",
    )
    assert problems == []
    assert meta.slug == "gpt-next" and meta.draft and meta.categories == (("评论",),)
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


# Frontmatter as Hugo, Jekyll, Hexo, AstroPaper and Zola write it (issue 13).


def test_hexo_frontmatter_without_the_opening_fence() -> None:
    meta, problems = meta_of("title: Hexo\ndate: 2013-12-24 23:30:09\ntags:\n---\n\nbody\n")
    assert problems == []
    assert (meta.title, meta.tags) == ("Hexo", ())
    assert meta.date == datetime(2013, 12, 24, 23, 30, 9, tzinfo=SHANGHAI)


def test_markdown_with_a_rule_is_not_mistaken_for_hexo_frontmatter() -> None:
    meta, problems = meta_of("Just text: with a colon\n\n---\n\nmore\n")
    assert meta is None
    assert problems[0].startswith("content/posts/my-post.md:1: no frontmatter")


def test_zola_taxonomies_and_extra() -> None:
    meta, problems = meta_of(
        '+++\ntitle = "Z"\ndate = 2024-05-01\n\n[taxonomies]\ntags = ["rust", "zola"]\n'
        'categories = ["Web", "Static"]\n\n[extra]\nbanner = "b.png"\n+++\nbody\n'
    )
    assert problems == []
    assert meta.tags == ("rust", "zola")
    assert meta.categories == (("Web",), ("Static",))  # TOML lists are flat, as Zola's are
    assert meta.extra == {"banner": "b.png"}
    assert meta.key_lines["tags"] == 6  # the line inside [taxonomies]


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ('"Hugo Authors"', [("Hugo Authors", "")]),
        (
            '["Hugo Authors", "PaperMod Contributors"]',
            [("Hugo Authors", ""), ("PaperMod Contributors", "")],
        ),
        ("{name: 王富贵, link: https://me.example/}", [("王富贵", "https://me.example/")]),
        ("[{name: A, url: /about/}, B]", [("A", "/about/"), ("B", "")]),
    ],
)
def test_author_as_a_name_a_mapping_or_a_list(value: str, names: list[tuple[str, str]]) -> None:
    meta, problems = meta_of(f"---\ntitle: T\ndate: 2026-01-01\nauthor: {value}\n---\n")
    assert problems == []
    assert [(p.name, p.url) for p in meta.authors] == names


def test_an_author_url_with_an_unsafe_scheme_is_an_error() -> None:
    meta, problems = meta_of(
        "---\ntitle: T\ndate: 2026-01-01\nauthor: {name: X, url: 'javascript:alert(1)'}\n---\n"
    )
    assert meta is None
    assert problems[0].startswith("content/posts/my-post.md:4: `author` the url of 'X', ")


@pytest.mark.parametrize(
    ("lines", "cover"),
    [
        ("cover:\n  image: image.png\n  alt: A\n  caption: C", Cover("image.png", "A", "C")),
        ("cover:\n  image: i.png\n  hidden: true", Cover("i.png", hidden=True)),
        (
            "image:\n  path: /commons/m.png\n  lqip: data:image/webp;base64,xx\n  alt: M",
            Cover("/commons/m.png", "M"),
        ),
        ("ogImage: ../../assets/og.png", Cover("../../assets/og.png")),
        ("thumbnail: /img/t.png", Cover("/img/t.png")),
        ("banner_img: /img/b.png", Cover("/img/b.png")),
        ("cover: {image: ''}", None),
    ],
)
def test_cover_as_text_or_mapping(lines: str, cover: Cover | None) -> None:
    meta, problems = meta_of(f"---\ntitle: T\ndate: 2026-01-01\n{lines}\n---\n")
    assert problems == []
    assert meta.cover == cover


def test_hexo_photos_first_is_the_cover_the_rest_a_gallery() -> None:
    meta, problems = meta_of("---\ntitle: T\ndate: 2026-01-01\nphotos:\n- /a.jpg\n- /b.jpg\n---\n")
    assert problems == []
    assert (meta.cover, meta.photos) == (Cover("/a.jpg"), ("/b.jpg",))


def test_chirpy_media_subpath_and_jekyll_date_with_offset() -> None:
    meta, problems = meta_of(
        "---\ntitle: T\ndate: 2019-08-08 11:33:00 +0800\nmedia_subpath: '/posts/20180809'\n---\n"
    )
    assert problems == []
    assert meta.media_subpath == "/posts/20180809"
    assert meta.date == datetime(2019, 8, 8, 11, 33, tzinfo=timezone(timedelta(hours=8)))


def test_an_empty_summary_is_no_conflict_but_two_different_texts_are() -> None:
    meta, problems = meta_of('---\ntitle: T\ndate: 2026-01-01\ndescription: D\nsummary: ""\n---\n')
    assert problems == [] and meta.description == "D"
    meta, problems = meta_of("---\ntitle: T\ndate: 2026-01-01\ndescription: D\nsummary: D\n---\n")
    assert problems == []  # the same text twice says nothing new
    meta, problems = meta_of("---\ntitle: T\ndate: 2026-01-01\ndescription: D\nsummary: S\n---\n")
    assert problems == [
        "content/posts/my-post.md:5: warning: `summary` and `description` both given; using `description`"
    ]


def test_hugo_expiry_aliases_and_canonical_url() -> None:
    meta, problems = meta_of(
        "---\ntitle: T\ndate: 2021-01-20\nexpiryDate: 2026-05-08\n"
        "aliases: ['/old-guide', 'older']\ncanonicalURL: https://smale.codes/posts/x/\n---\n"
    )
    assert problems == []
    assert meta.expires == datetime(2026, 5, 8, tzinfo=SHANGHAI)
    assert meta.aliases == ("/old-guide", "older")
    assert meta.canonical == "https://smale.codes/posts/x/"


def test_jekyll_redirect_from_as_one_text() -> None:
    meta, problems = meta_of(
        "---\ntitle: T\ndate: 2026-01-01\nredirect_from: /2019/old.html\n---\n"
    )
    assert problems == [] and meta.aliases == ("/2019/old.html",)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("aliases: [https://other.example/x]", "4: `aliases` must be paths on this site"),
        ("canonical_url: 'javascript:x'", "4: `canonical_url` must be an absolute http(s) URL"),
        ("cover: 'javascript:alert(1)'", "4: `cover` must be an http(s) URL or a path"),
    ],
)
def test_bad_url_values_are_errors_at_their_line(value: str, message: str) -> None:
    meta, problems = meta_of(f"---\ntitle: T\ndate: 2026-01-01\n{value}\n---\n")
    assert meta is None
    assert any(p.startswith(f"content/posts/my-post.md:{message}") for p in problems), problems


@pytest.mark.parametrize(
    ("hierarchy", "toml", "value", "expected"),
    [
        (True, False, "[Blogging, Demo]", (("Blogging", "Demo"),)),
        (True, False, "[[Blogging, Demo], News]", (("Blogging", "Demo"), ("News",))),
        (True, False, "评论", (("评论",),)),
        (False, False, "[themes, syntax]", (("themes",), ("syntax",))),
        (True, True, '["themes", "syntax"]', (("themes",), ("syntax",))),
    ],
)
def test_categories_as_paths(hierarchy: bool, toml: bool, value: str, expected: object) -> None:
    if toml:
        text = f'+++\ntitle = "T"\ndate = 2026-01-01\ncategories = {value}\n+++\n'
    else:
        text = f"---\ntitle: T\ndate: 2026-01-01\ncategories: {value}\n---\n"
    diags = Diagnostics()
    raw = split(text, "content/posts/p.md", diags)
    assert raw is not None
    meta = read_meta(
        raw, SourceFile("content/posts/p.md", "post", False), "zh-CN", SHANGHAI, diags, hierarchy
    )
    assert diags.items == [] and meta is not None
    assert meta.categories == expected


@pytest.mark.parametrize(
    ("value", "instant", "note"),
    [
        ("'2022-05-2'", datetime(2022, 5, 2, tzinfo=SHANGHAI), "2022-05-02 00:00:00+08:00"),
        (
            "'2013-12-25 18:51:79'",
            datetime(2013, 12, 25, 18, 52, 19, tzinfo=SHANGHAI),
            "2013-12-25 18:52:19+08:00",
        ),
        (
            "'2022-5-2 9:05'",
            datetime(2022, 5, 2, 9, 5, tzinfo=SHANGHAI),
            "2022-05-02 09:05:00+08:00",
        ),
        # Slashes or dots for dashes, a padded month: Hexo's JavaScript Date reads them all.
        (
            "2022/10/10 14:13:15",
            datetime(2022, 10, 10, 14, 13, 15, tzinfo=SHANGHAI),
            "2022-10-10 14:13:15+08:00",
        ),
        ("2022/1/5", datetime(2022, 1, 5, tzinfo=SHANGHAI), "2022-01-05 00:00:00+08:00"),
        ("2022.10.10", datetime(2022, 10, 10, tzinfo=SHANGHAI), "2022-10-10 00:00:00+08:00"),
        (
            "2022-010-10 14:13:15",
            datetime(2022, 10, 10, 14, 13, 15, tzinfo=SHANGHAI),
            "2022-10-10 14:13:15+08:00",
        ),
    ],
)
def test_dates_hexo_accepts_are_read_with_a_warning_naming_the_instant(
    value: str, instant: datetime, note: str
) -> None:
    meta, problems = meta_of(f"---\ntitle: T\ndate: {value}\n---\n")
    assert meta.date == instant
    assert problems == [
        f"content/posts/my-post.md:3: warning: `date`: {value.strip(chr(39))!r} is not ISO 8601; "
        f"read as {note} (write that instead)"
    ]


def test_an_impossible_day_is_still_an_error() -> None:
    for mixed in ("2022-10/10", "2022/13/01"):  # separators mixed, a month out of range
        meta, problems = meta_of(f"---\ntitle: T\ndate: {mixed}\n---\n")
        assert meta is None and "is not a date" in problems[0], problems
    meta, problems = meta_of("---\ntitle: T\ndate: '2026-02-30 10:00'\n---\n")
    assert meta is None
    assert problems == [
        "content/posts/my-post.md:3: `date`: '2026-02-30 10:00' is not a date (use YYYY-MM-DD or ISO 8601)"
    ]


@pytest.mark.parametrize(
    ("key", "likely"),
    [
        ("draf", "draft"),
        ("tgas", "tags"),
        ("categroy", "category"),
        ("titel", "title"),
        ("Tags", "tags"),
    ],
)
def test_a_misspelt_key_is_a_warning_naming_the_likely_key(key: str, likely: str) -> None:
    meta, problems = meta_of(f"---\ntitle: T\ndate: 2026-01-01\n{key}: x\n---\n")
    assert problems == [
        f"content/posts/my-post.md:4: warning: unknown key `{key}`: did you mean `{likely}`?"
    ]
    assert meta.extra == {key: "x"}  # still offered to templates


def test_other_generators_keys_reach_templates_silently() -> None:
    keys = "ShowToc: true\nFRtags: [a]\nFRcategories: [b]\nweight: 3\nlayout: post\npin: true\nmath: true"
    meta, problems = meta_of(f"---\ntitle: T\ndate: 2026-01-01\n{keys}\n---\n")
    assert problems == []
    assert set(meta.extra) == {
        "ShowToc",
        "FRtags",
        "FRcategories",
        "weight",
        "layout",
        "pin",
        "math",
    }


@pytest.mark.parametrize("invisible", ["\u200b", "\u200b\u200d\ufeff", "\u3164", " \u2800 "])
def test_a_description_of_invisible_characters_is_no_description(invisible: str) -> None:
    meta, problems = meta_of(f'---\ntitle: T\ndate: 2026-01-01\ndescription: "{invisible}"\n---\n')
    assert meta.description == ""
    assert problems == [
        "content/posts/my-post.md:4: warning: `description` has nothing visible in it; "
        "the summary or first paragraph is used"
    ]


@pytest.mark.parametrize(
    ("rel", "title"),
    [
        ("content/posts/no-title.md", "No Title"),
        ("content/pages/about.md", "About"),
        ("content/posts/中文測試.md", "中文測試"),
    ],
)
def test_a_missing_title_comes_from_the_file_name_with_a_warning(rel: str, title: str) -> None:
    meta, problems = meta_of("---\ndate: 2013-12-25 22:57:49\n---\n", rel=rel)
    assert meta.title == title
    assert problems == [f"{rel}:1: warning: no `title`: using “{title}” (from the file name)"]


def test_a_translation_by_file_name() -> None:
    diags = Diagnostics()
    raw = split("---\ntitle: T\ndate: 2019-03-11\n---\n", "x", diags)
    assert raw is not None
    source = SourceFile("content/posts/markdown-syntax.fr.md", "post", False, lang="fr")
    meta = read_meta(raw, source, "en", SHANGHAI, diags)
    assert diags.items == [] and meta is not None
    assert (meta.slug, meta.lang, meta.url_lang) == ("markdown-syntax", "fr", "fr")
    assert meta.translation_of == "content/posts/markdown-syntax.md"
    # In the site's own language, the same name is the original.
    same = read_meta(
        raw, SourceFile("content/posts/x.en.md", "post", False, lang="en"), "en", SHANGHAI, diags
    )
    assert same is not None and (same.translation_of, same.url_lang, same.slug) == ("", "", "x")


def test_a_draft_without_a_date_is_left_out_with_a_warning() -> None:
    diags = Diagnostics()
    raw = split("---\ntitle: Idea\n---\n", "x", diags)
    assert raw is not None
    source = SourceFile("content/posts/_drafts/idea.md", "post", False, in_drafts=True)
    meta = read_meta(raw, source, "en", SHANGHAI, diags)
    assert meta is not None and meta.draft and meta.date is None
    assert [str(d) for d in diags.items] == [
        "content/posts/_drafts/idea.md:1: warning: this draft has no `date`, so it is left out of builds"
    ]


def test_astropaper_timezone_of_a_post() -> None:
    meta, problems = meta_of(
        '---\ntitle: T\npubDatetime: 2022-03-25T16:55:12\ntimezone: "Asia/Yangon"\n---\n'
    )
    assert problems == []
    assert meta.date == datetime(2022, 3, 25, 16, 55, 12, tzinfo=ZoneInfo("Asia/Yangon"))
    meta, problems = meta_of("---\ntitle: T\ndate: 2022-03-25\ntimezone: Mars/Base\n---\n")
    assert meta is None
    assert problems == [
        "content/posts/my-post.md:4: `timezone`: unknown time zone 'Mars/Base' (e.g. Asia/Yangon, UTC)"
    ]


def test_hexo_frontmatter_problems_name_their_line() -> None:
    meta, problems = meta_of("title: Hexo\ndate: 2022-05-2\ntgas: [a]\n---\nbody\n")
    assert meta is not None and meta.date == datetime(2022, 5, 2, tzinfo=SHANGHAI)
    assert problems == [
        "content/posts/my-post.md:2: warning: `date`: '2022-05-2' is not ISO 8601; "
        "read as 2022-05-02 00:00:00+08:00 (write that instead)",
        "content/posts/my-post.md:3: warning: unknown key `tgas`: did you mean `tags`?",
    ]


def test_blank_lines_above_the_frontmatter_are_skipped_as_hugo_and_hexo_skip_them() -> None:
    meta, problems = meta_of(
        "\n  \n---\ntitle: Apache\ndate: 2016-08-27 21:38:01\ntags: [a]\n---\nbody\n"
    )
    assert problems == []
    assert (meta.title, meta.tags, meta.key_lines["tags"]) == ("Apache", ("a",), 6)
    _, problems = meta_of("\n---\ntitle: T\n")
    assert problems == [
        "content/posts/my-post.md:2: frontmatter is not closed: add a `---` line after it"
    ]


def test_a_description_given_as_a_list_is_joined_with_a_warning() -> None:
    """Hugo builds `description: [a, b]`; the items become one text, in the punctuation of
    their script."""
    meta, problems = meta_of(
        "---\ntitle: T\ndate: 2020-06-21\ndescription: [自动上传图床, manjaro, 七牛云]\n---\nbody\n"
    )
    assert meta.description == "自动上传图床，manjaro，七牛云"
    assert problems == [
        "content/posts/my-post.md:4: warning: `description` is a list; its items are joined into one text"
    ]
    meta, _ = meta_of("---\ntitle: T\ndate: 2020-06-21\ndescription: [one, two]\n---\nbody\n")
    assert meta.description == "one, two"
    meta, problems = meta_of("---\ntitle: T\ndate: 2020-06-21\ndescription: [{a: 1}]\n---\n")
    assert meta is None or meta.description == ""
    assert any("`description` must be a text value" in p for p in problems)


def test_hugo_keywords_beside_tags_are_no_conflict() -> None:
    """Hugo's `keywords` are meta keywords beside the `tags` its pages show: no warning on
    every post of a Hugo blog; alone, they still give the tags."""
    meta, problems = meta_of("---\ntitle: T\ndate: 2026-01-01\ntags: [a]\nkeywords: [b, c]\n---\n")
    assert problems == [] and meta.tags == ("a",)
    meta, problems = meta_of("---\ntitle: T\ndate: 2026-01-01\nkeywords: [b, c]\n---\n")
    assert problems == [] and meta.tags == ("b", "c")
    _, problems = meta_of("---\ntitle: T\ndate: 2026-01-01\ntags: [a]\ntag: [d]\n---\n")
    assert problems == [
        "content/posts/my-post.md:5: warning: `tag` and `tags` both given; using `tags`"
    ]


def test_jekyll_unpadded_file_dates_and_more_theme_cover_keys() -> None:
    """`2017-4-20-name.md` is dated as Jekyll dates it; LoveIt's `featuredImage` and
    HPSTR's `image: {feature: x.jpg}` are covers."""
    meta, problems = meta_of("---\ntitle: T\n---\n", rel="content/posts/2017-4-20-vsc-tips.md")
    assert problems == [] and meta.slug == "vsc-tips"
    assert meta.date == datetime(2017, 4, 20, tzinfo=SHANGHAI)
    meta, _ = meta_of("---\ntitle: T\ndate: 2026-01-01\nfeaturedImage: /img/a.png\n---\n")
    assert meta.cover == Cover("/img/a.png")
    meta, _ = meta_of("---\ntitle: T\ndate: 2026-01-01\nimage:\n  feature: abstract-3.jpg\n---\n")
    assert meta.cover is not None and meta.cover.src == "/images/abstract-3.jpg"  # HPSTR's folder
    meta, problems = meta_of("---\ntitle: T\ndate: 2026-01-01\ntags:\n  - Envoy\n  -\n---\n")
    assert meta.tags == ("Envoy",)
    assert problems == ["content/posts/my-post.md:4: warning: `tags` has an empty item; left out"]


def test_a_slug_with_characters_a_url_cannot_hold_is_made_readable_with_a_warning() -> None:
    """`slug: Under-GDI+` (Hugo keeps the `+`): made readable as a file name would be, with a
    warning; `..` and the like stay errors."""
    meta, problems = meta_of("---\ntitle: T\ndate: 2026-01-01\nslug: Font-Under-GDI+\n---\n")
    assert meta.slug == "font-under-gdi-plus"
    assert problems == [
        "content/posts/my-post.md:4: warning: slug 'Font-Under-GDI+' contains '+', which cannot "
        "be in a portable URL path segment; using 'font-under-gdi-plus'"
    ]
    meta, problems = meta_of("---\ntitle: T\ndate: 2026-01-01\nslug: a/../b\n---\n")
    assert meta is None and "could write outside" in problems[0]
