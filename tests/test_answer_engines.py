"""What answer engines read: /llms.txt in the llmstxt.org format, /llms-full.txt within its
size limit, and every post and page in Markdown at `…/index.md`, linked from its HTML page.
Drafts and future posts appear in none of them."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import BASIC_CONFIG, post, write_site
from PIL import Image
from sitecheck import find_all, parse

from generator.build import Builder, BuildOptions, BuildResult, build

ORIGIN = "https://example.org"
BASE = ORIGIN + "/blog/"
NOW = datetime(2026, 3, 1, tzinfo=UTC)


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 4), "teal").save(out, "PNG")
    return out.getvalue()


LLMS_ENTRY = re.compile(r"^- \[(?P<title>[^\]]+)\]\((?P<url>[^)\s]+)\)(?:: (?P<notes>.+))?$")

FILES = {
    "content/posts/newest.md": post(
        title="最新的文章",
        date="2026-02-20",
        category="深度解读",
        source="https://venturebeat.com/ai/x/",
        body="""\
        一句话总结：最新的一篇。

        ## 正文

        见[旧文](older/index.md)和[关于](/about/)，视频：

        {{< youtube dQw4w9WgXcQ >}}

        公式 $a^2$。

        ## 要点回顾

        - 一点

        ## 参考来源

        - [原文](https://venturebeat.com/ai/x/)
        """,
        faq="[{q: 问题一？, a: '答案里有 **粗体**。'}]",
    ),
    "content/posts/older/index.md": post(
        title="旧文", date="2026-01-10", body="![图](chart.png)\n\n正文。\n"
    ),
    "content/posts/older/chart.png": _png(),
    "content/posts/asked.md": post(
        title="有问有答",
        date="2026-01-12",
        body="正文。\n\n## 常见问题\n\nQ: 和旧文什么关系？\n\n"
        "A: 见[旧文](older/index.md#x)和[关于](/about/)，公式 $E=mc^2$：\n\n"
        "```py\nprint(1)\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    ),
    "content/posts/draft.md": post(title="草稿", date="2026-01-11", draft="true"),
    "content/posts/future.md": post(title="未来", date="2026-12-31"),
    "content/pages/about.md": "---\ntitle: 关于\ndescription: 关于本站。\n---\n\n本站写 AI。\n",
    "content/posts/newest.en.md": post(title="The newest", date="2026-02-20", body="English.\n"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    site = write_site(
        tmp_path_factory.mktemp("llms") / "site",
        FILES,
        BASIC_CONFIG + "description: 测试站的简介。\n",
    )
    return Builder(site, BuildOptions(output=site.parent / "out")).build(now=NOW)


def _file_of(out: Path, url: str) -> Path:
    path = unquote(urlsplit(url).path).removeprefix("/blog/")
    return out / (path + "index.html" if path.endswith("/") or not path else path)


def test_llms_txt_follows_the_llmstxt_format(built: BuildResult) -> None:
    out = built.output_dir
    text = (out / "llms.txt").read_text(encoding="utf-8")
    blocks = text.split("\n\n")
    assert blocks[0] == "# Test Blog"  # H1: the site's name
    assert blocks[1] == "> 测试站的简介。"  # a blockquote: its summary
    sections = re.findall(r"^## (.+)$", text, re.M)
    assert sections == ["文章", "页面", "Optional"]
    entries: dict[str, list[dict[str, str]]] = {}
    for section, body in zip(sections, re.split(r"^## .+$", text, flags=re.M)[1:], strict=True):
        lines = [line for line in body.strip().split("\n") if line]
        matches = [LLMS_ENTRY.match(line) for line in lines]
        assert all(matches), lines
        entries[section] = [m.groupdict() for m in matches if m]
    # Posts newest first, each linking its Markdown copy, with its summary; no draft, no
    # post dated in the future, no translation (it is the original's).
    assert [e["title"] for e in entries["文章"]] == ["最新的文章", "有问有答", "旧文"]
    assert entries["文章"][0]["url"] == BASE + "posts/newest/index.md"
    assert entries["文章"][0]["notes"] == "最新的一篇。"
    assert entries["页面"] == [
        {"title": "关于", "url": BASE + "about/index.md", "notes": "关于本站。"}
    ]
    assert entries["Optional"][0]["url"] == BASE + "llms-full.txt"
    for entry in (*entries["文章"], *entries["页面"], *entries["Optional"]):
        assert _file_of(out, entry["url"]).is_file(), entry


def test_every_post_and_page_has_a_markdown_copy_linked_from_its_page(
    built: BuildResult,
) -> None:
    out = built.output_dir
    for page in ("posts/newest/", "posts/older/", "about/", "en/posts/newest/"):
        html = parse(out / page / "index.html")
        links = find_all(html, "link", rel="alternate", type="text/markdown")
        assert [link.get("href") for link in links] == [f"/blog/{page}index.md"]
        assert (out / page / "index.md").is_file()
    assert not list(out.rglob("draft*")) and not (out / "posts/future").exists()


def test_a_copy_reads_as_the_post_does(built: BuildResult) -> None:
    copy = (built.output_dir / "posts/newest/index.md").read_text(encoding="utf-8")
    blocks = copy.split("\n\n")
    assert blocks[0] == "# 最新的文章"
    assert blocks[1] == (
        "2026年02月20日 · Tester · 深度解读 · 阅读时间约 1 分钟 · 原文：https://venturebeat.com/ai/x/"
    )
    assert blocks[2] == "**一句话总结**：最新的一篇。"
    headings = re.findall(r"^#+ .+$", copy, re.M)
    assert headings == [
        "# 最新的文章",
        "## 正文",
        "## 要点回顾",
        "## 常见问题",
        "### 问题一？",
        "## 参考来源",
    ]
    # Links absolute: another post's source file, a root-relative link, a player.
    assert "[旧文](https://example.org/blog/posts/older/)" in copy
    assert "[关于](https://example.org/blog/about/)" in copy
    assert "[▶ YouTube](https://www.youtube.com/watch?v=dQw4w9WgXcQ)" in copy
    assert "公式 $a^2$。" in copy
    assert "答案里有 **粗体**。" in copy  # the frontmatter's FAQ, its Markdown kept
    assert copy.rstrip().endswith("网页：https://example.org/blog/posts/newest/")
    # An answer of the post's own Q&A section: its links absolute too (another post's
    # source file at that post's URL).
    asked = (built.output_dir / "posts/asked/index.md").read_text(encoding="utf-8")
    assert "### 和旧文什么关系？" in asked
    assert (
        "见[旧文](https://example.org/blog/posts/older/#x)和[关于](https://example.org/blog/about/)，"
    ) in asked
    # Written from the answer's Markdown, not its HTML: math, a fence's language, a table.
    assert "公式 $E=mc^2$" in asked
    assert "```py\nprint(1)\n```" in asked
    assert "| a | b |\n| --- | --- |\n| 1 | 2 |" in asked
    older = (built.output_dir / "posts/older/index.md").read_text(encoding="utf-8")
    assert "![图](https://example.org/blog/posts/older/chart.png)" in older


def test_llms_full_txt_holds_the_posts_newest_first(built: BuildResult) -> None:
    full = (built.output_dir / "llms-full.txt").read_text(encoding="utf-8")
    copies = [
        (built.output_dir / p / "index.md").read_text(encoding="utf-8")
        for p in ("posts/newest", "posts/asked", "posts/older")
    ]
    assert full == "\n---\n\n".join(copies) + "\n"
    assert "草稿" not in full and "未来" not in full


def test_llms_full_txt_stops_at_its_size_limit_and_says_so(tmp_path: Path) -> None:
    files = {
        f"content/posts/p{i}.md": post(title=f"第{i}篇", date=f"2026-01-{i:02d}", body="字" * 400)
        for i in range(1, 6)
    }
    site = write_site(tmp_path / "site", files, BASIC_CONFIG + "llms:\n  full_max_kb: 3\n")
    result = build(site, BuildOptions(output=tmp_path / "out", jobs=1))
    full = (result.output_dir / "llms-full.txt").read_text(encoding="utf-8")
    assert len(full.encode()) < 3 * 1024 + 200
    assert re.findall(r"^# (.+)$", full, re.M) == ["第5篇", "第4篇"]
    assert full.rstrip().endswith(
        "3 篇较早的文章因 llms-full.txt 的大小上限未收入，见 llms.txt 中的列表。"
    )


def test_a_preview_lists_no_draft_or_future_post_for_answer_engines(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES)
    result = Builder(site, BuildOptions(output=tmp_path / "out", preview=True)).build(now=NOW)
    out = result.output_dir
    assert (out / "posts/draft/index.html").is_file()  # the preview shows them…
    llms = (out / "llms.txt").read_text(encoding="utf-8")
    full = (out / "llms-full.txt").read_text(encoding="utf-8")
    for title in ("草稿", "未来"):  # …answer engines never see them
        assert title not in llms and title not in full


def test_llms_false_makes_none_of_it(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES, BASIC_CONFIG + "llms: false\n")
    out = Builder(site, BuildOptions(output=tmp_path / "out")).build(now=NOW).output_dir
    assert not (out / "llms.txt").exists() and not list(out.rglob("index.md"))
    html = parse(out / "posts/newest/index.html")
    assert not find_all(html, "link", type="text/markdown")
