"""The default theme in headless Chromium: axe finds no violation on any page kind at 375 px
and 1280 px, light and dark; and what a reader sees: the theme toggle, the table of
contents, code blocks, printing, images, the page budget, no layout shift, no request to
another host.

The site: the example blog plus tests/fixtures/theme/kitchen-sink (every kind of content
in one post), built once for this module and served by a plain static server."""

from __future__ import annotations

import functools
import re
import shutil
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from conftest import BROWSER_TESTS, FIXTURES, ROOT
from playwright.sync_api import expect

from generator.build import BuildOptions, build

pytestmark = BROWSER_TESTS
WIDTHS = (375, 1280)
SCHEMES = ("light", "dark")
POST = "/posts/kitchen-sink/"
PAGES = {
    "home": "/",
    "post": POST,
    "post-with-cover": "/posts/agent-benchmarks/",
    "english-post": "/posts/small-models-big-impact/",
    "page": "/about/",
    "tags": "/tags/",
    "tag": "/tags/deepseek/",
    "category": "/categories/技术实践/",
    "archive": "/archive/",
    "404": "/404.html",
    "home-page-2": "/page/2/",
    # AI label, series box, more on the post's article and outlet; their list pages
    "labelled-post": "/posts/rethinking-ai-deepseek-playbook/",
    "series-part": "/posts/efficiency-route-part-2/",
    "series": "/series/开源模型的效率路线/",
    "sources": "/sources/",
    "outlet": "/sources/venturebeat.com/",
}
WHITE, DARK_BG = "rgb(255, 255, 255)", "rgb(22, 24, 29)"  # --bg of style.css
BUDGET = 30 * 1024  # CSS + JS of a post page, uncompressed


class _Quiet(SimpleHTTPRequestHandler):
    """A static server; `?pause-before=TEXT` sends an HTML page in two parts, 0.4 s apart,
    the second starting at TEXT: as a slow line does, the browser draws the first part
    before the rest arrives."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        query = parse_qs(urlsplit(self.path).query)
        if "pause-before" not in query:
            super().do_GET()
            return
        file = Path(self.translate_path(self.path))
        data = (file / "index.html" if file.is_dir() else file).read_bytes()
        at = data.find(query["pause-before"][0].encode())
        assert at > 0, query
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data[:at])
        self.wfile.flush()
        time.sleep(0.4)
        self.wfile.write(data[at:])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """(origin, output dir) of the example blog with the kitchen-sink post, being served."""
    root = tmp_path_factory.mktemp("a11y")
    blog = root / "blog"
    blog.mkdir()
    shutil.copy(ROOT / "site.yml", blog / "site.yml")
    shutil.copytree(ROOT / "content", blog / "content")
    shutil.copytree(FIXTURES / "theme/kitchen-sink", blog / "content/posts/kitchen-sink")
    out = root / "out"
    handler = functools.partial(_Quiet, directory=str(out))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    result = build(blog, BuildOptions(output=out, base_url=origin + "/", jobs=1))
    assert not result.diagnostics.items, [str(d) for d in result.diagnostics.items]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield origin, out
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@functools.cache
def axe_script() -> str:
    """axe-core as bundled by axe-playwright-python (no download at test time)."""
    from axe_playwright_python.sync_playwright import Axe

    return str(Axe().axe_script)


def violations(page: Any) -> list[str]:
    """axe-core's violations on the page as it is now (all rules axe runs by default,
    best practices included), one line each."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(axe_script())
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {node['target']} {node.get('failureSummary', '')!r}"
        for v in results["violations"]
        for node in v["nodes"]
    ]


def check_axe(page: Any, url: str) -> None:
    page.goto(url)
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for scheme in SCHEMES:
            page.emulate_media(color_scheme=scheme)
            found += [f"{width}px {scheme}: {v}" for v in violations(page)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("kind", list(PAGES))
def test_axe_finds_no_violation(kind: str, site: tuple[str, Path], page: Any) -> None:
    origin, _ = site
    check_axe(page, origin + PAGES[kind])


def test_axe_on_the_search_page_once_it_exists(site: tuple[str, Path], page: Any) -> None:
    """`/search/` comes with the Pagefind work (a `search.html` template); until then
    this test has nothing to check and says so."""
    origin, out = site
    if not (out / "search/index.html").is_file():
        pytest.skip("no /search/ page in this build yet (themes/default/templates/search.html)")
    check_axe(page, origin + "/search/")


def test_the_theme_toggle_remembers_and_never_flashes(site: tuple[str, Path], page: Any) -> None:
    origin, _ = site
    # The theme as <body> starts, and the page's background in the first frame drawn
    # (requestAnimationFrame runs before a frame is painted, once the CSS is in).
    page.add_init_script(
        """new MutationObserver((_, observer) => {
             if (document.body) {
               observer.disconnect();
               window.themeAtBody = document.documentElement.dataset.theme || 'auto';
               requestAnimationFrame(() => window.firstBg =
                 getComputedStyle(document.body).backgroundColor);
             }
           }).observe(document, {childList: true, subtree: true});"""
    )
    first_frame = "[window.themeAtBody, window.firstBg]"
    drawn = "() => window.firstBg !== undefined"
    page.emulate_media(color_scheme="light")
    page.goto(origin + POST)
    page.wait_for_function(drawn)
    toggle = page.locator(".theme-toggle")
    assert toggle.is_visible()
    assert toggle.get_attribute("aria-label") == "配色：跟随系统"
    assert page.evaluate(first_frame) == ["auto", WHITE]
    toggle.click()  # system → light
    assert toggle.get_attribute("aria-label") == "配色：浅色"
    toggle.click()  # light → dark
    assert toggle.get_attribute("aria-label") == "配色：深色"
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    page.goto(origin + "/archive/")  # another page, system still light: dark from its start
    page.wait_for_function(drawn)
    assert page.evaluate(first_frame) == ["dark", DARK_BG]
    assert page.locator(".theme-toggle").get_attribute("aria-label") == "配色：深色"
    page.locator(".theme-toggle").click()  # dark → system again
    page.reload()
    page.wait_for_function(drawn)
    assert page.evaluate(first_frame) == ["auto", WHITE]
    assert page.evaluate("document.documentElement.dataset.theme") is None


def test_without_script_there_is_no_dead_toggle_and_the_page_reads_the_same(
    site: tuple[str, Path], browser: Any
) -> None:
    origin, _ = site
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(origin + POST)
    assert not page.locator(".theme-toggle").is_visible()
    assert page.locator(".copy-button").count() == 0
    assert page.locator(".faq-answer").first.is_visible()
    assert "stream_chat" in page.locator("pre").first.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


def test_the_menu_marks_the_current_page(site: tuple[str, Path], page: Any) -> None:
    origin, _ = site
    page.goto(origin + "/archive/")
    assert page.locator(".site-nav [aria-current=page]").inner_text() == "归档"
    page.goto(origin + "/tags/deepseek/")
    assert page.locator(".site-nav [aria-current]").get_attribute("aria-current") == "true"
    assert page.locator(".site-nav [aria-current]").inner_text() == "标签"


def test_contents_closed_on_a_phone_and_open_beside_the_text_on_a_wide_screen(
    site: tuple[str, Path], browser: Any
) -> None:
    origin, _ = site
    for width, is_open in ((375, False), (1280, True)):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        page.goto(origin + POST)
        assert page.evaluate("document.querySelector('.toc details').open") is is_open
        toc, body = page.locator(".toc").bounding_box(), page.locator(".post-body").bounding_box()
        heading = page.locator(".post-body h2").first.bounding_box()
        if is_open:  # in the right margin, level with the title: it pushes nothing down
            assert toc["x"] >= body["x"] + body["width"]
            assert toc["x"] + toc["width"] <= width
        else:  # one line (its summary), right before the first heading it lists
            assert toc["y"] < heading["y"] and toc["height"] < 60
        context.close()


def test_footer_sits_at_the_bottom_of_a_short_page(site: tuple[str, Path], page: Any) -> None:
    origin, _ = site
    page.goto(origin + "/404.html")
    footer = page.locator(".site-footer").bounding_box()
    assert footer["y"] + footer["height"] == pytest.approx(900, abs=1)


def test_chinese_reading_comfort(site: tuple[str, Path], page: Any) -> None:
    origin, _ = site
    page.goto(origin + POST)
    paragraph = page.locator(".post-body > p").first
    chars_per_line = paragraph.evaluate(
        "p => p.clientWidth / parseFloat(getComputedStyle(p).fontSize)"
    )
    assert 35 <= chars_per_line <= 40
    styles = page.evaluate(
        """() => {
          const s = e => getComputedStyle(document.querySelector(e));
          return {h1: s('h1').textWrapStyle, p: s('.post-body p').textWrapStyle,
                  autospace: s('body').textAutospace,
                  supported: CSS.supports('text-autospace', 'normal')};
        }"""
    )
    assert styles["h1"] == "balance" and styles["p"] == "pretty"
    if styles["supported"]:  # Chromium 140+: a gap between Han and Latin letters
        assert styles["autospace"] == "normal"


def test_a_long_chinese_heading_leaves_no_character_alone(
    site: tuple[str, Path], browser: Any
) -> None:
    """One character more than a line holds: unbalanced, the last line has one."""
    origin, _ = site
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(origin + POST)
    last_line = page.evaluate(
        """() => {
          const h = document.querySelector('h1.post-title');
          const perLine = Math.floor(h.clientWidth / parseFloat(getComputedStyle(h).fontSize));
          h.textContent = '字'.repeat(perLine + 1);
          const range = document.createRange(), tops = [];
          for (let i = 0; i < h.firstChild.length; i++) {
            range.setStart(h.firstChild, i); range.setEnd(h.firstChild, i + 1);
            tops.push(Math.round(range.getBoundingClientRect().top));
          }
          return tops.filter(top => top === tops[tops.length - 1]).length;
        }"""
    )
    assert last_line > 1
    context.close()


def test_code_blocks_scroll_by_keyboard_and_copy(site: tuple[str, Path], browser: Any) -> None:
    origin, _ = site
    context = browser.new_context(viewport={"width": 375, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    page = context.new_page()
    page.goto(origin + POST)
    pre = page.locator("pre.highlight").first
    pre.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.activeElement.scrollLeft > 0", timeout=3000)
    pre.hover()
    button = page.locator(".copy-button").first
    assert button.inner_text() == "复制"
    button.click()
    expect(button).to_have_text("已复制")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == pre.locator("code").inner_text()
    assert copied.startswith("def stream_chat(")
    table = page.locator(".table-scroll").first
    table.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.activeElement.scrollLeft > 0", timeout=3000)
    context.close()


def test_highlighting_only_where_there_is_code(site: tuple[str, Path], page: Any) -> None:
    origin, _ = site
    loaded: list[str] = []
    page.on("request", lambda request: loaded.append(request.url))
    page.goto(origin + "/about/")
    assert not [u for u in loaded if u.endswith(("pygments.css", "copy.js"))]
    page.goto(origin + POST)
    assert [u for u in loaded if u.endswith(("pygments.css", "copy.js"))]
    keyword = page.locator("pre.highlight .k").first
    assert keyword.evaluate("k => getComputedStyle(k).color") == "rgb(179, 38, 30)"


def test_printing_is_light_with_urls_and_every_answer(site: tuple[str, Path], page: Any) -> None:
    origin, _ = site
    page.emulate_media(color_scheme="dark")
    page.goto(origin + POST)
    page.evaluate("document.documentElement.dataset.theme = 'dark'")  # the reader's pick too
    page.evaluate("document.querySelectorAll('.faq details').forEach(d => d.open = false)")
    page.emulate_media(media="print", color_scheme="dark")
    colours = page.evaluate(
        """() => [getComputedStyle(document.body).backgroundColor,
                  getComputedStyle(document.body).color]"""
    )
    assert colours == ["rgb(255, 255, 255)", "rgb(31, 35, 40)"]
    link = page.locator(".post-body a[href^='https://example.org/report']").first
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert "https://example.org/report" in after
    assert page.locator(".faq-answer").nth(1).is_visible()
    assert not page.locator(".site-nav").is_visible() and not page.locator(".toc").is_visible()


def test_images_have_their_size_and_only_later_ones_load_lazily(
    site: tuple[str, Path], page: Any
) -> None:
    origin, _ = site
    page.goto(origin + POST)
    images = page.locator(".post-body img")
    assert images.count() == 2
    first, second = images.nth(0), images.nth(1)
    assert (first.get_attribute("width"), first.get_attribute("height")) == ("800", "400")
    assert first.get_attribute("loading") is None and second.get_attribute("loading") == "lazy"
    assert first.get_attribute("decoding") == "async"


# Layout shifts as they happen, each with the elements that moved (from, to).
SHIFTS = """window.shifts = [];
  new PerformanceObserver(list => { for (const e of list.getEntries())
    if (!e.hadRecentInput) window.shifts.push([e.value, e.sources.map(s =>
      [s.node ? s.node.nodeName + '.' + s.node.className : '?',
       s.previousRect.x, s.currentRect.x, s.previousRect.y, s.currentRect.y,
       s.previousRect.height, s.currentRect.height])]); })
    .observe({type: 'layout-shift', buffered: true});"""


def test_no_layout_shift_and_no_request_to_another_host(site: tuple[str, Path], page: Any) -> None:
    origin, _ = site
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    def late(
        route: Any,
    ) -> None:  # images and scripts arrive after the first paint, as on a slow line
        time.sleep(0.25)
        route.continue_()

    page.route(re.compile(r".*/(?!favicon)[^/]*\.(svg|png|jpe?g|webp|gif|js)$"), late)
    page.add_init_script(SHIFTS)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        for path in PAGES.values():
            page.goto(origin + path)
            page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
            page.wait_for_function("[...document.images].every(image => image.complete)")
            page.wait_for_timeout(100)  # layout-shift entries are queued, not synchronous
            assert page.evaluate("window.shifts") == [], (width, path)
    strangers = [url for url in requests if not url.startswith(origin + "/")]
    assert not strangers


# Where a page's HTML may stop for a while on a slow line: inside the header (its search
# form not there yet), after the title, before the commentary, the post's footer, the
# site's footer.
PAUSES = (
    '<form class="site-search"',
    "</h1>",
    '<aside class="commentary"',
    '<footer class="post-footer"',
    '<footer class="site-footer"',
)


@pytest.mark.parametrize("width", WIDTHS)
def test_what_is_drawn_before_the_rest_of_the_html_arrives_does_not_move(
    site: tuple[str, Path], browser: Any, width: int
) -> None:
    """The browser draws what has arrived. The header was a row spread across the width:
    drawn before its search form arrived, its menu moved left when it did (now nothing is
    drawn before the header is whole: `<link rel=expect blocking=render>`)."""
    origin, _ = site
    found = []
    for pause in PAUSES:
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        page.add_init_script(SHIFTS)
        page.goto(f"{origin}/posts/small-models-big-impact/?pause-before={quote(pause)}")
        page.wait_for_timeout(100)  # layout-shift entries are queued, not synchronous
        found += [(pause, shift) for shift in page.evaluate("window.shifts")]
        context.close()
    assert not found


def test_scripts_that_run_after_the_first_paint_move_nothing(
    site: tuple[str, Path], browser: Any
) -> None:
    """A deferred script (the copy buttons) runs after the first paint on a busy device.
    Every element of the page is where it is without the theme's script files. (copy.js
    put each code block in a box: a code block ending an FAQ answer, its margin removed
    by `.faq-answer > :last-child`, got it back and pushed the page down by 19 px.)"""
    origin, _ = site
    boxes = """() => [...document.querySelectorAll('main *, .site-footer')]
        .filter(e => !e.closest('.code-block') || e.matches('pre, pre *'))
        .filter(e => !e.matches('.code-block'))
        .map(e => { const r = e.getBoundingClientRect();
          return [e.nodeName, Math.round(r.x), Math.round(r.y + scrollY), Math.round(r.width),
                  Math.round(r.height)].join(' '); })"""
    for width in WIDTHS:
        for path in ("/posts/small-models-big-impact/", POST):
            layouts = []
            for scripts in (False, True):
                context = browser.new_context(viewport={"width": width, "height": 800})
                page = context.new_page()
                if not scripts:
                    page.route(re.compile(r".*\.js$"), lambda route: route.abort())
                page.goto(origin + path)
                buttons = page.locator(".copy-button").count()
                assert (buttons > 0) is scripts  # copy.js did (or did not) run
                layouts.append(page.evaluate(boxes))
                context.close()
            without, with_scripts = layouts
            assert with_scripts == without, (width, path)


def test_css_and_js_of_a_post_page_fit_the_budget(site: tuple[str, Path], page: Any) -> None:
    """Every stylesheet and script a post with code loads, plus inline ones (not JSON-LD),
    uncompressed: at most 30 KB. The figure is printed for the record (pytest -s)."""
    origin, _ = site
    page.goto(origin + POST, wait_until="networkidle")
    sizes = page.evaluate(
        """() => {
          const files = performance.getEntriesByType('resource')
            .filter(r => /\\.(css|js)$/.test(new URL(r.name).pathname))
            .map(r => [new URL(r.name).pathname, r.decodedBodySize]);
          const inline = [...document.querySelectorAll('script:not([src]), style')]
            .filter(s => s.type !== 'application/ld+json')
            .map(s => ['inline', new TextEncoder().encode(s.textContent).length]);
          return files.concat(inline);
        }"""
    )
    total = sum(size for _, size in sizes)
    print(f"\nCSS + JS of {POST}: {total} bytes: {sizes}")
    assert {re.sub(r".*/", "", path) for path, _ in sizes} >= {
        "style.css",
        "pygments.css",
        "copy.js",
        "inline",
    }
    assert 0 < total <= BUDGET


def test_axe_sees_the_problems_the_issue_found(page: Any) -> None:
    """The checker is not blind: the old theme's faults are violations to it."""
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main>'
        '<pre style="overflow-x:auto;width:100px;background:#f0f0f0">'
        '<code><span style="color:#60a0b0"># a comment that is far too long to fit</span>'
        '</code></pre><p style="background:#f0f0f0;color:#60a0b0">friendly\'s comments</p>'
        '<ul><li><input type="checkbox" disabled> task</li></ul></main></body></html>'
    )
    found = {line.split(" ")[0] for line in violations(page)}
    assert {"color-contrast", "scrollable-region-focusable", "label"} <= found
