"""Series as a reader and a crawler see them: "part N of M" with a link to every part, the
series' page with its parts in order, JSON-LD `isPartOf`; a bad value or two series on one
URL said at their line; an edit re-renders the pages that show the changed part."""

from __future__ import annotations

import os
import time
from pathlib import Path

import extruct
import pytest
from conftest import BASIC_CONFIG, post, write_site
from sitecheck import find_all, parse, text

from generator.build import Builder, BuildOptions, BuildResult, build
from generator.errors import BuildFailed

BASE = "https://example.org/blog/"
SERIES_URL = "/blog/series/%E6%95%88%E7%8E%87%E8%B7%AF%E7%BA%BF/"  # /series/效率路线/


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    site = write_site(
        tmp_path_factory.mktemp("series") / "site",
        {
            "content/posts/one.md": post(title="第一部分", date="2026-01-01", series="效率路线"),
            "content/posts/two.md": post(
                title="第二部分", date="2026-01-05", series="[效率路线, 另一个系列]"
            ),
            "content/posts/three.md": post(title="第三部分", date="2026-01-09", series="效率路线"),
            "content/posts/alone.md": post(title="单篇", date="2026-01-07"),
        },
    )
    return build(site, BuildOptions(output=site.parent / "out", jobs=1))


def _box(page: object, n: int = 0) -> tuple[str, list[tuple[str, str | None]]]:
    box = find_all(page, "nav", **{"class": "series-box"})[n]  # type: ignore[arg-type]
    title = text(find_all(box, "p", **{"class": "series-box-title"})[0])
    parts = []
    for item in find_all(box, "li"):
        link = find_all(item, "a")
        parts.append((text(item), link[0].get("href") if link else None))
    return title, parts


def test_each_part_shows_its_place_and_links_the_others(built: BuildResult) -> None:
    title, parts = _box(parse(built.output_dir / "posts/two/index.html"))
    assert title == "本文属于系列：效率路线 · 第 2 篇，共 3 篇"
    assert parts == [
        ("第一部分", "/blog/posts/one/"),
        ("第二部分", None),  # itself: marked as the current page, not linked
        ("第三部分", "/blog/posts/three/"),
    ]
    second_title, second_parts = _box(parse(built.output_dir / "posts/two/index.html"), 1)
    assert second_title == "本文属于系列：另一个系列 · 第 1 篇，共 1 篇"
    assert _box(parse(built.output_dir / "posts/one/index.html"))[0].endswith("第 1 篇，共 3 篇")
    assert not find_all(
        parse(built.output_dir / "posts/alone/index.html"), "nav", **{"class": "series-box"}
    )


def test_the_series_page_lists_its_parts_in_order(built: BuildResult) -> None:
    page = parse(built.output_dir / "series/效率路线/index.html")
    assert text(find_all(page, "h1")[0]) == "系列：效率路线"
    titles = [text(h) for h in find_all(page, "h2", **{"class": "post-card-title"})]
    assert titles == ["第一部分", "第二部分", "第三部分"]
    index = parse(built.output_dir / "series/index.html")
    links = {
        text(a): a.get("href") for a in find_all(index, "a") if "/series/" in (a.get("href") or "")
    }
    assert links["效率路线"] == SERIES_URL


def test_a_crawler_reads_is_part_of(built: BuildResult) -> None:
    data = extruct.extract(
        (built.output_dir / "posts/one/index.html").read_text(), base_url=BASE, syntaxes=["json-ld"]
    )
    posting = next(d for d in data["json-ld"] if d["@type"] == "BlogPosting")
    assert posting["isPartOf"] == {
        "@type": "CreativeWorkSeries",
        "name": "效率路线",
        "url": "https://example.org" + SERIES_URL,
    }
    two = extruct.extract(
        (built.output_dir / "posts/two/index.html").read_text(), base_url=BASE, syntaxes=["json-ld"]
    )
    parts_of = next(d for d in two["json-ld"] if d["@type"] == "BlogPosting")["isPartOf"]
    assert [s["name"] for s in parts_of] == ["效率路线", "另一个系列"]


def test_a_bad_series_is_an_error_at_its_line(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"content/posts/x.md": post(title="X", series="{a: 1}")})
    with pytest.raises(BuildFailed) as failed:
        build(site, BuildOptions(output=tmp_path / "out"))
    assert [str(d) for d in failed.value.diagnostics.errors] == [
        "content/posts/x.md:4: `series` must be a series name or a list of names"
    ]


def test_two_series_on_one_url_is_an_error(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "content/posts/a.md": post(title="A", series="C#"),
            "content/posts/b.md": post(title="B", date="2026-02-07", series="c-sharp"),
        },
    )
    with pytest.raises(BuildFailed) as failed:
        build(site, BuildOptions(output=tmp_path / "out"))
    assert [str(d) for d in failed.value.diagnostics.errors] == [
        "content/posts/b.md:4: the series “c-sharp” and “C#” would share the page "
        "/series/c-sharp/: rename one"
    ]


def test_a_new_title_re_renders_the_parts_that_link_it(tmp_path: Path) -> None:
    files = {
        f"content/posts/p{i}.md": post(title=f"部分{i}", date=f"2026-01-0{i}", series="系列")
        for i in (1, 2, 3)
    }
    files["content/posts/other.md"] = post(title="无关", date="2026-01-05")
    site = write_site(tmp_path / "site", files, BASIC_CONFIG)
    builder = Builder(site, BuildOptions(output=tmp_path / "out"), keep_caches=True)
    builder.build()
    path = site / "content/posts/p1.md"
    path.write_text(post(title="新的部分1", date="2026-01-01", series="系列"), encoding="utf-8")
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10_000_000))
    rendered = builder.build().rendered_paths
    assert {"posts/p2/index.html", "posts/p3/index.html", "series/系列/index.html"} <= rendered
    assert "posts/other/index.html" not in rendered
