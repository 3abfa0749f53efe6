"""Each Markdown construct of aiblog's dialect against its fixture file
(`tests/fixtures/markdown/<plugin>.md`, markdown-it-py's format: title, `.`, input, `.`,
expected, `.`), one test per case; then the real blogs of `../shared/corpora` read through
the same parser.

A case renders the input as a post at `content/posts/post.md` (body from line 1) of a
Chinese site under `/blog/`, CJK breaks on; a title ending in `[lang=en]` or
`[cjk_breaks=off]` changes that. The expected text is the HTML, then one line
`error: LINE: MESSAGE` per error and `warning: LINE: MESSAGE` per warning (and, in
links.md, `ref: LINE: TARGET` per link to another source file). `pytest --update-golden`
rewrites the expected parts (review the diff).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import write_image_assets
from markdown_it import MarkdownIt
from markdown_it.utils import read_fixture_file

from generator.analyse import analyse
from generator.errors import Diagnostics
from generator.markdown import MarkdownOptions, create_markdown
from generator.markdown.report import reports

FIXTURES = Path(__file__).parent / "fixtures" / "markdown"
CASES = [
    pytest.param(path, line, title, source, expected, id=f"{path.stem}:{line + 1}:{title}")
    for path in sorted(FIXTURES.glob("*.md"))
    for line, title, source, expected in read_fixture_file(path)
]
_SETTING = re.compile(r"\[(lang|cjk_breaks|breaks)=(\w+)\]")


def render(title: str, source: str, stem: str, assets: Path) -> str:
    settings = dict(_SETTING.findall(title))
    md = create_markdown(
        MarkdownOptions(
            base_path="/blog/",
            cjk_breaks=settings.get("cjk_breaks") != "off",
            breaks=settings.get("breaks") == "on",
        )
    )
    env: dict[str, Any] = {
        "source": "content/posts/post.md",
        "body_line": 1,
        "lang": settings.get("lang", "zh"),
        "site_dir": assets,  # with the files images.md refers to
    }
    if stem == "images":  # a page bundle, its images beside it (as read.py says)
        env["source"] = "content/posts/bundle/index.md"
        env["asset_dir"] = "content/posts/bundle"
    html = md.render(source, env)
    errors = "".join(f"error: {line}: {message}\n" for line, message in env.get("unsafe", ()))
    warnings = "".join(f"warning: {line}: {message}\n" for line, message in reports(env))
    refs = "".join(f"ref: {r.line}: {r.target}\n" for r in env["refs"]) if stem == "links" else ""
    return html + errors + warnings + refs


def _rewrite(path: Path, title: str, source: str, actual: str) -> None:
    """Replace the expected part of the case (found afresh: earlier rewrites move lines)."""
    line = next(n for n, t, s, _e in read_fixture_file(path) if (t, s) == (title, source))
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    dots = [i for i in range(line, len(lines)) if lines[i].rstrip() == "."][:3]
    lines[dots[1] + 1 : dots[2]] = [actual]
    path.write_text("".join(lines), encoding="utf-8")


@pytest.fixture(scope="module")
def image_assets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("images")
    write_image_assets(site)
    return site


@pytest.mark.parametrize(("path", "line", "title", "source", "expected"), CASES)
def test_construct(
    path: Path,
    line: int,
    title: str,
    source: str,
    expected: str,
    request: pytest.FixtureRequest,
    image_assets: Path,
) -> None:
    actual = render(title, source, path.stem, image_assets)
    if request.config.getoption("--update-golden") and actual != expected:
        _rewrite(path, title, source, actual)
        return
    assert actual == expected


def test_cjk_breaks_reach_derived_text_and_warnings_their_file_line() -> None:
    """Descriptions and reading time read the text as the page shows it; a plugin's warning
    is a Diagnostic at the line of the file (the body starts at line 5 here)."""
    diags = Diagnostics()
    result = analyse(
        "模型卡死了。\n流式输出恢复了。\n\n<img src=x.png onerror=alert(1)>\n",
        rel="content/posts/x.md",
        body_line=5,
        markdown=MarkdownOptions(cjk_breaks=True),
        cjk_per_minute=300,
        words_per_minute=200,
        diags=diags,
    )
    assert result.first_paragraph == "模型卡死了。流式输出恢复了。"
    assert [str(d) for d in diags.items] == [
        "content/posts/x.md:8: warning: raw HTML: removed event handler `onerror` of <img>"
    ]


# The real blogs of ../shared/corpora, read as a browser reads them.
CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
CORPUS_POSTS = sorted(CORPORA.glob("*/content/**/*.md")) if CORPORA.is_dir() else []
_CODE = re.compile(r"<pre\b.*?</pre>|<code\b.*?</code>", re.S)
_THEME_SYNTAX = re.compile(r"\{\{[<%]|\{%|\{:|\{\{\s*[A-Za-z_]\w*\(")
_TAG_AS_TEXT = re.compile(r"&lt;/?[A-Za-z][\w-]*[\s/&]|&lt;!--")
# TeX as written: $$…$$, \(…\), \[…\], or $…$ holding a command, ^, _ or =.
_TEX = re.compile(r"\$\$.+?\$\$|\\\(.+?\\\)|\\\[.+?\\\]|\$[^$\s][^$\n]*[\\^_=][^$\n]*\$", re.S)


def body_of(text: str) -> str:
    """The Markdown after the frontmatter (`---`, `+++`, or Hexo's form without the
    opening line), read leniently: here only the body matters."""
    lines = text.replace("\r\n", "\n").split("\n")
    fence = lines[0].strip()
    if fence in ("---", "+++"):
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == fence), 0)
        return "\n".join(lines[end + 1 :])
    end = next((i for i, line in enumerate(lines) if line.strip() == "---"), None)
    if end is not None and re.match(r"^[\w-]+:", lines[0]):
        return "\n".join(lines[end + 1 :])
    return text


def _outside_code(html: str) -> str:
    return _CODE.sub("", html)


@pytest.mark.skipif(not CORPUS_POSTS, reason="no ../shared/corpora beside the repository")
@pytest.mark.parametrize(
    "path", CORPUS_POSTS, ids=[str(p.relative_to(CORPORA)) for p in CORPUS_POSTS]
)
def test_corpus_post_reads_right(path: Path) -> None:
    """No shortcode, Liquid tag or attribute list shown as text, no HTML tag or comment as
    text, and MathML wherever the source has math outside code."""
    body = body_of(path.read_text(encoding="utf-8-sig"))
    md = create_markdown(MarkdownOptions(base_path="/blog/", cjk_breaks=True))
    env: dict[str, Any] = {"source": "content/posts/" + path.name, "body_line": 1, "lang": "en"}
    shown = _outside_code(md.render(body, env))
    assert not _THEME_SYNTAX.findall(shown)
    assert not _TAG_AS_TEXT.findall(shown)
    # Where the source has TeX outside code (code found by plain CommonMark), MathML.
    plain = _outside_code(MarkdownIt("commonmark", {"html": True}).render(body))
    if _TEX.search(plain):
        assert "<math" in shown
