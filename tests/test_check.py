"""`aiblog check`: a fixture site with one of every problem, reported where it was written;
the pieces (URL resolution, XML shapes, HTML scanning); external links against a local
server only."""

from __future__ import annotations

import http.server
import io
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import FIXTURES, post

from generator.check import EXTERNAL_CACHE, check_site
from generator.check_external import ExternalOptions, HostPacer
from generator.check_feeds import check_xml
from generator.check_html import scan_page
from generator.check_links import External, Internal, _written, classify, target_file
from generator.cli import main

# Lines of output files made by the default theme's base.html (which other work changes)
# are compared as "N".
EXPECTED = """\
about/index.html:5: broken asset: /blog/static/css/missing.css (no such file)
about/index.html:6: broken script: /blog/static/js/missing.js (no such file)
about/index.html:7: JSON-LD does not parse: Expecting value: line 1 column 44 (char 43)
content/posts/a.md:9: broken link: /blog/gone/ (no such file)
content/posts/a.md:15: broken link: /blog/missing/ (no such file)
content/posts/a.md:17: broken anchor: #no-such-anchor (no id “no-such-anchor” on this page)
content/posts/a.md:19: broken anchor: /blog/posts/b/#nowhere (no id “nowhere” on /blog/posts/b/)
content/posts/a.md:21: broken image: missing.png (no such file)
content/posts/a.md:23: broken link: https://example.org/blog/absent/ (no such file)
content/posts/a.md:25: broken link: /blog/posts/draft/ (no such file)
feed.xml: Atom feed has no <id>
feed.xml:9: feed links to https://example.org/blog/posts/a/gone/, which is not a page of the site
feed.xml:15: feed links to https://example.org/blog/posts/b/gone/, which is not a page of the site
posts/a/index.html:N: broken image: /blog/static/badge.svg (no such file) (and on 1 other page)
rss.xml:5: does not parse as XML: mismatched tag: line 5, column 4
site.yml:10: broken link: /blog/nowhere/ (no such file)
sitemap.xml:8: sitemap URL https://example.org/blog/retired/ is not a page of the site
tags/测试/feed.xml: Atom feed has no <id>
tags/测试/feed.xml:9: feed links to https://example.org/blog/posts/a/gone/, which is not a page of the site
"""


def _shown(lines: str) -> str:
    return re.sub(r"^(posts/a/index\.html):\d+:", r"\1:N:", lines, flags=re.M)


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    return shutil.copytree(FIXTURES / "broken-links", tmp_path / "site")


def test_every_problem_is_reported_once_where_it_was_written(broken: Path) -> None:
    report = check_site(broken)
    assert _shown("".join(f"{d}\n" for d in report.diagnostics.sorted())) == EXPECTED
    # The summary's link to /gone/ is on the home page too: reported once, at its source;
    # the theme's badge.svg is on both posts: reported once, with the count of the others.
    assert report.pages == 8 and report.links > 100


def test_cli_prints_the_problems_and_exits_1(broken: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["check", str(broken)], out=out, err=err) == 1
    lines = out.getvalue().splitlines()
    assert _shown("\n".join(lines[:-1]) + "\n") == EXPECTED
    assert re.fullmatch(r"Checked 8 pages and \d+ links: 19 problems\.", lines[-1])
    assert not (broken / "public").exists()  # built in a temporary dir


def test_a_sound_site_passes(make_site: Callable[..., Path]) -> None:
    site = make_site(
        {
            "content/posts/a.md": post(
                body="见[另一篇](b.md#二)和[本节](#一)。\n\n## 一\n\n文字。\n"
            ),
            "content/posts/b.md": post(title="乙", date="2026-01-01", body="## 二\n\n文字。\n"),
            "content/pages/about.md": "---\ntitle: 关于\n---\n\n[首页](/)\n",
        }
    )
    out, err = io.StringIO(), io.StringIO()
    assert main(["check", str(site)], out=out, err=err) == 0, out.getvalue()
    assert out.getvalue().endswith(": 0 problems.\n")


def test_a_site_that_does_not_build_fails_the_check(make_site: Callable[..., Path]) -> None:
    site = make_site(
        {"content/posts/a.md": "---\ntitle: A\ndate: 2026-02-30\n---\n\n日期不存在。\n"}
    )
    out, err = io.StringIO(), io.StringIO()
    assert main(["check", str(site)], out=out, err=err) == 1
    assert "content/posts/a.md" in err.getvalue()
    assert err.getvalue().endswith("Check failed: the site does not build.\n")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/blog/x/", Internal("/blog/x/", "")),
        ("../b/#%E4%B8%80", Internal("/blog/posts/b/", "一")),
        ("#frag", Internal("/blog/posts/a/", "frag")),
        ("https://example.org/blog/c/#d", Internal("/blog/c/", "d")),
        ("https://example.org/elsewhere/", External("https://example.org/elsewhere/")),
        ("//cdn.example.com/x.js#y", External("https://cdn.example.com/x.js")),
        ("mailto:a@example.org", None),
        ("ftp://example.org/", None),
    ],
)
def test_classify(url: str, expected: object) -> None:
    assert classify(url, "/blog/posts/a/", "https://example.org", "/blog/") == expected


def test_target_file(tmp_path: Path) -> None:
    (tmp_path / "posts/a").mkdir(parents=True)
    (tmp_path / "posts/a/index.html").write_text("x")
    (tmp_path / "feed.xml").write_text("x")
    assert target_file(tmp_path, "/blog/", "/blog/posts/a/") == "posts/a/index.html"
    assert target_file(tmp_path, "/blog/", "/blog/posts/a") == "posts/a/index.html"
    assert target_file(tmp_path, "/blog/", "/blog/feed.xml") == "feed.xml"
    assert target_file(tmp_path, "/blog/", "/blog/feed.xml/") is None
    assert target_file(tmp_path, "/blog/", "/blog/posts/b/") is None
    assert target_file(tmp_path, "/blog/", "/other/posts/a/") is None
    assert target_file(tmp_path, "/blog/", "/blog/../etc/passwd") is None


def test_a_url_is_found_only_as_a_whole_url() -> None:
    assert _written("/nope/", "[x](/nope/)")
    assert _written("/nope/", "    url: /nope/")
    assert not _written("/nope/", "[x](/nope/deeper/)")
    assert not _written("#a", "[x](#ab)")


def test_scan_page_finds_ids_references_and_json_ld() -> None:
    scan = scan_page(
        '<h2 id="一">t</h2><a name="old"></a>\n<img src="a.png" srcset="b.png 2x, c.png 3x">\n'
        '<link rel="preconnect" href="https://x.example/"><link rel="icon" href="/i.svg">\n'
        '<meta property="og:image" content="/og.png"><a href="mailto:x@y">m</a>\n'
        '<script type="application/ld+json">{"a": 1}</script>'
    )
    assert scan.ids == {"一", "old"}
    assert [(r.kind, r.url, r.line) for r in scan.references] == [
        ("image", "a.png", 2),
        ("image", "b.png", 2),
        ("image", "c.png", 2),
        ("asset", "/i.svg", 3),
        ("image", "/og.png", 4),
        ("link", "mailto:x@y", 4),
    ]
    assert scan.json_ld == [(5, '{"a": 1}')]


def test_feed_shapes() -> None:
    def no(url: str) -> bool:
        return False

    rss = b'<rss version="2.0"><channel><title>t</title><item><link>https://x/</link></item></channel></rss>'
    assert [p.message for p in check_xml("rss.xml", rss, no)] == [
        "RSS channel has no <link>",
        "RSS channel has no <description>",
        "RSS item 1 has neither <title> nor <description>",
        "feed links to https://x/, which is not a page of the site",
    ]
    assert [p.message for p in check_xml("feed.xml", b"<html/>", no)] == [
        "is not an Atom or RSS feed (its root is <html>)"
    ]
    atom = b'<feed xmlns="http://www.w3.org/2005/Atom"><id>i</id><title>t</title><updated>u</updated><entry><id>e</id></entry></feed>'
    assert [p.message for p in check_xml("feed.xml", atom, no)] == [
        "Atom entry 1 has no title, updated, link or content"
    ]


# -- external links, against a server on 127.0.0.1 only ---------------------------------


class _Answers(http.server.BaseHTTPRequestHandler):
    log: list[tuple[str, str, float]] = []

    def _answer(self) -> None:
        self.log.append((self.command, self.path, time.monotonic()))
        if self.path == "/slow":
            time.sleep(1.5)
        status = {"/ok": 200, "/gone": 404, "/slow": 200, "/broken": 500}.get(self.path, 200)
        if self.path == "/no-head":
            status = 405 if self.command == "HEAD" else 200
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = do_GET = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def answers() -> Iterator[tuple[str, list[tuple[str, str, float]]]]:
    log: list[tuple[str, str, float]] = []
    handler = type("Handler", (_Answers,), {"log": log})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", log
    server.shutdown()
    server.server_close()


def test_external_links_are_checked_paced_and_cached(
    make_site: Callable[..., Path], answers: tuple[str, list[tuple[str, str, float]]]
) -> None:
    base, log = answers
    body = "\n\n".join(
        f"[{name}]({base}/{name})" for name in ("ok", "gone", "slow", "broken", "no-head")
    )
    site = make_site({"content/posts/a.md": post(body=f"{body}\n\n[again]({base}/ok#part)\n")})
    options = ExternalOptions(timeout=0.5, concurrency=4, per_host_interval=0.1)
    report = check_site(site, external=True, external_options=options)
    assert [str(d) for d in report.diagnostics.sorted()] == [
        f"content/posts/a.md:8: external link {base}/gone answered 404 Not Found",
        f"content/posts/a.md:10: external link {base}/slow no answer within 0.5 s",
        f"content/posts/a.md:12: external link {base}/broken answered 500 Internal Server Error",
    ]
    assert report.external_asked == 5  # /ok and /ok#part are one link
    assert ("GET", "/no-head") in [(m, p) for m, p, _ in log]  # HEAD refused: GET answered
    starts = sorted(when for method, _path, when in log if method == "HEAD")
    assert len(starts) == 5
    # One host: paced 0.1 s apart, so the five arrive over 0.4 s at least. (Measured where
    # they arrive: one gap can look short when the request before it was slow to arrive, on
    # a busy CI machine, so the span is checked, with room for that. The pacer's own
    # spacing is checked exactly, on its own clock, in the test below.)
    assert starts[-1] - starts[0] >= 0.3
    assert (site / EXTERNAL_CACHE).is_file()
    log.clear()
    again = check_site(site, external=True, external_options=options)
    assert again.external_asked == 3  # only the links that failed are asked again
    assert {p for _, p, _ in log} == {"/gone", "/slow", "/broken"}


def test_host_pacer_spaces_requests_to_one_host_only() -> None:
    pacer = HostPacer(0.2)
    started = time.monotonic()
    pacer.wait("a")
    pacer.wait("b")
    assert time.monotonic() - started < 0.1
    pacer.wait("a")
    assert time.monotonic() - started >= 0.19
