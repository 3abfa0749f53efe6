"""YAML errors point at the line the author must fix: for a bracket or quote that is never
closed, the line where it opens, not the line where the parser gave up."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BASIC_CONFIG

from generator.cli import main
from generator.yamlload import LoadError, load_yaml

UNCLOSED = [
    ("title: x\ntags: [AI\ncategory: c\nsummary: s\n", 2, "`[`", "`]`"),
    ("title: x\nauthor: {name: 王\nlang: zh\n", 2, "`{`", "`}`"),
    ('title: "未完的标题\ndate: 2026-01-01\n', 1, '`"`', '`"`'),
    ("title: x\ndescription: 'it\ndate: 2026-01-01\n", 2, "`'`", "`'`"),
    ("标题: 中文\n标签: [人工智能, 评论\n日期: 1\n", 2, "`[`", "`]`"),  # columns count characters
]


@pytest.mark.parametrize(("text", "line", "opener", "closer"), UNCLOSED)
def test_an_unclosed_bracket_or_quote_is_reported_where_it_opens(
    text: str, line: int, opener: str, closer: str
) -> None:
    assert load_yaml(text) == LoadError(
        line, f"invalid YAML: the {opener} on this line is never closed: add the missing {closer}"
    )


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("title: a: b\n", 1, "invalid YAML: mapping values are not allowed"),
        ("title: x\n  date: y\n", 2, "invalid YAML: mapping values are not allowed"),
        ("tags: [a b: c: d]\n", 1, "invalid YAML: "),  # opened and failed on one line
    ],
)
def test_other_errors_keep_the_line_where_the_parser_stopped(
    text: str, line: int, message: str
) -> None:
    error = load_yaml(text)
    assert isinstance(error, LoadError) and error.line == line
    assert error.message.startswith(message) and "never closed" not in error.message


def build_errors(site: Path) -> str:
    out, err = io.StringIO(), io.StringIO()
    assert main(["build", str(site)], out=out, err=err) == 1
    return err.getvalue()


def test_frontmatter_tags_unclosed_on_line_4(make_site: Callable[..., Path]) -> None:
    post = (
        "---\ntitle: 标题\ndate: 2026-02-06\ntags: [AI\ncategory: 评论\n"
        "description: 一句话\n---\n\n正文。\n"
    )
    site = make_site({"content/posts/a.md": post})
    assert (
        "content/posts/a.md:4: invalid YAML: the `[` on this line is never closed: add the "
        "missing `]`" in build_errors(site)
    )


def test_site_yml_unclosed_on_its_line(make_site: Callable[..., Path]) -> None:
    site = make_site(
        {}, config=BASIC_CONFIG + "nav: [{title: 归档, url: /archive/}\nfeed_limit: 5\n"
    )
    line = BASIC_CONFIG.count("\n") + 1
    assert f"site.yml:{line}: invalid YAML: the `[` on this line is never closed" in build_errors(
        site
    )
