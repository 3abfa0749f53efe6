"""`aiblog init`: base_url from the GitHub remote, next steps that work when pasted, a
site.yml that names the doc of every key, a menu that links every page it wrote."""

from __future__ import annotations

import io
import os
import re
import shlex
import subprocess
import sys
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from generator import __version__
from generator.cli import main
from generator.config import SiteConfig
from generator.github import github_repository, pages_url
from generator.invocation import invoked_as
from generator.project import REPOSITORY_URL, docs_url

GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(args), out=out, err=err), out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("remote", "expected"),
    [
        ("https://github.com/wangfugui/ai-notes.git", "https://wangfugui.github.io/ai-notes/"),
        ("https://github.com/wangfugui/ai-notes", "https://wangfugui.github.io/ai-notes/"),
        ("https://github.com/wangfugui/ai-notes/", "https://wangfugui.github.io/ai-notes/"),
        (
            "https://token@github.com/wangfugui/ai-notes.git",
            "https://wangfugui.github.io/ai-notes/",
        ),
        ("git@github.com:wangfugui/ai-notes.git", "https://wangfugui.github.io/ai-notes/"),
        ("ssh://git@github.com/wangfugui/ai-notes.git", "https://wangfugui.github.io/ai-notes/"),
        ("ssh://git@github.com:22/wangfugui/ai-notes", "https://wangfugui.github.io/ai-notes/"),
        ("git@github.com:WangFuGui/AI.Notes.git", "https://wangfugui.github.io/AI.Notes/"),
        ("https://github.com/wangfugui/wangfugui.github.io.git", "https://wangfugui.github.io/"),
        ("git@github.com:WangFuGui/WangFuGui.github.io.git", "https://wangfugui.github.io/"),
        ("https://gitlab.com/wangfugui/ai-notes.git", None),
        ("https://github.com.evil.example/wangfugui/ai-notes", None),
        ("/srv/git/ai-notes.git", None),
        ("https://github.com/wangfugui", None),
    ],
)
def test_pages_url_of_a_remote(remote: str, expected: str | None) -> None:
    assert pages_url(remote) == expected
    assert (github_repository(remote) is not None) == (expected is not None)


def clone_of(tmp_path: Path, origin: str) -> Path:
    """A fresh clone as GitHub gives it for an empty repository: only `.git`."""
    folder = tmp_path / "ai-notes"
    env = {**os.environ, **GIT_ENV}
    subprocess.run(["git", "init", "-q", str(folder)], check=True, env=env)
    subprocess.run(["git", "remote", "add", "origin", origin], cwd=folder, check=True, env=env)
    return folder


def test_init_in_a_clone_takes_base_url_from_origin(tmp_path: Path) -> None:
    folder = clone_of(tmp_path, "git@github.com:WangFuGui/ai-notes.git")
    code, out, err = cli("init", str(folder), "--title", "AI 笔记")
    assert code == 0, err  # a folder holding only .git is not refused
    config = yaml.safe_load((folder / "site.yml").read_text(encoding="utf-8"))
    assert config["base_url"] == "https://wangfugui.github.io/ai-notes/"
    assert (
        "base_url: https://wangfugui.github.io/ai-notes/ (the GitHub Pages address of origin "
        "(git@github.com:WangFuGui/ai-notes.git))" in out
    )
    assert "Set base_url" not in out
    code, _, err = cli("build", str(folder), "--strict", "--quiet")
    assert code == 0, err


def test_base_url_flag_beats_the_remote_and_no_remote_gives_the_placeholder(
    tmp_path: Path,
) -> None:
    folder = clone_of(tmp_path, "https://github.com/wangfugui/ai-notes.git")
    code, out, _ = cli("init", str(folder), "--base-url", "https://blog.wangfugui.cn")
    assert code == 0
    assert "base_url: https://blog.wangfugui.cn/\n" in (folder / "site.yml").read_text()
    assert "base_url: https://blog.wangfugui.cn (--base-url)" in out

    plain = tmp_path / "plain"
    code, out, _ = cli("init", str(plain))
    assert code == 0
    assert "base_url: https://USERNAME.github.io/REPOSITORY/ (a placeholder)" in out
    assert (
        f"  Set base_url in {plain / 'site.yml'} to your site's address: `build` and `deploy` "
        "refuse the placeholder" in out
    )


def test_init_never_replaces_a_file_without_force(tmp_path: Path) -> None:
    folder = tmp_path / "blog"
    (folder / "content/pages").mkdir(parents=True)
    (folder / "content/pages/about.md").write_text("mine")
    (folder / "README.md").write_text("mine too")
    code, _, err = cli("init", str(folder))
    assert code == 2
    assert (
        err
        == f"aiblog init: {folder / 'content/pages/about.md'} already exists (--force replaces it)\n"
    )
    assert not (folder / "site.yml").exists()  # nothing half-written
    assert cli("init", str(folder), "--force")[0] == 0
    assert (folder / "README.md").read_text() == "mine too"


@pytest.mark.parametrize(
    ("argv", "orig_argv", "expected"),
    [
        (
            ["/x/generator/__main__.py", "init"],
            ["python3", "-m", "generator", "init"],
            "python3 -m generator",
        ),
        (
            ["/x/generator/__main__.py"],
            [".venv/bin/python", "-X", "dev", "-m", "generator", "init"],
            ".venv/bin/python -X dev -m generator",
        ),
        (["/x/generator/__main__.py"], ["py", "-mgenerator"], "py -mgenerator"),
        (["my tools/aiblog", "init"], ["python", "my tools/aiblog"], "'my tools/aiblog'"),
        (["/usr/bin/pytest"], ["python", "/usr/bin/pytest"], "aiblog"),
    ],
)
def test_invoked_as(argv: list[str], orig_argv: list[str], expected: str) -> None:
    assert invoked_as(argv, orig_argv, path="/nonexistent") == expected


def next_step_commands(out: str) -> dict[str, list[str]]:
    """The commands of init's "Next steps", by subcommand."""
    commands = {}
    for line in out.split("Next steps:\n", 1)[1].splitlines():
        if line.startswith("  ") and "Set base_url" not in line:
            words = shlex.split(line.strip().split("   ")[0])
            commands[words[words.index("new") if "new" in words else -2]] = words
    return commands


def test_next_steps_work_pasted_as_printed_module_form(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "init",
            "my blog",
            "--base-url",
            "https://w.github.io/b/",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    steps = next_step_commands(done.stdout)
    prefix = [sys.executable, "-m", "generator"]
    assert steps["new"] == [*prefix, "new", "我的第一篇文章", "my blog"]
    assert steps["serve"] == [*prefix, "serve", "my blog"]
    assert steps["build"] == [*prefix, "build", "my blog"]
    ran = subprocess.run(steps["new"], cwd=tmp_path, capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr
    assert (tmp_path / "my blog/content/posts/我的第一篇文章.md").is_file()
    assert f"`{shlex.join(prefix)} deploy 'my blog'`" in done.stdout


@pytest.mark.parametrize("on_path", [False, True])
def test_next_steps_work_pasted_as_printed_script_form(tmp_path: Path, on_path: bool) -> None:
    script = Path(sys.executable).parent / "aiblog"
    typed = "aiblog" if on_path else os.path.relpath(script, tmp_path)
    path = os.environ["PATH"] if not on_path else f"{script.parent}{os.pathsep}{os.environ['PATH']}"
    if not on_path:  # the venv's bin is not on PATH, as after `python -m venv .venv`
        path = os.pathsep.join(p for p in path.split(os.pathsep) if Path(p) != script.parent)
    env = {**os.environ, "PATH": path}
    done = subprocess.run(
        [typed, "init", "blog", "--base-url", "https://w.github.io/b/"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    steps = next_step_commands(done.stdout)
    assert steps["build"] == [typed, "build", "blog"]
    ran = subprocess.run(steps["build"], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert ran.returncode == 0, ran.stderr
    assert (tmp_path / "blog/public/index.html").is_file()


def test_site_yml_names_the_doc_that_lists_every_key(tmp_path: Path) -> None:
    assert cli("init", str(tmp_path / "blog"))[0] == 0
    text = (tmp_path / "blog/site.yml").read_text(encoding="utf-8")
    url = docs_url("configuration.md")
    assert url == f"{REPOSITORY_URL}/blob/v{__version__}/docs/configuration.md"
    assert "docs/configuration.md" in text.split("title:")[0] and url in text
    # The doc it names is in this repository at that path and lists every key site.yml takes.
    doc = (ROOT / "docs/configuration.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", doc, re.M))
    internal = {"site_dir", "drafts", "future", "cjk_chars_per_minute", "words_per_minute"}
    internal |= {
        "cjk_breaks",
        "iframe_hosts",
        "link_schemes",
        "breaks",
        "shortcodes_fingerprint",
    }  # markdown:
    keys = set(SiteConfig.__dataclass_fields__) - internal | {"reading_time", "markdown"}
    assert keys <= documented, keys - documented
    # pyproject.toml points at the same repository.
    urls = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]
    assert urls["Source"] == REPOSITORY_URL
    assert urls["Documentation"].startswith(REPOSITORY_URL)


class NavLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inside, self.links = False, []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "nav" and ("class", "site-nav") in attrs:
            self.inside = True
        elif tag == "a" and self.inside:
            self.links.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self.inside = False


def test_the_menu_links_every_page_init_wrote(tmp_path: Path) -> None:
    blog = tmp_path / "blog"
    assert cli("init", str(blog), "--base-url", "https://wangfugui.github.io/notes/")[0] == 0
    assert cli("build", str(blog), "--strict", "--quiet")[0] == 0
    nav = NavLinks()
    nav.feed((blog / "public/index.html").read_text(encoding="utf-8"))
    pages = sorted(p.stem for p in (blog / "content/pages").glob("*.md"))
    assert pages  # init writes at least the about page
    for page in pages:
        assert f"/notes/{page}/" in nav.links, (page, nav.links)
    for link in nav.links:  # and every menu link leads to a page that was built
        if link.startswith("/notes/") and not link.endswith(".xml"):
            assert (blog / "public" / link.removeprefix("/notes/") / "index.html").is_file(), link


def test_a_source_tree_init_says_its_workflow_installs_a_release(tmp_path: Path) -> None:
    """This suite runs aiblog from its source tree (an editable install): init says that the
    workflow's pinned release may lack this code, unless --install names what to install.
    (tests/test_install.py checks that an installed wheel does not say it.)"""
    code, out, _ = cli("init", str(tmp_path / "a"))
    assert code == 0
    workflow = tmp_path / "a/.github/workflows/pages.yml"
    assert (
        f"Note: this aiblog runs from a source tree, but {workflow} installs the release "
        f"aiblog=={__version__}, which may lack your changes" in out
    )
    code, out, _ = cli("init", str(tmp_path / "b"), "--install", "git+https://x.org/aiblog@abc")
    assert code == 0 and "Note:" not in out
