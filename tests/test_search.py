"""The search index: what it holds, when it is (not) rebuilt, and how a build uses it.

The bundle's pages are read back from its fragment files (gzip: `pagefind_dcd` + JSON, one
per indexed page); the browser tests (test_search_browser.py) search it for real."""

from __future__ import annotations

import gzip
import io
import json
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Running, post

from generator import search
from generator.build import BuildOptions, build
from generator.cli import main
from generator.errors import BuildFailed
from generator.search_pagefind import FINGERPRINT_FILE
from generator.serve import search_bundle_dir

CONFIG = "title: 搜索测试\nbase_url: https://example.org/blog/\nlanguage: zh-CN\n"


def blog_files() -> dict[str, str]:
    return {
        "content/posts/chinese.md": post(
            title="稀疏模型的账本",
            date="2026-01-02",
            tags="[大模型, 成本]",
            category="评论",
            body="""\
            ## 一句话总结

            蒸馏让小模型追上了大模型。

            正文提到混合专家架构。

            ## 常见问题

            Q: 为什么便宜？

            A: 因为激活参数少，推理省电。

            ## 参考来源

            - 某研究院报告
            """,
        ),
        "content/posts/english.md": post(
            title="Quantisation in Practice",
            date="2026-01-03",
            lang="en",
            tags="[Inference]",
            body="Weights in four bits keep the throughput of a larger model.\n",
        ),
        "content/posts/draft.md": post(
            title="草稿", date="2026-01-04", draft="true", body="草稿独有的词：琉璃瓦。\n"
        ),
        "content/posts/future.md": post(
            title="未来", date="2099-01-01", body="未来才有的词：青花瓷。\n"
        ),
        "content/pages/about.md": "---\ntitle: 关于\n---\n\n这里是关于页面，写着联系方式。\n",
    }


def fragments(tree: Path, bundle: Path | None = None) -> dict[str, dict]:
    """The indexed pages by URL: content (segmentation marks removed), filters, meta. The
    bundle is `tree/pagefind`, unless given (`aiblog serve` keeps it beside the site)."""
    pages = {}
    for path in (bundle or tree / "pagefind").glob("*/fragment/*"):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        page = json.loads(data[len(b"pagefind_dcd") :])
        page["content"] = page["content"].replace("\u200b", "")
        pages[page["url"]] = page
    return pages


@pytest.fixture
def blog(make_site: Callable[..., Path]) -> Path:
    return make_site(blog_files(), config=CONFIG)


def test_the_index_holds_posts_and_pages_with_their_filters_and_nothing_else(
    blog: Path,
) -> None:
    result = build(blog, BuildOptions(jobs=1))
    pages = fragments(result.output_dir)
    assert sorted(pages) == ["/about/", "/posts/chinese/", "/posts/english/"]  # no draft
    chinese = pages["/posts/chinese/"]
    for text in (
        "稀疏模型的账本",
        "蒸馏让小模型追上了大模型",
        "混合专家架构",
        "激活参数少",
        "某研究院报告",
    ):
        assert text in chinese["content"], text  # title, summary, body, FAQ, sources
    for text in ("搜索测试", "Weights in four bits", "作者", "阅读时间"):
        assert text not in chinese["content"], text  # nav, neighbours, byline, meta line
    assert chinese["filters"] == {
        "tag": ["大模型", "成本"],
        "category": ["评论"],
        "language": ["zh-CN"],
    }
    assert chinese["meta"]["title"] == "稀疏模型的账本"
    assert chinese["meta"]["date"] == "2026年01月02日"
    assert pages["/posts/english/"]["filters"]["language"] == ["en"]
    assert "联系方式" in pages["/about/"]["content"]
    entry = json.loads((result.output_dir / "pagefind/00/pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["zh-cn"]  # one index: every post found from /search/
    assert (result.output_dir / "search/index.html").is_file()


def test_drafts_and_future_posts_are_indexed_only_when_built(blog: Path) -> None:
    with_them = build(blog, BuildOptions(jobs=1, drafts=True, future=True))
    pages = fragments(with_them.output_dir)
    assert "琉璃瓦" in pages["/posts/draft/"]["content"]
    assert "青花瓷" in pages["/posts/future/"]["content"]
    without = build(blog, BuildOptions(jobs=1))
    assert not {"/posts/draft/", "/posts/future/"} & set(fragments(without.output_dir))
    files = [p for p in without.output_dir.rglob("*") if p.is_file()]
    assert not any("琉璃瓦".encode() in p.read_bytes() for p in files)


def _cli(site: Path, *args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    assert main(["build", str(site), *args], out=out, err=err) == 0, err.getvalue()
    return out.getvalue()


def test_rebuilds_reindex_only_when_indexed_pages_change(blog: Path) -> None:
    _cli(blog)
    entry = blog / "public/pagefind/00/pagefind-entry.json"  # 3 pages: one shard
    first = entry.stat().st_mtime_ns
    assert "(nothing changed)" in _cli(blog)
    # Lists change (a new page size), post and page files do not: the index is kept.
    (blog / "site.yml").write_text(CONFIG + "posts_per_page: 1\n", encoding="utf-8")
    assert "(nothing changed)" not in _cli(blog)
    assert entry.stat().st_mtime_ns == first
    # A post's text changes: the index follows, and the old bundle leaves nothing behind.
    (blog / "content/posts/english.md").write_text(
        post(title="Quantisation in Practice", date="2026-01-03", lang="en", body="Lattice.\n"),
        encoding="utf-8",
    )
    _cli(blog)
    assert entry.stat().st_mtime_ns != first
    pages = fragments(blog / "public")
    assert "Lattice" in pages["/posts/english/"]["content"]
    assert not any("four bits" in p["content"] for p in pages.values())
    assert len(list((blog / "public").glob("pagefind/*/fragment/*"))) == len(pages) == 3


def test_a_deleted_bundle_is_rebuilt_and_a_cached_rebuild_keeps_it(blog: Path) -> None:
    _cli(blog)
    bundle = blog / "public/pagefind"
    before = sorted(p.relative_to(bundle) for p in bundle.rglob("*"))
    (blog / "content/pages/contact.md").write_text("---\ntitle: 联系\n---\n\n邮件。\n", "utf-8")
    _cli(blog)  # the writer must not take the bundle for stale files
    assert "/contact/" in fragments(blog / "public")
    assert len(before) > 5
    shutil.rmtree(bundle)
    assert "(nothing changed)" not in _cli(blog)  # the manifest lists the bundle's files
    assert "/contact/" in fragments(blog / "public")


def test_search_off_writes_no_search_page_form_or_bundle_and_removes_an_old_one(
    blog: Path,
) -> None:
    _cli(blog)
    assert (blog / "public/pagefind").is_dir()
    (blog / "site.yml").write_text(CONFIG + "search: false\n", encoding="utf-8")
    _cli(blog)
    assert not (blog / "public/pagefind").exists()
    assert not (blog / "public/search").exists()
    assert 'role="search"' not in (blog / "public/index.html").read_text()
    assert "data-pagefind-filter" not in (blog / "public/posts/chinese/index.html").read_text()


def test_the_header_form_goes_to_the_search_page(blog: Path) -> None:
    out = build(blog, BuildOptions(jobs=1)).output_dir
    home = (out / "index.html").read_text()
    assert '<form class="site-search" role="search" action="/blog/search/" method="get">' in home
    assert 'name="q"' in home
    page = (out / "search/index.html").read_text()
    assert 'data-bundle="/blog/pagefind/"' in page
    assert 'class="site-search"' not in page  # its own form, not a second one


def test_a_pagefind_failure_fails_the_build_and_leaves_the_output(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(blog, BuildOptions(jobs=1))
    home = (blog / "public/index.html").read_bytes()
    (blog / "content/posts/new.md").write_text(post(title="新的", body="新。\n"), "utf-8")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
    with pytest.raises(BuildFailed) as failed:
        build(blog, BuildOptions(jobs=1, output=blog / "other"))
    [problem] = failed.value.diagnostics.errors
    assert str(problem).startswith("pagefind/: search index not written: Pagefind failed (exit 1)")
    assert not (blog / "other").exists()  # a new output dir: built in a staging dir, dropped
    assert (blog / "public/index.html").read_bytes() == home
    assert not list(blog.glob(".*search-*"))  # no scratch dir left behind


def test_an_edit_reindexes_only_the_shard_of_its_post(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "SHARD_PAGES", 2)  # 6 posts: split 4 ways (by path hash)
    files = {
        f"content/posts/p{i}.md": post(title=f"第{i}篇", body=f"正文{i}。\n") for i in range(6)
    }
    site = make_site(files, config=CONFIG)
    out = build(site, BuildOptions(jobs=1)).output_dir
    split = search.shards([f"posts/p{i}/index.html" for i in range(6)])
    shard_of = {page: shard for shard, pages in split.items() for page in pages}
    listing = json.loads((out / "pagefind/shards.json").read_text())["shards"]
    assert listing == sorted(split) and len(listing) >= 2
    assert sorted(fragments(out)) == [f"/posts/p{i}/" for i in range(6)]

    def entries() -> dict[str, int]:
        return {
            n: (out / "pagefind" / n / "pagefind-entry.json").stat().st_mtime_ns for n in listing
        }

    before = entries()
    (site / "content/posts/p3.md").write_text(post(title="第3篇", body="改了。\n"), "utf-8")
    build(site, BuildOptions(jobs=1))
    after = entries()
    assert {n for n in listing if after[n] != before[n]} == {shard_of["posts/p3/index.html"]}
    assert "改了" in fragments(out)["/posts/p3/"]["content"]
    # Fewer pages, fewer shards: the bundles of the old split go.
    for i in (0, 1, 2):
        (site / f"content/posts/p{i}.md").unlink()
    build(site, BuildOptions(jobs=1))
    remaining = sorted(search.shards([f"posts/p{i}/index.html" for i in (3, 4, 5)]))
    assert json.loads((out / "pagefind/shards.json").read_text())["shards"] == remaining
    assert sorted(p.name for p in (out / "pagefind").iterdir()) == [*remaining, "shards.json"]
    assert sorted(fragments(out)) == ["/posts/p3/", "/posts/p4/", "/posts/p5/"]


@pytest.mark.parametrize(
    ("site_language", "pages", "expected"),
    [
        ("zh-CN", ["zh-CN", "en"], "zh-cn"),
        ("en", ["en"], "en"),
        ("en", ["en", "zh-TW"], "zh-tw"),  # Chinese words are found only with segmentation
        ("ja", ["en"], "ja"),
    ],
)
def test_one_index_language(site_language: str, pages: list[str], expected: str) -> None:
    assert search.index_language(site_language, pages) == expected


def test_serve_reloads_without_waiting_for_the_index(
    serving: Callable[[dict[str, str]], Running], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An index that takes 2 s more does not hold back the rebuild or the reload: the new
    page is served while the index still has the old text; then the index follows."""
    real = search.index_site
    started = threading.Event()

    def slow_index(tree: Path, pages: list[str], language: str, **given: Any) -> search.SearchStats:
        assert given["nice"] > 0  # in the background, Pagefind yields to rebuilds
        started.set()
        time.sleep(2)
        return real(tree, pages, language, **given)

    files = blog_files()
    files["site.yml"] = CONFIG
    server = serving(files)
    server.wait_for(lambda: server.request("/blog/pagefind/shards.json")[0] == 200)
    monkeypatch.setattr(search, "index_site", slow_index)
    site: Path = server.site  # type: ignore[attr-defined]
    (site / "content/posts/english.md").write_text(
        post(title="Quantisation in Practice", date="2026-01-03", lang="en", body="Lattice.\n"),
        encoding="utf-8",
    )
    server.wait_for(lambda: b"Lattice" in server.request("/blog/posts/english/")[2])
    bundle = search_bundle_dir(server.output)  # beside the site, which builds swap
    assert "Lattice" not in fragments(server.output, bundle)["/posts/english/"]["content"]
    assert started.wait(5)
    fingerprint = bundle / "00" / FINGERPRINT_FILE

    def reindexed() -> bool:  # the fingerprint is written once the new bundle is in place
        return (
            fingerprint.is_file()
            and "Lattice" in fragments(server.output, bundle)["/posts/english/"]["content"]
        )

    server.wait_for(reindexed)
