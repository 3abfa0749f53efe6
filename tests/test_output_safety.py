"""aiblog deletes or replaces only files it wrote, never overwrites the site's sources, and
publishes each build whole: faults injected while writing, and `kill -9` at several moments
of a rebuild, leave the complete old site or the complete new one."""

from __future__ import annotations

import errno
import hashlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import files_under, post, write_site

from generator import render as render_module
from generator import write as write_module
from generator.build import BuildOptions, build
from generator.cli import main
from generator.errors import BuildFailed, UsageError
from generator.themes import default_theme_dir
from generator.write import RECORD


def run_cli(*args: str) -> tuple[int, str, str]:
    import io

    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def tree_hash(root: Path) -> str:
    """Every file and folder under `root` (names and bytes): two trees compare equal only
    if they hold exactly the same."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        digest.update(rel.encode() + b"\0")
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _differences(tree: Path, reference: Path) -> list[str]:
    """The files whose bytes differ between two trees, or that only one has (a failure's
    message: which output was not reproduced)."""

    def files(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).digest()
            for p in root.rglob("*")
            if p.is_file()
        }

    mine, theirs = files(tree), files(reference)
    return sorted(k for k in mine.keys() | theirs.keys() if mine.get(k) != theirs.get(k))


def small_blog(tmp_path: Path, posts: int = 3, name: str = "site") -> Path:
    files: dict[str, str | bytes] = {
        f"content/posts/p{i}.md": post(title=f"文章{i}", date=f"2026-01-{i + 1:02d}", tags="[AI]")
        for i in range(posts)
    }
    files["content/pages/about.md"] = "---\ntitle: 关于\n---\n\n关于本站。\n"
    files["content/static/robots-extra.txt"] = "hello\n"
    return write_site(tmp_path / name, files)


# -- output dirs that must be refused ---------------------------------------------------


@pytest.mark.parametrize(
    "output",
    [".", "content", "content/posts", "content/static/site", "themes", "themes/mine/out", ".."],
)
def test_an_output_dir_overlapping_the_sources_is_refused(tmp_path: Path, output: str) -> None:
    site = small_blog(tmp_path)
    (site / "themes/mine/templates").mkdir(parents=True)
    before = tree_hash(tmp_path)
    code, _out, err = run_cli("build", str(site), "--output", str(site / output))
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err
    assert "output dir" in err and "replace your sources" in err
    assert tree_hash(tmp_path) == before  # nothing written, nothing deleted


def test_output_dir_in_site_yml_may_not_be_content(tmp_path: Path) -> None:
    site = small_blog(tmp_path)
    (site / "site.yml").write_text(
        "title: T\nbase_url: https://example.org/\noutput_dir: content\n", encoding="utf-8"
    )
    before = tree_hash(site)
    code, _out, err = run_cli("build", str(site))
    assert code == 2 and "replace your sources" in err
    assert tree_hash(site) == before


def test_the_default_theme_is_never_an_output_dir(tmp_path: Path) -> None:
    site = small_blog(tmp_path)
    with pytest.raises(UsageError):
        build(site, BuildOptions(output=default_theme_dir() / "static"))


def test_a_folder_of_someone_elses_files_is_refused_unless_adopted(tmp_path: Path) -> None:
    site = small_blog(tmp_path)
    theirs = tmp_path / "theirs"
    (theirs / "notes").mkdir(parents=True)
    (theirs / "notes/todo.txt").write_text("mine")
    (theirs / "index.html").write_text("their home page")
    before = tree_hash(theirs)
    code, _out, err = run_cli("build", str(site), "--output", str(theirs))
    assert code == 2 and "--adopt-output" in err and "did not write" in err
    assert tree_hash(theirs) == before

    # Adopted: aiblog's files written (index.html replaced: it is a path aiblog writes),
    # every other file kept, now and in the builds after.
    code, _out, err = run_cli("build", str(site), "--output", str(theirs), "--adopt-output")
    assert code == 0, err
    assert (theirs / "notes/todo.txt").read_text() == "mine"
    assert "文章1" in (theirs / "index.html").read_text(encoding="utf-8")
    (site / "content/posts/p1.md").unlink()
    code, _out, err = run_cli("build", str(site), "--output", str(theirs))
    assert code == 0, err
    assert (theirs / "notes/todo.txt").read_text() == "mine"
    assert not (theirs / "posts/p1").exists()


def test_stale_files_go_only_when_the_record_says_aiblog_wrote_them(tmp_path: Path) -> None:
    site = small_blog(tmp_path)
    out = tmp_path / "out"
    build(site, BuildOptions(output=out, cache=True))
    (out / ".git").mkdir()
    (out / ".git/HEAD").write_text("ref: refs/heads/gh-pages\n")
    (out / "posts/p0/notes.pdf").write_bytes(b"%PDF")
    (site / "content/posts/p0.md").unlink()  # its page is aiblog's: it goes
    for _ in range(3):  # the kept trees take turns as the output: none may lose them
        result = build(site, BuildOptions(output=out, cache=True))
        assert (out / ".git/HEAD").read_text() == "ref: refs/heads/gh-pages\n"
        assert (out / "posts/p0/notes.pdf").read_bytes() == b"%PDF"
        assert not (out / "posts/p0/index.html").exists()
        (site / "content/posts/p2.md").write_text(
            post(title=f"改{time.time_ns()}", date="2026-01-03"), encoding="utf-8"
        )
    assert result.written.written > 0
    (out / "posts/p0/notes.pdf").unlink()  # deleted by its owner: not brought back
    build(site, BuildOptions(output=out, cache=True))
    build(site, BuildOptions(output=out, cache=True))
    assert not (out / "posts/p0").exists()


def test_leftovers_of_a_killed_build_are_cleaned_up(tmp_path: Path) -> None:
    site = small_blog(tmp_path)
    out = tmp_path / "out"
    build(site, BuildOptions(output=out))
    leftover = tmp_path / ".out.aiblog-new-deadbeef"
    (leftover / "posts").mkdir(parents=True)
    (leftover / "posts/half.html").write_text("half")
    build(site, BuildOptions(output=out))
    assert not leftover.exists()


# -- faults while writing ----------------------------------------------------------------


def _failing_after(count: int, real: Callable[..., None]) -> Callable[..., None]:
    calls = {"n": 0}

    def fake(*args: object) -> None:
        calls["n"] += 1
        if calls["n"] > count:
            raise OSError(errno.ENOSPC, "No space left on device", str(args[0]))
        real(*args)

    return fake


@pytest.mark.parametrize("after", [0, 5, 10])
def test_a_full_disk_leaves_the_previous_site_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, after: int
) -> None:
    site = small_blog(tmp_path, posts=8)
    out = tmp_path / "out"
    build(site, BuildOptions(output=out, jobs=1, cache=True))
    before = tree_hash(out)
    for i in range(8):  # every page changes: the rebuild has many files to write
        (site / f"content/posts/p{i}.md").write_text(
            post(title=f"新{i}", date=f"2026-01-{i + 1:02d}", tags="[AI]"), encoding="utf-8"
        )
    monkeypatch.setattr(
        render_module, "replace_file", _failing_after(after, write_module.replace_file)
    )
    with pytest.raises(BuildFailed) as failed:
        build(site, BuildOptions(output=out, jobs=1, cache=True))
    [error] = failed.value.diagnostics.errors
    if after < 8:  # posts are written first: the message names the post's source
        assert error.path.startswith("content/posts/p") and error.path.endswith(".md")
        assert "cannot write posts/" in error.message
    else:  # a list page has no source of its own: the message names the output
        assert error.path.endswith((".html", ".xml")) and "cannot write " in error.message
    assert "No space left on device" in error.message
    assert tree_hash(out) == before
    assert [p.name for p in tmp_path.iterdir() if "aiblog-new" in p.name] == []
    monkeypatch.undo()  # space again: the next build completes
    build(site, BuildOptions(output=out, jobs=1, cache=True))
    assert "新3" in (out / "posts/p3/index.html").read_text(encoding="utf-8")


def test_a_failing_swap_leaves_the_previous_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = small_blog(tmp_path)
    out = tmp_path / "out"
    build(site, BuildOptions(output=out))
    before = tree_hash(out)
    (site / "content/posts/p1.md").write_text(post(title="新", date="2026-01-02"), "utf-8")

    def refuse(new: Path, live: Path) -> None:
        raise OSError(errno.EIO, "Input/output error", str(live))

    monkeypatch.setattr(write_module, "exchange", refuse)
    code, _out, err = run_cli("build", str(site), "--output", str(out), "--no-cache")
    assert code == 1 and "Input/output error" in err and "Traceback" not in err
    assert tree_hash(out) == before


def test_a_slug_too_long_for_a_file_name_fails_before_writing(tmp_path: Path) -> None:
    site = small_blog(tmp_path)
    out = tmp_path / "out"
    build(site, BuildOptions(output=out))
    before = tree_hash(out)
    (site / "content/posts/long.md").write_text(
        "---\ntitle: 长\ndate: 2026-01-09\nslug: " + "x" * 300 + "\n---\n正文\n", "utf-8"
    )
    code, _out, err = run_cli("build", str(site), "--output", str(out))
    assert code == 1
    assert "content/posts/long.md:4: " in err and "255" in err and "Traceback" not in err
    assert tree_hash(out) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_in_the_output_does_not_stop_a_rebuild(tmp_path: Path) -> None:
    site = small_blog(tmp_path)
    out = tmp_path / "out"
    build(site, BuildOptions(output=out, cache=True))
    (out / "posts").chmod(0o555)
    try:
        for n in range(3):  # the read-only tree comes back as the work tree, and a post
            (site / f"content/posts/new{n}.md").write_text(post(title=f"新{n}"), "utf-8")
            build(site, BuildOptions(output=out, cache=True))  # goes in the read-only folder
            assert f"新{n}" in (out / f"posts/new{n}/index.html").read_text(encoding="utf-8")
    finally:
        for folder in tmp_path.rglob("posts"):
            folder.chmod(0o755)


def test_a_kept_tree_with_a_read_only_folder_is_started_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tree swapped out last time comes back as the work tree; a folder made read-only
    in it while it was the live site must not fail the build (as root, where nothing is
    read-only, `os.access` says so instead)."""
    site = small_blog(tmp_path)
    out = tmp_path / "out"
    for n in range(2):  # a kept tree in .aiblog-cache/
        (site / "content/posts/p1.md").write_text(post(title=f"版本{n}"), "utf-8")
        build(site, BuildOptions(output=out, cache=True))
    real_access = os.access
    monkeypatch.setattr(
        write_module.os,
        "access",
        lambda path, mode: not str(path).endswith("/posts") and real_access(path, mode),
    )
    removed: list[Path] = []
    real_remove = write_module._remove_tree
    monkeypatch.setattr(write_module, "_remove_tree", lambda p: (removed.append(p), real_remove(p)))
    (site / "content/posts/p1.md").write_text(post(title="版本2"), "utf-8")
    build(site, BuildOptions(output=out, cache=True))
    assert any(p.name.startswith("tree-") for p in removed)
    assert "版本2" in (out / "posts/p1/index.html").read_text(encoding="utf-8")


# -- kill -9 during rebuilds --------------------------------------------------------------


def _edit_all(site: Path, version: str, posts: int) -> None:
    for i in range(posts):
        body = f"版本 {version} 的第 {i} 篇。\n\n" + "一段正文。" * 40 + "\n"
        text = post(title=f"{version}{i}", date=f"2026-01-{i % 28 + 1:02d}", body=body)
        (site / f"content/posts/p{i}.md").write_text(text, encoding="utf-8")


def _cli(site: Path, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "generator",
        "build",
        str(site),
        "--output",
        str(out),
        "--quiet",
        *extra,
    ]


@pytest.mark.parametrize("cache", ["cache", "no-cache"])
def test_kill_9_during_a_rebuild_leaves_the_old_site_or_the_new_one(
    tmp_path: Path, cache: str
) -> None:
    posts = 120
    extra = () if cache == "cache" else ("--no-cache",)
    site = small_blog(tmp_path, posts=posts)
    out = tmp_path / "out"
    expected = {}
    for version in ("A", "B"):  # each version's site, built whole elsewhere
        _edit_all(site, version, posts)
        subprocess.run(_cli(site, tmp_path / version, "--no-cache"), check=True)
        expected[version] = tree_hash(tmp_path / version)
    _edit_all(site, "A", posts)
    subprocess.run(_cli(site, out, *extra), check=True)
    assert tree_hash(out) == expected["A"], _differences(out, tmp_path / "A")
    _edit_all(site, "B", posts)
    started = time.perf_counter()
    subprocess.run(_cli(site, out, *extra), check=True)
    took = time.perf_counter() - started
    seen = set()
    for fraction in (0.15, 0.3, 0.45, 0.6, 0.7, 0.8, 0.9, 1.0):
        if tree_hash(out) != expected["A"]:  # back to A, built to completion
            _edit_all(site, "A", posts)
            subprocess.run(_cli(site, out, *extra), check=True)
        _edit_all(site, "B", posts)
        process = subprocess.Popen(_cli(site, out, *extra))
        time.sleep(took * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = tree_hash(out)
        assert now in (expected["A"], expected["B"]), f"mixed site after a kill at {fraction}"
        seen.add("A" if now == expected["A"] else "B")
    # The next build finishes the job and leaves nothing behind.
    subprocess.run(_cli(site, out, *extra), check=True)
    assert tree_hash(out) == expected["B"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")) == []
    assert "A" in seen  # at least one kill landed before the swap
    assert (out / RECORD).is_file()
    assert files_under(out) == files_under(tmp_path / "B")


# -- nothing from outside the site --------------------------------------------------------


def test_symlinks_out_of_the_site_are_never_published(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0\n")
    site = small_blog(tmp_path)
    bundle = site / "content/posts/bundle"
    bundle.mkdir()
    (bundle / "index.md").write_text(post(title="包", date="2026-01-08"), encoding="utf-8")
    theme_static = site / "themes/default/static"
    theme_static.mkdir(parents=True)
    (site / "content/static/leak.txt").symlink_to(secret)
    (site / "content/static/folder").symlink_to(tmp_path, target_is_directory=True)
    (bundle / "leak.txt").symlink_to(secret)
    (theme_static / "leak.css").symlink_to(secret)
    (site / "content/posts/leak.md").symlink_to(secret)
    (site / "content/static/inside.txt").symlink_to(site / "content/static/robots-extra.txt")
    # Not content, and no reason to fail: an Emacs lock (a dangling link) and a dead link.
    (site / "content/posts/.#p1.md").symlink_to("root@host.1234:1700000000")
    (site / "content/static/dead.txt").symlink_to(tmp_path / "gone.txt")
    out = tmp_path / "out"
    for flags in ((), ("--no-cache",)):
        code, _out, err = run_cli("build", str(site), "--output", str(out), *flags)
        assert code == 0, err
        published = files_under(out)
        assert not any(b"root:x:0:0" in data for data in published.values())
        assert "inside.txt" in published and "dead.txt" not in published
        for name in (
            "content/static/leak.txt",
            "content/static/folder",
            "content/posts/bundle/leak.txt",
            "themes/default/static/leak.css",
            "content/posts/leak.md",
        ):
            assert f"{name}: warning: left out: a link to " in err, name
    code, _out, err = run_cli("build", str(site), "--output", str(out), "--strict")
    assert code == 1 and "left out" in err


def test_a_linked_output_never_writes_into_the_file_it_replaces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unchanged outputs are hard links to the live site's files: linking makes the folder
    when it is missing, replaces a file already there (which may share its inode with the
    live site) without writing into it, and copies where no hard link can be made."""
    live = tmp_path / "live.html"
    live.write_bytes(b"live")
    shared = tmp_path / "tree" / "shared.html"
    shared.parent.mkdir()
    os.link(live, shared)  # the work tree's old file: the live site's inode

    new = tmp_path / "new.html"
    new.write_bytes(b"new")
    write_module._link_or_copy(str(new), str(shared))
    assert shared.read_bytes() == b"new" and live.read_bytes() == b"live"

    deep = tmp_path / "tree" / "a" / "b" / "index.html"
    write_module._link_or_copy(str(new), str(deep))  # its folders made on the way
    assert deep.read_bytes() == b"new" and os.path.samefile(deep, new)

    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    os.link(live, shared.with_name("again.html"))
    monkeypatch.setattr(write_module.os, "link", no_links)
    write_module._link_or_copy(str(new), str(shared.with_name("again.html")))
    assert shared.with_name("again.html").read_bytes() == b"new"
    assert live.read_bytes() == b"live"  # copied into a new file, not into the live one
    with pytest.raises(FileNotFoundError):
        write_module._link_or_copy(str(tmp_path / "gone.html"), str(deep))
