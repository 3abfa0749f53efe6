"""The search page in headless Chromium: a built site under a base path, served from
127.0.0.1, searched in Chinese and English, filtered, used from the keyboard, checked by
axe-core (bundled in the `axe-playwright-python` wheel: injected, never downloaded)."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import BROWSER_TESTS, post, write_site

from generator import search
from generator.build import BuildOptions, build

pytestmark = BROWSER_TESTS

CONFIG = "title: 搜索测试\nbase_url: https://x.github.io/blog/\nlanguage: zh-CN\n"
FILES = {
    "content/posts/moe.md": post(
        title="混合专家的账本",
        date="2026-01-05",
        tags="[成本, 大模型]",
        body="## 一句话总结\n\n知识蒸馏让小模型追上大模型。\n\n模型的成本在下降。\n",
    ),
    "content/posts/chips.md": post(
        title="芯片与模型",
        date="2026-01-04",
        tags="[芯片]",
        body="大模型需要芯片，模型训练的成本很高。知识很重要。\n",
    ),
    "content/posts/quant.md": post(
        title="Quantisation in Practice",
        date="2026-01-03",
        lang="en",
        tags="[成本]",
        body="Quantisation keeps a model small. Every model has a cost.\n",
    ),
    "content/posts/agents.md": post(
        title="Agents and their Costs",
        date="2026-01-02",
        lang="en",
        tags="[Agents]",
        body="An agent calls a model many times; the cost adds up.\n",
    ),
    "content/posts/draft.md": post(
        title="草稿", date="2026-01-06", draft="true", body="只在草稿里的词：琉璃瓦。\n"
    ),
}


class _Site(http.server.SimpleHTTPRequestHandler):
    """The built site under /blog/, as GitHub Pages would serve it; nothing else."""

    def translate_path(self, path: str) -> str:
        url = unquote(urlsplit(path).path)
        if not url.startswith("/blog/"):
            return str(Path(self.directory) / "no-such-file")
        return super().translate_path(url[len("/blog") :])

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = write_site(tmp_path_factory.mktemp("search") / "site", FILES, CONFIG)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "SHARD_PAGES", 1)  # 4 posts in 4 shards: the page merges them
        out = build(site, BuildOptions(jobs=1)).output_dir
    assert len(json.loads((out / "pagefind/shards.json").read_text())["shards"]) > 1
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Site, directory=str(out))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/blog/"
    server.shutdown()
    server.server_close()


def _results(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator(".search-result-title").evaluate_all("links => links.map(a => a.href)")


def _search(browser, site_url: str, query: str, **context: object):  # type: ignore[no-untyped-def]
    page = browser.new_context(**context).new_page()
    requests: list[str] = []
    failed: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("response", lambda response: response.ok or failed.append(response.url))
    page.goto(f"{site_url}search/?q={query}")
    page.wait_for_function(
        "() => document.querySelector('.search-status[role=status]').textContent !== ''"
    )
    page.requests, page.failed = requests, failed
    return page


def test_chinese_and_english_terms_find_their_post_first_and_drafts_nothing(  # type: ignore[no-untyped-def]
    browser, site_url: str
) -> None:
    page = _search(browser, site_url, "知识蒸馏")
    assert _results(page)[0] == f"{site_url}posts/moe/"
    assert "<mark>" in page.locator(".search-result-excerpt").first.inner_html()
    assert page.input_value("#search-q") == "知识蒸馏"
    for query, first in (("quantisation", "quant"), ("agents", "agents"), ("芯片", "chips")):
        page.fill("#search-q", query)
        page.press("#search-q", "Enter")
        page.wait_for_function(
            "first => document.querySelector('.search-result-title')?.href.endsWith(first)",
            arg=f"/blog/posts/{first}/",
        )
        assert unquote(page.url).endswith(f"/blog/search/?q={query}")  # the URL follows the search
    page.fill("#search-q", "琉璃瓦")
    page.press("#search-q", "Enter")
    page.wait_for_function(
        "() => document.querySelector('.search-status').textContent.includes('琉璃瓦')"
    )
    assert (
        page.locator(".search-status[role=status]").inner_text() == "没有找到与“琉璃瓦”相关的内容。"
    )
    assert _results(page) == []
    host = urlsplit(site_url).netloc
    assert page.requests and all(urlsplit(url).netloc == host for url in page.requests)
    assert page.failed == []  # every shard's files there (the merged ones need no code)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "SHARD_PAGES", 1)
        split = search.shards(
            [f"posts/{p}/index.html" for p in ("moe", "chips", "quant", "agents")]
        )
    for shard in split:  # every shard was merged in and searched
        assert any(f"/blog/pagefind/{shard}/" in url for url in page.requests), shard


def test_filters_narrow_the_results(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto(f"{site_url}search/")
    page.click("summary:has-text('标签')")
    page.check("input[name=tag][value='成本']")  # a filter alone lists what it holds
    page.wait_for_function("() => document.querySelectorAll('.search-result').length === 2")
    assert set(_results(page)) == {f"{site_url}posts/moe/", f"{site_url}posts/quant/"}
    page.click("summary:has-text('语言')")
    page.check("input[name=language][value='en']")
    page.wait_for_function("() => document.querySelectorAll('.search-result').length === 1")
    assert _results(page) == [f"{site_url}posts/quant/"]
    page.uncheck("input[name=language][value='en']")
    page.fill("#search-q", "模型")  # with words: the posts with both
    page.wait_for_function("() => document.querySelectorAll('.search-result').length === 1")
    assert _results(page) == [f"{site_url}posts/moe/"]
    # The filters are in the URL: a reload (or a shared link) shows the same results.
    page.reload()
    page.wait_for_function("() => document.querySelectorAll('.search-result').length === 1")
    assert page.is_checked("input[name=tag][value='成本']")
    assert page.input_value("#search-q") == "模型"


def test_the_page_is_usable_from_the_keyboard(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto(f"{site_url}search/")
    page.wait_for_selector(".search-filters:not([hidden])")
    for _ in range(10):  # Tab from the top of the page to the search box
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "search-q":
            break
    assert page.evaluate("document.activeElement.id") == "search-q"
    page.keyboard.type("quantisation")
    page.keyboard.press("Enter")
    page.wait_for_selector(".search-result-title")
    # On to the first result: the button and filter toggles come first, then the result.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.className") == "search-result-title":
            break
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site_url}posts/quant/")


def test_the_header_form_searches_without_script(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}posts/moe/")
    page.fill("header input[name=q]", "芯片")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url(f"{site_url}search/?q=%E8%8A%AF%E7%89%87")
    assert page.locator(".search-status").first.inner_text() == "站内搜索需要启用 JavaScript。"
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_and_a_phone_does_not_scroll_sideways(  # type: ignore[no-untyped-def]
    browser, site_url: str, scheme: str
) -> None:
    from axe_playwright_python.base import AXE_SCRIPT

    page = _search(
        browser, site_url, "模型", viewport={"width": 375, "height": 800}, color_scheme=scheme
    )
    page.click("summary:has-text('标签')")
    page.evaluate(AXE_SCRIPT)
    found = page.evaluate("async () => (await axe.run(document)).violations")
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in found] == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
