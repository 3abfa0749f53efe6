"""The real command line, run as a user runs it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import post

from generator.build import BuildOptions, build
from generator.cli import main
from generator.config import DEFAULT_SECTIONS
from generator.markdown.sections import classify

AIBLOG = [sys.executable, "-m", "generator"]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*AIBLOG, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_version_and_console_script() -> None:
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("aiblog 0.")
    script = Path(sys.executable).parent / "aiblog"
    assert (
        subprocess.run([str(script), "--version"], capture_output=True, text=True).stdout
        == result.stdout
    )


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("build", "--jobs", "0").returncode == 2
    assert run("nosuchcommand").returncode == 2
    missing = run("build", str(tmp_path / "nope"))
    assert missing.returncode == 2 and "no such directory" in missing.stderr


def usage_error(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """What `aiblog ARGS` prints when argparse stops it (in process: fast)."""
    with pytest.raises(SystemExit) as stopped:
        main(list(args))
    assert stopped.value.code == 2
    return capsys.readouterr().err


@pytest.mark.parametrize("command", ["build", "serve", "deploy", "init", "new"])
def test_a_wrong_flag_shows_that_commands_usage(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    err = usage_error(capsys, command, "DIR", "--bogus")
    assert err.startswith(f"usage: aiblog {command} "), err
    assert f"aiblog {command}: error: unrecognized arguments: --bogus" in err


def test_a_mistyped_flag_or_command_gets_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    assert "unrecognized arguments: --draftz (did you mean --drafts?)" in usage_error(
        capsys, "build", "--draftz"
    )
    err = usage_error(capsys, "biuld", "site")
    assert err.startswith("usage: aiblog [-h]")
    assert "unknown command 'biuld' (did you mean build?)" in err
    nothing_close = usage_error(capsys, "xyzzy")
    assert "unknown command 'xyzzy';" in nothing_close and "did you mean" not in nothing_close


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("build", "--jobs", "abc"),
            "argument --jobs/-j: 'abc' is not a whole number; give the number of worker processes, e.g. --jobs 4",
        ),
        (("build", "--jobs", "0"), "--jobs must be at least 1"),
        (
            ("serve", "--port", "http"),
            "argument --port: 'http' is not a whole number; give a TCP port",
        ),
        (("serve", "--port", "70000"), "--port must be at least 1 and at most 65535"),
    ],
)
def test_bad_values_are_explained_in_words(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    err = usage_error(capsys, *args)
    assert message in err and "_jobs" not in err and "invalid int" not in err


def test_options_and_positionals_in_any_order(make_site: Callable[..., Path]) -> None:
    site = make_site({})
    code = main(["new", "先选项", "--tags", "a", str(site), "--slug", "x", "--publish"])
    assert code == 0
    assert (site / "content/posts/x.md").is_file()
    out = site / "elsewhere"
    assert main(["build", "--quiet", str(site), "--output", str(out)]) == 0
    assert (out / "posts/x/index.html").is_file()


def test_build_prints_one_summary_line(make_site: Callable[..., Path]) -> None:
    site = make_site(
        {
            "content/posts/a.md": post(),
            "content/pages/about.md": "---\ntitle: 关于\n---\n\n关于。\n",
        }
    )
    result = run("build", str(site))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Built 1 post, 1 page, 0 warnings in ")
    assert result.stderr == ""  # no progress bar when not a terminal
    quiet = run("build", str(site), "--quiet")
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""


def test_timings_name_every_stage(make_site: Callable[..., Path]) -> None:
    site = make_site({"content/posts/a.md": post()})
    result = run("build", str(site), "--quiet", "--no-cache", "--timings")
    assert result.returncode == 0, result.stderr
    stages = [line.split()[0] for line in result.stderr.splitlines()]
    assert stages == ["config", "read", "assemble", "render", "write"], result.stderr
    assert all(line.rstrip().endswith(" s") for line in result.stderr.splitlines())


def test_output_and_base_url_flags(make_site: Callable[..., Path], tmp_path: Path) -> None:
    site = make_site({"content/posts/a.md": post()})
    out = tmp_path / "elsewhere"
    result = run("build", str(site), "--output", str(out), "--base-url", "http://127.0.0.1:9000/x")
    assert result.returncode == 0, result.stderr
    html = (out / "posts/a/index.html").read_text()
    assert 'href="http://127.0.0.1:9000/x/posts/a/"' in html and 'href="/x/tags/"' in html


# The one-line summary (shown under the title), the table of contents before the first
# heading, the body's heading, then each kind's section.
SKELETON_BLOCKS = ("summary", "toc", "body", "takeaways", "faq", "commentary", "sources")


def test_new_writes_a_post_that_round_trips(make_site: Callable[..., Path]) -> None:
    site = make_site({})
    result = run("new", "大模型 价格战", "--tags", "AI,评论", str(site))
    assert result.returncode == 0, result.stderr
    path = site / "content/posts/大模型-价格战.md"
    assert path.is_file()
    again = run("new", "大模型 价格战", str(site))
    assert again.returncode == 2 and "already exists" in again.stderr
    outside = run("new", "逃逸", "--slug", "../escape", str(site))
    assert outside.returncode == 2 and "--slug '../escape'" in outside.stderr
    assert not (site / "content/escape.md").exists()
    built = build(site, BuildOptions(drafts=True))
    doc = built.site.posts[0]
    assert doc.meta.title == "大模型 价格战" and doc.meta.tags == ("AI", "评论")
    assert doc.summary_text == "用一句话说清这篇文章的结论。"
    assert [b.kind for b in doc.blocks] == [*SKELETON_BLOCKS]
    assert len(doc.faq) == 1
    assert not built.diagnostics.items


def test_new_writes_a_draft_and_says_so(make_site: Callable[..., Path]) -> None:
    site = make_site({"content/posts/a.md": post()})
    result = run("new", "草稿", "--slug", "draft-post", str(site))
    assert result.returncode == 0, result.stderr
    assert "draft: true" in (site / "content/posts/draft-post.md").read_text(encoding="utf-8")
    assert "a draft (`draft: true`)" in result.stdout
    assert [p.meta.slug for p in build(site, BuildOptions()).site.posts] == ["a"]
    drafts = build(site, BuildOptions(drafts=True)).site.posts
    assert {p.meta.slug: p.meta.draft for p in drafts} == {"a": False, "draft-post": True}

    published = run("new", "发布", "--slug", "published-post", "--publish", str(site))
    assert published.returncode == 0, published.stderr
    assert "draft" not in (site / "content/posts/published-post.md").read_text(encoding="utf-8")
    assert "published by the next build" in published.stdout
    slugs = {p.meta.slug for p in build(site, BuildOptions()).site.posts}
    assert slugs == {"a", "published-post"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_new_skeleton_uses_exactly_the_recognised_names(
    make_site: Callable[..., Path], lang: str
) -> None:
    site = make_site({})
    args = ("new", "Hello World", "--lang", lang, "--slug", "hello", "--publish", str(site))
    assert run(*args).returncode == 0
    text = (site / "content/posts/hello.md").read_text()
    headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    recognised = {name.lstrip("*") for names in DEFAULT_SECTIONS.values() for name in names}
    kinds = [classify(h, DEFAULT_SECTIONS) for h in headings]
    # Every heading but the body's is one of the default names verbatim, not merely a match.
    assert kinds[0] is None and all(h in recognised for h in headings[1:]), headings
    assert kinds[1:] == ["takeaways", "faq", "commentary", "sources"]
    built = build(site, BuildOptions())
    doc = built.site.posts[0]
    assert doc.meta.lang == lang and doc.summary_text and len(doc.faq) == 1
    assert [b.kind for b in doc.blocks] == [*SKELETON_BLOCKS]
    assert not built.diagnostics.items


def test_user_theme_overrides_one_template_and_one_asset(make_site: Callable[..., Path]) -> None:
    site = make_site(
        {
            "content/posts/a.md": post(),
            "themes/default/templates/404.html": "{% extends 'base.html' %}{% set page_url = url %}"
            "{% block content %}<p>自定义 404</p>{% endblock %}",
            "themes/default/static/css/style.css": "body { color: red; }\n",
        }
    )
    out = build(site, BuildOptions()).output_dir
    assert "自定义 404" in (out / "404.html").read_text()
    assert (out / "static/css/style.css").read_text() == "body { color: red; }\n"
    assert (out / "static/favicon.svg").is_file()  # the rest still comes from the default theme
    assert '<article class="post' in (out / "posts/a/index.html").read_text()


def test_cname_and_categories_and_pagination(make_site: Callable[..., Path]) -> None:
    config = "title: T\nbase_url: https://blog.example.com/\ncname: blog.example.com\nposts_per_page: 2\n"
    files = {
        f"content/posts/p{i}.md": post(
            title=f"第{i}篇", date=f"2026-01-0{i}", category="评论", tags="[共同]"
        )
        for i in range(1, 6)
    }
    site = make_site(files, config=config)
    out = build(site, BuildOptions()).output_dir
    assert (out / "CNAME").read_text() == "blog.example.com\n"
    assert (out / "page/3/index.html").is_file() and not (out / "page/4").exists()
    assert (out / "tags/共同/page/3/index.html").is_file()
    assert (out / "categories/评论/page/2/index.html").is_file()
    first = (out / "index.html").read_text()
    assert first.index("第5篇") < first.index("第4篇")  # newest first
    assert 'href="/page/2/"' in first


def test_future_posts_need_the_flag(make_site: Callable[..., Path]) -> None:
    site = make_site(
        {
            "content/posts/a.md": post(),
            "content/posts/later.md": post(title="未来", date="2999-01-01"),
        }
    )
    assert [p.meta.slug for p in build(site, BuildOptions()).site.posts] == ["a"]
    assert len(build(site, BuildOptions(future=True)).site.posts) == 2


def test_hidden_files_and_folders_are_ignored(make_site: Callable[..., Path]) -> None:
    site = make_site(
        {
            "content/posts/a.md": post(),
            "content/posts/.a.md.swp": "junk",
            "content/posts/_draft-notes.md": "not a post",
            "content/posts/.hidden/c.md": "nor this",
            # `_` folders hold posts (AstroPaper's `_releases/`); `_drafts/` holds drafts.
            "content/posts/_releases/b.md": post(date="2026-02-05"),
            "content/posts/_drafts/d.md": post(date="2026-02-04"),
        }
    )
    assert [p.meta.slug for p in build(site, BuildOptions()).site.posts] == ["a", "b"]
    drafts = build(site, BuildOptions(drafts=True)).site.posts
    assert [(p.meta.slug, p.meta.draft) for p in drafts] == [
        ("a", False),
        ("b", False),
        ("d", True),
    ]


def test_progress_bar_only_on_a_terminal() -> None:
    import io

    from generator.progress import ProgressBar

    stream = io.StringIO()
    bar = ProgressBar(stream, enabled=True)
    bar("render", 50, 100)
    assert "render [" in stream.getvalue() and "50/100" in stream.getvalue()
    bar.close()
    silent = io.StringIO()
    ProgressBar(silent)("render", 1, 100)  # StringIO is not a TTY
    assert silent.getvalue() == ""


def test_serve_stops_cleanly_on_ctrl_c(make_site: Callable[..., Path]) -> None:
    import os
    import signal
    import socket
    import time

    site = make_site({"content/posts/a.md": post()})
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PYTHONFAULTHANDLER": "1"}  # a hang shows every thread's stack
    # Started with SIGINT ignored, as a script's background job is: serve must still stop.
    process = subprocess.Popen(
        [*AIBLOG, "serve", str(site), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    try:
        deadline = time.monotonic() + 30
        line = ""
        while "Serving" not in line and time.monotonic() < deadline:
            line = process.stdout.readline() if process.stdout else ""
        assert "Serving http://127.0.0.1:" in line
        process.send_signal(signal.SIGINT)
        try:
            out, err = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGABRT)
            out, err = process.communicate()
            raise AssertionError(f"serve did not stop on Ctrl-C; its threads:\n{err}") from None
    finally:
        process.kill()
    assert process.returncode == 0
    assert "Traceback" not in err and "Stopped." in out


def test_page_bundles_own_their_files_at_any_depth(make_site: Callable[..., Path]) -> None:
    from generator.sources import discover

    site = make_site(
        {
            "content/posts/plain.md": post(),
            "content/posts/bundle/index.md": post(title="包"),
            "content/posts/bundle/img/chart.png": b"png",
            "content/posts/bundle/notes.md": "an asset, not a post",
            "content/posts/folder/inner.md": post(title="子目录里的文章"),
        }
    )
    found = {s.rel: (s.bundle, s.assets) for s in discover(site)}
    assert found == {
        "content/posts/bundle/index.md": (True, ("img/chart.png", "notes.md")),
        "content/posts/folder/inner.md": (False, ()),
        "content/posts/plain.md": (False, ()),
    }
    out = build(site, BuildOptions()).output_dir
    assert (out / "posts/bundle/img/chart.png").read_bytes() == b"png"
