"""Each construct of aiblog's Markdown as the Markdown copy writes it
(`tests/fixtures/markdown_copy/constructs.md`, markdown-it-py's fixture format: title,
`.`, input, `.`, expected Markdown, `.`), as a post at /blog/posts/post/ whose links are
made absolute; `pytest --update-golden` rewrites the expected parts (review the diff)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from markdown_it.token import Token
from markdown_it.utils import read_fixture_file

from generator.markdown import REF_PREFIX, MarkdownOptions, create_markdown
from generator.markdown.absolute_links import OPEN, absolutizer, resolve
from generator.markdown.to_markdown import to_markdown

FIXTURE = Path(__file__).parent / "fixtures" / "markdown_copy" / "constructs.md"
PAGE = "https://example.org/blog/posts/post/"
OTHER_POSTS = {"content/posts/hello.md": "https://example.org/blog/posts/hello/"}
CASES = [
    pytest.param(line, title, source, expected, id=f"{line + 1}:{title}")
    for line, title, source, expected in read_fixture_file(FIXTURE)
]
FALLBACK = "<p>FALLBACK</p>"


def copy_of(source: str) -> str:
    md = create_markdown(MarkdownOptions(base_path="/blog/", cjk_breaks=True))
    env: dict[str, Any] = {"source": "content/posts/post.md", "body_line": 1, "lang": "zh"}
    tokens = md.parse(source, env)
    text = to_markdown(md, tokens, env, FALLBACK)
    assert text != "FALLBACK", "mdformat could not walk these tokens"
    return resolve(text, absolutizer(PAGE, "https://example.org", REF_PREFIX, OTHER_POSTS))


def _rewrite(title: str, source: str, actual: str) -> None:
    line = next(n for n, t, s, _e in read_fixture_file(FIXTURE) if (t, s) == (title, source))
    lines = FIXTURE.read_text(encoding="utf-8").splitlines(keepends=True)
    dots = [i for i in range(line, len(lines)) if lines[i].rstrip() == "."][:3]
    lines[dots[1] + 1 : dots[2]] = [actual]
    FIXTURE.write_text("".join(lines), encoding="utf-8")


@pytest.mark.parametrize(("line", "title", "source", "expected"), CASES)
def test_construct_as_markdown(
    line: int, title: str, source: str, expected: str, request: pytest.FixtureRequest
) -> None:
    actual = copy_of(source) + "\n"
    if request.config.getoption("--update-golden"):
        _rewrite(title, source, actual)
        return
    assert actual == expected


def test_a_token_mdformat_cannot_walk_leaves_the_html_as_markdown() -> None:
    md = create_markdown(MarkdownOptions())
    env: dict[str, Any] = {"source": "content/posts/post.md", "refs": []}
    tokens = [Token("a_plugin_of_tomorrow", "", 0)]
    html = '<p>文字和<a href="https://example.com/">链接</a></p>'
    text = to_markdown(md, tokens, env, html)
    assert text == f"文字和[链接]({OPEN}https://example.com/\ue003)"


def test_templates_rendered_for_the_copy_warn_nothing_twice() -> None:
    md = create_markdown(MarkdownOptions())
    env: dict[str, Any] = {"source": "content/posts/post.md", "refs": [], "body_line": 1}
    tokens = md.parse("{{< unknown x >}}\n\n[a](other.md)\n", env)
    before = (list(env.get("reports", [])), list(env["refs"]))
    to_markdown(md, tokens, env, "")
    assert (env.get("reports", []), env["refs"]) == before
