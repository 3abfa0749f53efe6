"""Bad input: `path:line: message`, exit 1, no traceback, previous output untouched."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import files_under, post

from generator.build import BuildOptions, build
from generator.cli import main


def run_cli(site: Path, *args: str) -> tuple[int, str, str]:
    import io

    out, err = io.StringIO(), io.StringIO()
    code = main(["build", str(site), *args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


CASES: dict[str, tuple[dict[str, str | bytes], str]] = {
    "bad-yaml": (
        {"content/posts/a.md": "---\ntitle: [oops\ndate: 2026-01-01\n---\n"},
        "content/posts/a.md:2: invalid YAML: the `[` on this line is never closed",
    ),
    "missing-date": (
        {"content/posts/a.md": "---\ntitle: T\n---\nbody\n"},
        "content/posts/a.md:1: missing `date`",
    ),
    "invalid-date": (
        {"content/posts/a.md": "---\ntitle: T\ndate: 2026-02-30\n---\n"},
        "content/posts/a.md:3: `date`: '2026-02-30' is not a date",
    ),
    "duplicate-slug": (
        {"content/posts/a.md": post(slug="same"), "content/posts/b.md": post(slug="same")},
        "content/posts/b.md:4: two posts with the slug `same`: this one and content/posts/a.md",
    ),
    "slug-outside": (
        {"content/posts/a.md": post(slug="../../x")},
        "content/posts/a.md:4: slug '../../x'",
    ),
    "tag-slug-clash": (
        {"content/posts/a.md": post(tags="[AI Agent, ai-agent]")},
        "content/posts/a.md:4: tags `AI Agent` and `ai-agent` would share the URL slug `ai-agent`",
    ),
    "non-utf8": (
        {"content/posts/a.md": b"---\ntitle: T\ndate: 2026-01-01\n---\n\xff\n"},
        "content/posts/a.md:5: not valid UTF-8",
    ),
    "empty": ({"content/posts/a.md": ""}, "content/posts/a.md:1: empty file"),
    "broken-md-link": (
        {"content/posts/a.md": post(body="见[另一篇](nope.md)。\n")},
        "content/posts/a.md:6: link to content/posts/nope.md: no such post or page",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_a_clean_error(make_site: Callable[..., Path], case: str) -> None:
    files, expected = CASES[case]
    site = make_site(files)
    code, out, err = run_cli(site)
    assert code == 1
    assert expected in err, err
    assert "Traceback" not in err and out == ""
    assert not (site / "public").exists()  # nothing written


def test_errors_are_gathered_not_stopped_at_the_first(make_site: Callable[..., Path]) -> None:
    site = make_site(
        {
            "content/posts/a.md": "---\ntitle: T\n---\n",
            "content/posts/b.md": "---\ntitle: T\ndate: yesterday\n---\n",
        }
    )
    code, _, err = run_cli(site)
    assert code == 1
    assert re.findall(r"^content/posts/[ab]\.md:\d+:", err, re.M) == [
        "content/posts/a.md:1:",
        "content/posts/b.md:3:",
    ]
    assert "2 errors" in err


def test_failed_build_leaves_previous_output(make_site: Callable[..., Path]) -> None:
    site = make_site({"content/posts/a.md": post(title="第一版")})
    assert run_cli(site)[0] == 0
    before = files_under(site / "public")
    (site / "content/posts/a.md").write_text(post(title="第二版"), encoding="utf-8")
    (site / "content/posts/b.md").write_text("---\ntitle: [broken\n---\n", encoding="utf-8")
    assert run_cli(site)[0] == 1
    after = files_under(site / "public")
    assert after == before


def test_html_and_script_in_content_are_escaped_or_removed(
    make_site: Callable[..., Path],
) -> None:
    """In frontmatter, markup is text (escaped); in the body it is raw HTML, sanitised: the
    script is removed, with its text, and said so."""
    evil = "</script><script>alert(1)</script><!--"
    site = make_site(
        {
            "content/posts/a.md": (
                "---\n"
                f"title: '{evil} <b>bold</b>'\n"
                "date: 2026-01-01\n"
                f"tags: ['{evil}x']\n"
                f"description: '{evil}'\n"
                "---\n\n"
                f"## 常见问题\n\nQ: {evil}？\n\nA: 答案 `{evil}`\n"
            )
        }
    )
    # The tag's "/" and "<" cannot be in a URL: it gets a readable slug, and its name is
    # escaped wherever it is shown.
    result = build(site, BuildOptions())
    assert [t.slug for t in result.site.tags] == ["script-script-alert(1)-script-!-x"]
    (site / "content/posts/a.md").write_text(
        (site / "content/posts/a.md")
        .read_text()
        .replace(f"tags: ['{evil}x']", "tags: ['<img src=x onerror=alert(1)>']")
    )
    result = build(site, BuildOptions())
    html = (result.output_dir / "posts/a/index.html").read_text()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "&lt;/script&gt;" in html
    # JSON-LD cannot be closed early, and still parses to the original text.
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(scripts) == 3
    data = [json.loads(s) for s in scripts]
    assert data[0]["headline"] == f"{evil} <b>bold</b>"
    # The page shows the question without the script; JSON-LD says what the page shows.
    assert data[2]["mainEntity"][0]["name"] == "<!--？"
    assert "alert(1)" not in data[2]["mainEntity"][0]["name"]
    assert any("removed <script> and its content" in str(d) for d in result.diagnostics.items)
    for script in scripts:
        assert "<" not in script and ">" not in script


def test_faq_without_pairs_warns_and_strict_fails(make_site: Callable[..., Path]) -> None:
    site = make_site({"content/posts/a.md": post(body="## 常见问题\n\n还没有。\n")})
    code, out, err = run_cli(site)
    assert code == 0
    assert (
        "content/posts/a.md:6: warning: FAQ section `常见问题` has no question/answer pair" in err
    )
    assert "1 warning" in out
    (site / "public").rename(site / "old")
    code, out, err = run_cli(site, "--strict")
    assert code == 1 and "content/posts/a.md:6: FAQ section" in err
    assert not (site / "public").exists()


def test_config_errors_and_unknown_keys(make_site: Callable[..., Path]) -> None:
    site = make_site(
        {"content/posts/a.md": post()},
        config="title: T\nbase_url: not-a-url\nposts_per_page: 0\ncolour: blue\ntimezone: Mars/Base\n",
    )
    code, _, err = run_cli(site)
    assert code == 1
    assert "site.yml:2: `base_url`: must be an absolute http(s) URL" in err
    assert "site.yml:3: `posts_per_page`: must be a whole number of at least 1" in err
    assert "site.yml:4: warning: unknown key `colour` (ignored)" in err
    assert "site.yml:5: `timezone`: unknown time zone 'Mars/Base'" in err


def test_template_error_names_template_and_line(make_site: Callable[..., Path]) -> None:
    site = make_site(
        {
            "content/posts/a.md": post(),
            "themes/default/templates/post.html": (
                "{% extends 'base.html' %}\n{% set page_url = post.url %}\n"
                "{% block content %}\n{{ post.no_such_field }}\n{% endblock %}\n"
            ),
        }
    )
    code, _, err = run_cli(site)
    assert code == 1
    assert re.search(
        r"themes/default/templates/post\.html:4: template error: .*no_such_field", err
    ), err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{% if %}\n", "post\\.html:1: template error: .*"),  # a syntax error
        (b"\xff\xfe not text", "post\\.html:1: template error: not UTF-8 text"),
    ],
)
def test_a_broken_template_file_is_a_message_with_its_path(
    make_site: Callable[..., Path], content: bytes, message: str
) -> None:
    site = make_site(
        {
            "content/posts/a.md": post(),
            "themes/default/templates/post.html": content,
            "themes/default/templates/unused.html": b"\xff never rendered, never an error",
        }
    )
    code, _, err = run_cli(site)
    assert code == 1 and "Traceback" not in err
    assert re.search("themes/default/templates/" + message, err), err
    assert "unused.html" not in err


def test_template_error_in_a_worker_process_names_template_and_line(
    make_site: Callable[..., Path],
) -> None:
    files = {
        f"content/posts/p{i}.md": post(title=f"文章{i}") for i in range(70)
    }  # enough for a pool
    files["themes/default/templates/post.html"] = (
        "{% extends 'base.html' %}\n{% set page_url = post.url %}\n"
        "{% block content %}\n{{ post.no_such_field }}\n{% endblock %}\n"
    )
    site = make_site(files)
    code, _, err = run_cli(site, "--jobs", "2")
    assert code == 1
    assert re.search(
        r"themes/default/templates/post\.html:4: template error: .*no_such_field", err
    ), err
    # The workers wrote into a staging dir; it is gone, and no half site took its place.
    left = sorted(p.name for p in site.iterdir() if p.name != ".aiblog-cache")
    assert left == ["content", "site.yml", "themes"]


def test_an_unwritable_output_is_a_message_not_a_traceback(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    site = make_site({"content/posts/a.md": post()})
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the output dir should be")
    code, out, err = run_cli(site, "--output", str(blocker / "public"))
    assert code == 1
    assert err.startswith("aiblog: ") and "Traceback" not in err and out == ""


def test_links_in_frontmatter_faq_answers_resolve_and_are_checked(
    make_site: Callable[..., Path],
) -> None:
    faq = "faq:\n  - q: 哪里有背景？\n    a: 见[另一篇](b.md)和[不存在的](nope.md)。\n"
    site = make_site(
        {
            "content/posts/a.md": f"---\ntitle: A\ndate: 2026-01-01\n{faq}---\n正文。\n",
            "content/posts/b.md": post(title="B"),
        }
    )
    code, _, err = run_cli(site)
    assert (
        code == 1
        and "content/posts/a.md:4: link to content/posts/nope.md: no such post or page" in err
    )
    (site / "content/posts/a.md").write_text(
        f"---\ntitle: A\ndate: 2026-01-01\n{faq.replace('和[不存在的](nope.md)', '')}---\n正文。\n"
    )
    assert run_cli(site)[0] == 0
    assert 'href="/blog/posts/b/"' in (site / "public/posts/a/index.html").read_text()
