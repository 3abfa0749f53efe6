"""End to end in headless Chromium: edit, save, see it; break it, see the overlay; fix it."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import Running, post

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="needs Debian's chromium (.ci/run installs it)"
    ),
]
LONG_BODY = (
    "\n\n".join(f"第 {n} 段：用来滚动的正文。" * 6 for n in range(60)) + "\n\n原来的结尾。\n"
)


@pytest.fixture
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-gpu",
                "--disable-component-update",
            ],
        )
        yield browser
        browser.close()


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
