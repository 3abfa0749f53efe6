"""A theme's template that fails at run time is `template:line: message` and exit 1 from
`aiblog build`, never a traceback: in the build's own process, in its worker processes,
and in the templates of shortcodes (rendered while posts are read)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import post

from generator.cli import main

THEME = "themes/default/templates/"


def build_cli(site: Path, *args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["build", str(site), *args], out=out, err=err)
    return code, err.getvalue()


# (template files, the message expected on stderr)
RUNTIME_ERRORS: dict[str, tuple[dict[str, str], str]] = {
    "division by zero": (
        {"components/search_meta.html": "<p>\n{{ 1 // 0 }}</p>\n"},
        "components/search_meta.html:2: template error: ZeroDivisionError: integer division or modulo by zero",
    ),
    "format of the wrong type": (
        {"components/search_meta.html": "\n\n<p>{{ '%d' | format('x') }}</p>\n"},
        "components/search_meta.html:3: template error: TypeError: %d format: a real number is required, not str",
    ),
    "an include loop": (
        {
            "components/search_meta.html": "{% include 'components/loop.html' %}\n",
            "components/loop.html": "<p>\n{% include 'components/loop.html' %}\n",
        },
        "components/loop.html:2: template error: templates include, extend or call each other endlessly",
    ),
    "a template extending itself": (
        {"post.html": "{% extends 'post.html' %}\n"},
        "post.html:1: template error: templates include, extend or call each other endlessly",
    ),
    "a macro calling itself": (
        {
            "components/search_meta.html": "{% macro deeper(n) %}\n{{ deeper(n + 1) }}{% endmacro %}\n{{ deeper(1) }}\n"
        },
        "components/search_meta.html:2: template error: templates include, extend or call each other endlessly",
    ),
}


@pytest.mark.parametrize("case", list(RUNTIME_ERRORS))
def test_a_runtime_error_in_a_template(make_site: Callable[..., Path], case: str) -> None:
    templates, expected = RUNTIME_ERRORS[case]
    files = {THEME + name: text for name, text in templates.items()}
    site = make_site({"content/posts/a.md": post(), **files})
    code, err = build_cli(site)
    assert code == 1
    assert err.startswith(THEME + expected + "\n"), err
    assert "Traceback" not in err


@pytest.mark.parametrize("case", ["division by zero", "an include loop"])
def test_a_runtime_error_in_a_worker_process(make_site: Callable[..., Path], case: str) -> None:
    templates, expected = RUNTIME_ERRORS[case]
    files = {THEME + name: text for name, text in templates.items()}
    posts = {f"content/posts/p{i}.md": post(title=f"文章{i}") for i in range(70)}  # a pool
    site = make_site({**posts, **files})
    code, err = build_cli(site, "--jobs", "2")
    assert code == 1
    assert err.startswith(THEME + expected + "\n"), err
    assert "Traceback" not in err


def test_a_shortcode_template_failing_at_run_time_is_an_error_in_the_theme(
    make_site: Callable[..., Path],
) -> None:
    site = make_site(
        {
            "content/posts/a.md": post(body="前文。\n\n{{< boom 3 >}}\n"),
            THEME + "shortcodes/boom.html": "<span>\n{{ args[0] | int // 0 }}</span>\n",
        }
    )
    code, err = build_cli(site)
    assert code == 1
    assert err.startswith(
        THEME + "shortcodes/boom.html:2: template error: ZeroDivisionError: integer division or "
        "modulo by zero (rendering content/posts/a.md)\n"
    ), err
    assert "Traceback" not in err


def test_a_broken_callout_template_is_an_error_not_an_empty_callout(
    make_site: Callable[..., Path],
) -> None:
    """Callouts render through `shortcodes/callout.html` with no warning channel: a broken
    one used to leave every callout empty without a word."""
    site = make_site(
        {
            "content/posts/a.md": post(body="> [!NOTE]\n> 要注意。\n"),
            THEME + "shortcodes/callout.html": "<aside>\n{% if %}\n</aside>\n",
        }
    )
    code, err = build_cli(site)
    assert code == 1
    assert err.startswith(
        THEME + "shortcodes/callout.html:2: template error: Expected an expression, got 'end of "
        "statement block' (rendering content/posts/a.md)\n"
    ), err


def test_a_shortcode_template_failing_in_a_worker_process(make_site: Callable[..., Path]) -> None:
    """Shortcodes are rendered while posts are read, in worker processes when there are many."""
    posts = {f"content/posts/p{i}.md": post(title=f"文章{i}") for i in range(70)}
    posts["content/posts/p7.md"] = post(title="用了短代码", body="{{< boom >}}\n")
    site = make_site(
        {**posts, THEME + "shortcodes/boom.html": "<b>\n{{ '%d' | format('x') }}</b>\n"}
    )
    code, err = build_cli(site, "--jobs", "2")
    assert code == 1
    assert err.startswith(
        THEME + "shortcodes/boom.html:2: template error: TypeError: %d format: a real number "
        "is required, not str (rendering content/posts/p7.md)\n"
    ), err
