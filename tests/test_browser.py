"""End to end in headless Chromium: edit, save, see it; break it, see the overlay; fix it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BROWSER_TESTS, Running, post

pytestmark = BROWSER_TESTS
LONG_BODY = (
    "\n\n".join(f"第 {n} 段：用来滚动的正文。" * 6 for n in range(60)) + "\n\n原来的结尾。\n"
)


@pytest.fixture
def served(serving: Callable[[dict[str, str]], Running]) -> Running:
    return serving(
        {
            "content/posts/a.md": post(
                title="会变的文章", date="2026-01-01", body=LONG_BODY, tags="[测试]"
            ),
            "content/posts/b.md": post(
                title="带问答的文章",
                date="2026-01-02",
                body="## 常见问题\n\nQ: 能看到吗？\n\nA: 不用脚本也能看到。\n",
            ),
        }
    )


def test_edit_reload_overlay_and_fix(browser, served: Running) -> None:  # type: ignore[no-untyped-def]
    site: Path = served.site  # type: ignore[attr-defined]
    page = browser.new_page(viewport={"width": 900, "height": 700})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"http://127.0.0.1:{served.port}/blog/posts/a/")
    assert page.locator("h1.post-title").inner_text() == "会变的文章"
    page.wait_for_function("() => document.getElementById('aiblog-livereload') !== null")
    page.wait_for_timeout(300)  # let the event stream connect
    page.evaluate("window.scrollTo(0, 1500)")

    # 1. Save a change: the page shows it by itself and keeps its scroll position.
    path = site / "content/posts/a.md"
    path.write_text(
        post(
            title="会变的文章",
            date="2026-01-01",
            body=LONG_BODY.replace("原来的结尾", "新的结尾"),
            tags="[测试]",
        ),
        encoding="utf-8",
    )
    page.wait_for_selector("text=新的结尾", state="attached", timeout=3000)
    page.wait_for_function("() => window.scrollY > 1000", timeout=3000)

    # 2. Break the frontmatter: an overlay names the file and line; the last good page stays.
    path.write_text(
        "---\ntitle: 会变的文章\ndate: 2026-01-01\ntags: [未闭合\n---\n正文\n", encoding="utf-8"
    )
    overlay = page.locator("#aiblog-error-overlay")
    overlay.wait_for(state="visible", timeout=3000)
    assert "content/posts/a.md:" in overlay.inner_text() and "invalid YAML" in overlay.inner_text()
    assert page.locator("text=新的结尾").count() == 1

    # 3. Fix it: the overlay goes and the page reloads with the fixed text.
    path.write_text(
        post(title="修好的文章", date="2026-01-01", body="修好了。\n", tags="[测试]"),
        encoding="utf-8",
    )
    page.wait_for_selector("h1:has-text('修好的文章')", timeout=3000)
    assert page.locator("#aiblog-error-overlay").count() == 0

    assert all(url.startswith(f"http://127.0.0.1:{served.port}/") for url in requests), requests


def test_faq_is_readable_without_script_and_layout_is_responsive(browser, served: Running) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(f"http://127.0.0.1:{served.port}/blog/posts/b/")
    assert page.locator(".faq-question").inner_text() == "能看到吗？"
    assert page.locator(".faq-answer").is_visible()
    assert page.locator(".faq-answer").inner_text() == "不用脚本也能看到。"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375  # no horizontal scrolling on a phone
    context.close()


def test_players_load_only_on_click(browser, serving: Callable[[dict[str, str]], Running]) -> None:  # type: ignore[no-untyped-def]
    """A video shortcode and an author's iframe make no request off the site until the
    reader clicks; the click puts the player in place. (Requests off-host are aborted
    here, never sent: the test only watches which would have been made.)"""
    body = (
        "{{< youtube abc123 >}}\n\n"
        '<iframe src="https://player.vimeo.com/video/42" title="Talk"></iframe>\n'
    )
    served = serving({"content/posts/v.md": post(title="视频", date="2026-01-01", body=body)})
    page = browser.new_page()
    off_host: list[str] = []

    def only_local(route) -> None:  # type: ignore[no-untyped-def]
        if route.request.url.startswith("http://127.0.0.1"):
            route.continue_()
        else:
            off_host.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.goto(f"http://127.0.0.1:{served.port}/blog/posts/v/")
    page.wait_for_load_state("networkidle")
    assert off_host == []
    assert page.locator("iframe").count() == 0
    page.locator("a.embed-link").first.click()
    frame = page.locator(".embed iframe")
    frame.wait_for(state="attached", timeout=3000)
    assert frame.get_attribute("src") == "https://www.youtube-nocookie.com/embed/abc123"
    assert frame.get_attribute("title") == "YouTube"


def _marked(page) -> None:  # type: ignore[no-untyped-def]
    """Mark the document in the page: a reload replaces it, and the mark with it."""
    page.evaluate("window.sameDocument = true")


def test_a_page_opened_while_the_build_is_broken_reloads_after_the_fix(  # type: ignore[no-untyped-def]
    browser, served: Running
) -> None:
    """The first event such a page sees is an error: it still knows which build it is
    from, and reloads when a newer one is built."""
    site: Path = served.site  # type: ignore[attr-defined]
    path = site / "content/posts/b.md"
    path.write_text("---\ntitle: [未闭合\n---\n", encoding="utf-8")
    served.wait_for(lambda: "content/posts/b.md:2: invalid YAML" in served.err.getvalue())
    page = browser.new_page()
    page.goto(f"http://127.0.0.1:{served.port}/blog/posts/b/")  # the last good build
    overlay = page.locator("#aiblog-error-overlay")
    overlay.wait_for(state="visible", timeout=5000)
    assert "content/posts/b.md:2: invalid YAML" in overlay.inner_text()
    _marked(page)
    path.write_text(post(title="修好了", date="2026-01-02", body="好了。\n"), encoding="utf-8")
    page.wait_for_selector("h1:has-text('修好了')", timeout=5000)
    assert page.evaluate("window.sameDocument") is None  # reloaded by itself
    assert page.locator("#aiblog-error-overlay").count() == 0


def test_a_site_that_never_built_shows_its_errors_then_the_page(  # type: ignore[no-untyped-def]
    browser, serving: Callable[[dict[str, str]], Running]
) -> None:
    served = serving({"content/posts/a.md": "---\ntitle: [坏的\n---\n"})
    assert "content/posts/a.md:2: invalid YAML" in served.err.getvalue()
    page = browser.new_page()
    response = page.goto(f"http://127.0.0.1:{served.port}/blog/posts/a/")
    assert response is not None and response.status == 404  # nothing built yet: the errors
    assert "content/posts/a.md:2: invalid YAML" in page.locator("body").inner_text()
    _marked(page)
    site: Path = served.site  # type: ignore[attr-defined]
    (site / "content/posts/a.md").write_text(post(title="第一次成功"), encoding="utf-8")
    page.wait_for_selector("h1:has-text('第一次成功')", timeout=5000)
    assert page.evaluate("window.sameDocument") is None


def test_a_template_error_is_in_the_overlay_and_the_fix_reloads(  # type: ignore[no-untyped-def]
    browser, served: Running
) -> None:
    site: Path = served.site  # type: ignore[attr-defined]
    page = browser.new_page()
    page.goto(f"http://127.0.0.1:{served.port}/blog/posts/a/")
    page.wait_for_timeout(300)  # let the event stream connect
    # A component every post page includes, whatever its sections.
    summary = site / "themes/default/templates/components/search_meta.html"
    summary.parent.mkdir(parents=True)
    summary.write_text("<p>\n{{ 1 // 0 }}</p>\n", encoding="utf-8")
    overlay = page.locator("#aiblog-error-overlay")
    overlay.wait_for(state="visible", timeout=5000)
    assert (
        "themes/default/templates/components/search_meta.html:2: template error: "
        "ZeroDivisionError: integer division or modulo by zero"
    ) in overlay.inner_text()
    summary.write_text("<p class='fixed-summary'>{{ post.title }}</p>\n", encoding="utf-8")
    page.wait_for_selector("p.fixed-summary", timeout=5000)
    assert page.locator("#aiblog-error-overlay").count() == 0
    assert "Traceback" not in served.err.getvalue()


def test_an_over_long_url_gets_an_answer(browser, served: Running) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    for path in ("a/" * 20_000, "x" * 70_000):
        response = page.goto(f"http://127.0.0.1:{served.port}/blog/{path}")
        assert response is not None and response.status == 414
    response = page.goto(f"http://127.0.0.1:{served.port}/blog/posts/a/")
    assert response is not None and response.status == 200


# Raw HTML an author (or a pasted snippet) may hold: every way of spelling a script URL
# that browsers accept, in every element that navigates or loads. The sanitiser removes
# them (with a warning); here Chromium clicks what is left.
UNSAFE_HTML = """
<p><a href="javascript:alert(1)">a</a> <a href="JaVaScRiPt:alert(2)">b</a>
<a href=" javascript:alert(3)">c</a> <a href="jav&#x09;ascript:alert(4)">d</a>
<a href="&#106;avascript:alert(5)">e</a> <a href="vbscript:msgbox(6)">f</a>
<a href="data:text/html,<script>alert(7)</script>">g</a>
<a href="java&#0000010;script:alert(8)">h</a> <a href="javascript&colon;alert(9)">i</a>
<a href="#" onclick="alert(10)">j</a> <a href="/blog/posts/x/">safe</a></p>

<map name="m"><area href="javascript:alert(11)" shape="rect" coords="0,0,10,10"></map>
<form action="javascript:alert(12)"><button formaction="javascript:alert(13)">go</button></form>
<svg><a xlink:href="javascript:alert(14)"><text y="20">svg</text></a></svg>
<iframe src="javascript:alert(15)"></iframe>
<img src="nowhere.png" onerror="alert(16)">
"""


def test_no_script_url_survives_to_be_clicked(  # type: ignore[no-untyped-def]
    browser, serving: Callable[[dict[str, str]], Running]
) -> None:
    served = serving({"content/posts/x.md": post(title="危险的链接", body=UNSAFE_HTML)})
    warnings = served.err.getvalue()
    assert "content/posts/x.md:" in warnings and "removed event handler `onclick`" in warnings
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    url = f"http://127.0.0.1:{served.port}/blog/posts/x/"
    page.goto(url)
    links = page.locator(".post-body a, .post-body area, .post-body button")
    count = links.count()
    assert count >= 11
    for n in range(count):
        page.goto(url)
        link = page.locator(".post-body a, .post-body area, .post-body button").nth(n)
        if link.is_visible():
            link.click()  # as a reader does
        else:
            link.evaluate("element => element.click()")  # an <area> without an image
        page.wait_for_timeout(50)
        assert page.url in (url, url + "#"), page.url  # the safe link is to this page too
    assert dialogs == []
    hrefs = page.eval_on_selector_all(
        ".post-body [href], .post-body [src], .post-body [action], .post-body [formaction]",
        "found => found.map(e => e.getAttribute('href') || e.getAttribute('src') || '')",
    )
    assert all(not h.strip().lower().startswith(("javascript", "vbscript", "data")) for h in hrefs)
