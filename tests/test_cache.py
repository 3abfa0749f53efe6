"""The build cache: rebuilds are fast and their output is byte-identical to a clean build."""

from __future__ import annotations

import io
import os
import shutil
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import files_under, post

from generator.build import build
from generator.cli import main
from generator.config import configure
from generator.errors import Diagnostics
from generator.options import BuildOptions
from generator.speed import diskcache as cache
from generator.speed import engine


def cli_build(site: Path, *args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    assert main(["build", str(site), *args], out=out, err=err) == 0, err.getvalue()
    return out.getvalue()


def touch(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    later = time.time_ns() + 50_000_000  # a distinct mtime even on coarse file systems
    os.utime(path, ns=(later, later))


@pytest.fixture
def blog(make_site: Callable[..., Path]) -> Path:
    files = {
        f"content/posts/p{i}.md": post(
            title=f"文章{i}",
            date=f"2026-01-{i:02d}",
            body=f"正文{i}。\n\n## 常见问题\n\nQ: 问{i}？\n\nA: 答{i}。\n",
            tags=f"[标签{i % 3}]",
        )
        for i in range(1, 10)
    }
    files["content/pages/about.md"] = "---\ntitle: 关于\n---\n\n见[第一篇](../posts/p1.md)。\n"
    return make_site(
        files,
        config="title: T\nbase_url: https://example.org/blog/\nposts_per_page: 4\nsearch: false\n",
    )


def assert_same_as_clean(site: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    build(site, BuildOptions(output=clean))
    assert files_under(site / "public") == files_under(clean)


def test_no_change_rebuild_answers_from_the_manifest(blog: Path) -> None:
    assert "(nothing changed)" not in cli_build(blog)
    assert (blog / ".aiblog-cache").is_dir()
    again = cli_build(blog)
    assert "Built 9 posts, 1 page, 0 warnings" in again and "(nothing changed)" in again


@pytest.mark.parametrize(
    "change",
    [
        "edit-body",
        "edit-title",
        "new-post",
        "delete-post",
        "rename-slug",
        "template",
        "site-yml",
        "deleted-output",
        "deleted-output-dir",
    ],
)
def test_cached_rebuild_is_byte_identical_to_a_clean_build(
    blog: Path, tmp_path: Path, change: str
) -> None:
    cli_build(blog)
    posts = blog / "content/posts"
    if change == "edit-body":
        touch(
            posts / "p3.md",
            post(title="文章3", date="2026-01-03", body="改过的正文。\n", tags="[标签0]"),
        )
    elif change == "edit-title":
        touch(
            posts / "p3.md",
            post(title="新标题", date="2026-01-03", body="正文3。\n", tags="[标签0]"),
        )
    elif change == "new-post":
        touch(
            posts / "p10.md",
            post(title="新文章", date="2026-01-10", body="新的。\n", tags="[标签1, 新标签]"),
        )
    elif change == "delete-post":
        (posts / "p9.md").unlink()
    elif change == "rename-slug":  # the about page links to p1: its link must follow
        touch(
            posts / "p1.md",
            post(title="文章1", date="2026-01-01", body="正文1。\n", tags="[标签1]", slug="first"),
        )
    elif change == "template":
        touch(blog / "themes/default/templates/components/takeaways.html", "<div>自定义</div>\n")
        touch(
            blog / "themes/default/templates/404.html",
            "{% extends 'base.html' %}{% set page_url = url %}{% block content %}新的 404{% endblock %}",
        )
    elif change == "site-yml":
        touch(
            blog / "site.yml",
            "title: 新名字\nbase_url: https://example.org/blog/\nposts_per_page: 4\n",
        )
    elif change == "deleted-output":
        (blog / "public/posts/p2/index.html").unlink()
    elif change == "deleted-output-dir":  # the cache's documents, written to a staging dir
        shutil.rmtree(blog / "public")
    output = cli_build(blog)
    assert "(nothing changed)" not in output
    assert_same_as_clean(blog, tmp_path)
    if change == "site-yml":
        assert "新名字" in (blog / "public/index.html").read_text()
    if change == "template":
        assert "新的 404" in (blog / "public/404.html").read_text()


def test_a_corrupt_cache_is_ignored(blog: Path, tmp_path: Path) -> None:
    cli_build(blog)
    for path in (blog / ".aiblog-cache").rglob("*"):  # manifest, state and document shards
        if path.is_file():
            path.write_bytes(b"\x00garbage")
    touch(
        blog / "content/posts/p1.md",
        post(title="文章1", date="2026-01-01", body="新。\n", tags="[标签1]"),
    )
    cli_build(blog)
    assert_same_as_clean(blog, tmp_path)


def test_an_edit_rewrites_one_document_shard_and_a_lost_shard_costs_only_time(
    blog: Path, tmp_path: Path
) -> None:
    cli_build(blog)
    shards = next((blog / ".aiblog-cache").glob("documents-*"))
    before = {p.name: p.stat().st_mtime_ns for p in shards.iterdir()}
    touch(
        blog / "content/posts/p3.md",
        post(title="文章3", date="2026-01-03", body="改过的正文。\n", tags="[标签0]"),
    )
    cli_build(blog)
    after = {p.name: p.stat().st_mtime_ns for p in shards.iterdir()}
    (new,), (old,) = after.keys() - before.keys(), before.keys() - after.keys()
    assert new[:3] == old[:3]  # the same shard, under a new name
    assert all(after[name] == before[name] for name in after.keys() & before.keys())
    # A shard gone missing: the cache as a whole is ignored, and the output is still right.
    (shards / new).unlink()
    touch(
        blog / "content/posts/p4.md",
        post(title="文章4", date="2026-01-04", body="也改了。\n", tags="[标签1]"),
    )
    cli_build(blog)
    assert_same_as_clean(blog, tmp_path)


def test_no_cache_flag_writes_no_cache(blog: Path) -> None:
    cli_build(blog, "--no-cache")
    assert not (blog / ".aiblog-cache").exists()


def test_a_scheduled_post_falling_due_invalidates_the_manifest(blog: Path) -> None:
    soon = (datetime.now(UTC) + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    touch(blog / "content/posts/later.md", post(title="定时", date=soon))
    cli_build(blog)
    options = BuildOptions(cache=True)
    config = configure(blog.resolve(), options, Diagnostics())
    assert cache.up_to_date(config, options, datetime.now(UTC)) is not None
    assert cache.up_to_date(config, options, datetime.now(UTC) + timedelta(days=3)) is None


def test_a_build_without_the_cache_invalidates_it(blog: Path, tmp_path: Path) -> None:
    touch(blog / "content/posts/draft.md", post(title="草稿文章", date="2026-01-20", draft="true"))
    cli_build(blog)  # cached, no drafts
    cli_build(blog, "--no-cache", "--drafts")  # rewrites the output with the draft in it
    assert "草稿文章" in (blog / "public/index.html").read_text()
    output = cli_build(blog)  # cached again, no drafts: must not trust the old keys
    assert "(nothing changed)" not in output
    assert "草稿文章" not in (blog / "public/index.html").read_text()
    assert_same_as_clean(blog, tmp_path)


def test_a_fresh_checkout_with_its_cache_renders_nothing_again(
    blog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CI: every file checked out anew (new modification times), no output dir, the cache
    restored. Documents are found by their content and the site by the tree the cache
    keeps: nothing is parsed or rendered again, and the site is the same."""
    for _ in range(2):  # the second build leaves a tree in the cache (the first makes public/)
        build(blog, BuildOptions(cache=True))
    shutil.copytree(blog / "content", tmp_path / "content", copy_function=shutil.copyfile)
    shutil.rmtree(blog / "content")
    (tmp_path / "content").rename(blog / "content")
    shutil.rmtree(blog / "public")
    parsed: list[str] = []
    real = engine._read
    monkeypatch.setattr(
        engine, "_read", lambda config, source: (parsed.append(source.rel), real(config, source))[1]
    )
    result = build(blog, BuildOptions(cache=True))
    assert parsed == [] and result.rendered == 0
    assert_same_as_clean(blog, tmp_path)
