"""Arbitrary frontmatter and Markdown: only clean errors or success, never a traceback."""

from __future__ import annotations

import string
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import BuildOptions, build
from generator.errors import BuildFailed, Diagnostics
from generator.frontmatter import decode, split
from generator.metadata import read_meta
from generator.sources import SourceFile

KEYS = [
    "title",
    "date",
    "pubDatetime",
    "updated",
    "tags",
    "keywords",
    "category",
    "categories",
    "description",
    "summary",
    "draft",
    "published",
    "slug",
    "author",
    "lang",
    "cover",
    "source",
    "sources",
    "faq",
    "extra",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.dates().map(str),
    st.datetimes().map(lambda d: d.isoformat()),
    st.sampled_from(
        ["2026-02-30", "../x", "a/b", ".", "..", "</script>", "<!--", "标签", " ", "，"]
    ),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
frontmatter = st.dictionaries(st.sampled_from(KEYS), values, max_size=8)
markdown_bits = st.lists(
    st.sampled_from(
        [
            "## 常见问题\n",
            "## FAQ\n",
            "Q: 问？\n",
            "A: 答。\n",
            "**Q: x**\n",
            "### 问题\n",
            "术语\n: 定义\n",
            "## 要点回顾\n",
            "- 项\n",
            "## 富贵点评\n",
            "## 参考来源\n",
            "[链接](other.md)\n",
            "[x](/a/)\n",
            "```python\nx = 1\n```\n",
            "| a | b |\n|---|---|\n| 1 | 2 |\n",
            "脚注[^1]\n\n[^1]: 注\n",
            "📌 一句话总结：总结\n",
            "<script>alert(1)</script>\n",
            "\n",
            "正文 text 123\n",
            "![img](a.png)\n",
        ]
    )
    | st.text(alphabet=string.printable + "中文：，。！？「」📌❓", max_size=40),
    max_size=12,
).map("\n".join)


def _yaml(data: dict) -> str:  # type: ignore[type-arg]
    import yaml

    return yaml.safe_dump(data, allow_unicode=True)


@settings(max_examples=150, deadline=None)
@given(frontmatter, markdown_bits)
def test_reading_a_file_never_raises(meta: dict, body: str) -> None:  # type: ignore[type-arg]
    text = "---\n" + _yaml(meta) + "---\n" + body
    diags = Diagnostics()
    raw = split(
        decode(text.encode(), "content/posts/x.md", diags) or "", "content/posts/x.md", diags
    )
    if raw is not None:
        read_meta(
            raw,
            SourceFile("content/posts/x.md", "post", False),
            "zh-CN",
            ZoneInfo("Asia/Shanghai"),
            diags,
        )
    for item in diags.items:
        assert item.path == "content/posts/x.md" and item.message


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.tuples(frontmatter, markdown_bits), min_size=1, max_size=3),
    st.none() | st.binary(max_size=40),
)
def test_building_arbitrary_posts_gives_success_or_clean_errors(
    tmp_path_factory, posts, junk: bytes | None
) -> None:  # type: ignore[no-untyped-def]
    site = tmp_path_factory.mktemp("h")
    (site / "site.yml").write_text("title: T\nbase_url: https://example.org/\n", encoding="utf-8")
    folder = site / "content" / "posts"
    folder.mkdir(parents=True)
    for i, (meta, body) in enumerate(posts):
        (folder / f"p{i}.md").write_text("---\n" + _yaml(meta) + "---\n" + body, encoding="utf-8")
    if junk is not None:
        (folder / "junk.md").write_bytes(junk)
    try:
        result = build(site, BuildOptions(jobs=1))
    except BuildFailed as failed:
        assert failed.diagnostics.errors
        for item in failed.diagnostics.errors:
            assert item.path.startswith("content/posts/") and item.message
        assert not (site / "public").exists()
    else:
        out = Path(result.output_dir)
        assert (out / "index.html").is_file()
        for path in out.rglob("*"):
            assert out in path.resolve().parents or path.resolve() == out
