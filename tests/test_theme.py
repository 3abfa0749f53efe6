"""The default theme's HTML, without a browser: what the Markdown dialect adds for it
(focusable scrolling boxes, labelled checkboxes) and what its templates show (archive
dates in one format per site language, the menu's current page)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from conftest import BASIC_CONFIG, post

from generator.build import BuildOptions, build
from generator.i18n import format_month_day
from generator.markdown import MarkdownOptions, create_markdown


def render(text: str) -> str:
    return create_markdown(MarkdownOptions()).render(text, {"source": "content/posts/a.md"})


def test_code_blocks_of_every_kind_are_focusable_for_keyboard_scrolling() -> None:
    html = render("```python\nx = 1\n```\n\n```\nplain\n```\n\n    indented\n")
    assert html.count('tabindex="0"') == 3
    assert '<pre class="highlight" data-lang="python" tabindex="0">' in html
    assert '<pre tabindex="0"><code>plain' in html and '<pre tabindex="0"><code>indented' in html


def test_tables_scroll_in_a_focusable_box() -> None:
    html = render("| a | b |\n|---|---|\n| 1 | 2 |\n\nafter\n")
    assert html.startswith('<div class="table-scroll" tabindex="0"><table>\n')
    assert "</table></div>\n<p>after</p>" in html


def test_task_list_checkboxes_are_labelled_by_their_text() -> None:
    html = render("- [x] 写完初稿\n- [ ] 补充来源\n")
    assert re.search(
        r'<label><input class="task-list-item-checkbox" checked="checked" '
        r'disabled="disabled" type="checkbox"> ?写完初稿</label>',
        html,
    ), html
    assert html.count("<label>") == 2


def test_month_day_in_the_site_language() -> None:
    assert format_month_day("2026-01-05T20:00:00+08:00", "zh-CN") == "01月05日"
    assert format_month_day("2026-01-18T09:30:00+08:00", "en") == "Jan 18"


def archive_dates(site: Path) -> list[str]:
    build(site, BuildOptions(jobs=1))
    html = (site / "public/archive/index.html").read_text(encoding="utf-8")
    return re.findall(r'<li><time datetime="[^"]+">([^<]+)</time>', html)


def test_archive_dates_follow_the_site_language_not_each_post(
    make_site: Callable[..., Path],
) -> None:
    """The issue saw "Jan 18, 2026" and "2026年01月05日" in one column."""
    files = {
        "content/posts/zh.md": post(title="中文", date="2026-01-05"),
        "content/posts/en.md": post(title="English", date="2026-01-18", lang="en"),
    }
    assert archive_dates(make_site(files)) == ["01月18日", "01月05日"]
    english_site = BASIC_CONFIG.replace("language: zh-CN", "language: en")
    assert archive_dates(make_site(files, english_site, name="en")) == ["Jan 18", "Jan 5"]


def test_the_menu_marks_the_current_page_and_section(make_site: Callable[..., Path]) -> None:
    site = make_site({"content/posts/a.md": post(tags="[模型]")})
    build(site, BuildOptions(jobs=1))
    out = site / "public"

    def current(path: str) -> list[tuple[str, str]]:
        html = (out / path).read_text(encoding="utf-8")
        return re.findall(r'<a href="([^"]+)" aria-current="(\w+)"', html)

    assert current("archive/index.html") == [("/blog/archive/", "page")]
    assert current("tags/index.html") == [("/blog/tags/", "page")]
    assert current("tags/模型/index.html") == [("/blog/tags/", "true")]
    assert current("posts/a/index.html") == []
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'class="site-title" href="/blog/" aria-current="page"' in home
