"""Only http, https, mailto and relative URLs reach a page or a feed, wherever they come
from; control characters never do, and feeds always parse as strict XML."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import html5lib
import pytest
from conftest import files_under, post, write_site

from generator.cli import main
from generator.safeurls import scheme_of, url_problem

HOSTILE = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "\tjava\nscript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "file:///etc/passwd",
]


def run(site: Path, *args: str) -> tuple[int, str]:
    err = io.StringIO()
    code = main(
        ["build", str(site), "--output", str(site.parent / "out"), *args], io.StringIO(), err
    )
    return code, err.getvalue()


@pytest.mark.parametrize("url", HOSTILE)
def test_unsafe_schemes_are_refused_as_a_browser_reads_them(url: str) -> None:
    assert url_problem(url) is not None
    assert scheme_of(url) in ("javascript", "vbscript", "data", "file")


@pytest.mark.parametrize(
    "url",
    [
        "https://a.example/x",
        "http://a.example",
        "mailto:me@a.example",
        "/about/",
        "../x.md",
        "x.png",
        "#faq",
        "?q=1",
        "//cdn.example/x.js",
    ],
)
def test_safe_urls_pass(url: str) -> None:
    assert url_problem(url) is None


def test_every_place_a_url_comes_from_is_checked_with_its_line(tmp_path: Path) -> None:
    bad = "javascript:alert(1)"
    site = write_site(
        tmp_path / "site",
        {
            "content/posts/a.md": f"""\
                ---
                title: A
                date: 2026-01-01
                source: {bad}
                author:
                  name: X
                  url: {bad}
                cover: {bad}
                faq:
                  - q: Why?
                    a: "[here]({bad})"
                ---

                [a link]({bad}) and ![an image](vbscript:x)

                <{bad}>
                """,
        },
        config=(
            "title: T\nbase_url: https://example.org/\n"
            f"author:\n  name: Me\n  url: {bad}\n"
            f"nav:\n  - title: Evil\n    url: {bad}\n"
            f"og_image: data:image/png;base64,AAAA\n"
        ),
    )
    code, err = run(site)
    assert code == 1 and "Traceback" not in err
    # site.yml first (it stops the build before the posts are read)
    assert (
        "site.yml:3: `author`: the url of 'Me', 'javascript:alert(1)', uses the scheme `javascript:`"
        in err
    )
    assert "site.yml:6: `nav`: `nav[0].url` uses the scheme `javascript:`" in err
    assert "site.yml:9: `og_image`: uses the scheme `data:`" in err
    (site / "site.yml").write_text("title: T\nbase_url: https://example.org/\n", "utf-8")
    code, err = run(site)
    assert code == 1
    for expected in (
        "content/posts/a.md:4: `source`:",
        "content/posts/a.md:5: `author` the url of 'X', 'javascript:alert(1)', uses the scheme",
        "content/posts/a.md:8: `cover` must be an http(s) URL or a path, not 'javascript:",
    ):
        assert expected in err, err
    (site / "content/posts/a.md").write_text(
        post(
            title="A", date="2026-01-01", body=f"[a link]({bad})\n\n![i](vbscript:x)\n\n<{bad}>\n"
        ),
        "utf-8",
    )
    code, err = run(site)
    assert code == 1
    assert "content/posts/a.md:6: link 'javascript:alert(1)' uses the scheme `javascript:`" in err
    assert "content/posts/a.md:8: link 'vbscript:x' uses the scheme `vbscript:`" in err
    assert "content/posts/a.md:10: link 'javascript:alert(1)'" in err
    (site / "content/posts/a.md").write_text(
        f"---\ntitle: A\ndate: 2026-01-01\nfaq:\n  - q: Why?\n    a: '[x]({bad})'\n---\n正文\n",
        "utf-8",
    )
    code, err = run(site)
    assert code == 1 and "content/posts/a.md:4: link 'javascript:alert(1)'" in err


def _urls_in(html: str) -> list[str]:
    """Every URL-bearing attribute, parsed as a browser parses the page."""
    document = html5lib.parse(html, namespaceHTMLElements=False)
    found = []
    for element in document.iter():
        for name in ("href", "src", "action", "formaction", "poster", "content"):
            value = element.get(name)
            if value is not None and (name != "content" or "://" in value or ":" in value[:12]):
                found.append(value)
    return found


def test_the_built_example_blog_links_only_with_safe_schemes(
    example_copy: Path, tmp_path: Path
) -> None:
    err = io.StringIO()
    assert (
        main(["build", str(example_copy), "--output", str(tmp_path / "out")], io.StringIO(), err)
        == 0
    )
    checked = 0
    for rel, data in files_under(tmp_path / "out").items():
        if rel.endswith(".html"):
            for url in _urls_in(data.decode("utf-8")):
                checked += 1
                scheme = scheme_of(url)
                assert scheme in (None, "http", "https", "mailto"), (rel, url)
                if scheme in ("http", "https"):
                    assert urlsplit(url).netloc, (rel, url)
    assert checked > 200


def test_control_characters_never_reach_a_feed(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "content/posts/a.md": '---\ntitle: "Bell\\x07 and\\x1b escape"\ndate: 2026-01-01\n'
            "tags: [x]\n---\n\nText with a \x0b vertical tab and \x00 NUL.\n",
        },
    )
    code, err = run(site)
    assert code == 0, err
    assert "content/posts/a.md:7: warning: control characters removed" in err
    out = site.parent / "out"
    for feed in ("feed.xml", "rss.xml", "tags/x/feed.xml", "sitemap.xml"):
        ET.fromstring((out / feed).read_bytes())  # strict XML: raises on a control character
    for rel, data in files_under(out).items():
        if rel.endswith((".html", ".xml")):
            assert not any(byte < 9 or byte in (11, 12) or 14 <= byte < 32 for byte in data), rel


def test_site_yml_may_allow_an_app_link_scheme_in_posts_but_never_a_hostile_one(
    tmp_path: Path,
) -> None:
    """A contact page's `tel:` or QQ (`tencent:`) links fail the build, saying how to allow
    them; `markdown.link_schemes` allows them in posts and pages (Markdown links and raw
    HTML); `javascript:` and its kind can never be allowed, and frontmatter stays strict."""
    body = '[QQ](tencent://message/?uin=1) <a href="tel:+8610">电话</a> [x](javascript:alert(1))'
    site = write_site(tmp_path / "site", {"content/posts/a.md": post(body=body)})
    code, err = run(site)
    assert code == 1
    assert (
        "content/posts/a.md:6: link 'tencent://message/?uin=1' uses the scheme `tencent:` "
        "(allowed: http, https, mailto, or a relative URL); site.yml's `markdown.link_schemes` "
        "can allow it" in err
    )
    assert (
        "javascript:alert(1)' uses the scheme `javascript:` (allowed: http, https, mailto, or a relative URL)\n"
        in err
    )
    assert "raw HTML: removed `tel:` URL of <a href>" in err  # raw HTML: a warning

    config = "title: T\nbase_url: https://example.org/\nmarkdown:\n  link_schemes: [{}]\n"
    (site / "site.yml").write_text(config.format('tel, "Tencent:"'), "utf-8")
    # A shortcode's URL argument is allowed as Markdown links are (LoveIt's `link`).
    allowed = body.split(" [x]")[0] + '\n\n{{< link "tel:+8620" "打电话" >}}\n'
    (site / "content/posts/a.md").write_text(post(body=allowed), "utf-8")
    code, err = run(site)
    assert code == 0, err
    assert "removed" not in err
    page = (site.parent / "out/posts/a/index.html").read_text("utf-8")
    assert 'href="tencent://message/?uin=1"' in page and 'href="tel:+8610"' in page
    assert 'href="tel:+8620"' in page

    (site / "content/posts/a.md").write_text(post(source="tel:+8610", body="x"), "utf-8")
    code, err = run(site)
    assert code == 1 and "`source`: 'tel:+8610' uses the scheme `tel:`" in err

    for hostile in ("javascript", "data", "VBScript", "file"):
        (site / "site.yml").write_text(config.format(hostile), "utf-8")
        code, err = run(site)
        assert code == 1 and "it is never allowed" in err, err
