"""aiblog as an author gets it: the sdist and the wheel `python -m build` makes, the wheel
installed into a fresh venv outside the source tree, and the README's "Your own blog" walk
run command by command with that install (git's remote a local bare repository).

The build runs offline (`--no-isolation`: hatchling from the test environment). Installing
the wheel fetches its dependencies from the package index pip is configured with (PyPI in
CI, or a mirror); when that index cannot be reached these tests are skipped, saying so.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import tarfile
import time
import urllib.request
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from conftest import ROOT

from generator import __version__

NETWORK_TROUBLE = re.compile(
    r"NewConnectionError|Failed to establish a new connection|Temporary failure in name "
    r"resolution|Network is unreachable|ProxyError|Could not fetch URL|ConnectTimeout|"
    r"Read timed out|No route to host",
    re.I,
)


@pytest.fixture(scope="session")
def dist(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """`python -m build`: the sdist, then the wheel built from that sdist (so a file the
    sdist lacks is missing from the wheel too)."""
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return {
        "sdist": out / f"aiblog-{__version__}.tar.gz",
        "wheel": out / f"aiblog-{__version__}-py3-none-any.whl",
    }


@pytest.fixture(scope="session")
def installed(dist: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv, outside the source tree, with the wheel installed: its bin/ dir."""
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    # This environment's pip installs into the new venv (--python): no pip to bootstrap there.
    done = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(venv / "bin/python"), "install"]
        + ["--quiet", "--disable-pip-version-check", str(dist["wheel"])],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0 and NETWORK_TROUBLE.search(done.stderr):
        pytest.skip(
            f"the package index is unreachable, so the wheel's dependencies cannot be installed: {done.stderr.strip().splitlines()[-1]}"
        )
    assert done.returncode == 0, done.stderr
    return venv / "bin"


def clean_env(bin_dir: Path, home: Path) -> dict[str, str]:
    """The environment of an author's shell: the fresh venv's bin first on PATH, nothing of
    this source tree (no PYTHONPATH, another HOME), git with no user configuration."""
    path = os.pathsep.join(
        [str(bin_dir)]
        + [
            p
            for p in os.environ["PATH"].split(os.pathsep)
            if Path(p) != Path(sys.executable).parent
        ]
    )
    gitconfig = home / ".gitconfig"
    if not gitconfig.exists():
        home.mkdir(parents=True, exist_ok=True)
        gitconfig.write_text("[user]\n\tname = 王富贵\n\temail = wangfugui@example.org\n")
    keep = {"LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    return {
        **env,
        "PATH": path,
        "HOME": str(home),
        "GIT_CONFIG_GLOBAL": str(gitconfig),
        "GIT_CONFIG_NOSYSTEM": "1",
    }


def test_the_sdist_holds_the_sources_theme_skeleton_and_docs(dist: dict[str, Path]) -> None:
    with tarfile.open(dist["sdist"]) as sdist:
        names = {n.split("/", 1)[1] for n in sdist.getnames() if "/" in n}
    expected = {
        p.relative_to(ROOT).as_posix() for p in (ROOT / "themes/default").rglob("*") if p.is_file()
    }
    expected |= {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "generator").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    expected |= {"README.md", "pyproject.toml", "docs/configuration.md", "PKG-INFO"}
    assert expected <= names, sorted(expected - names)
    assert not any(n.startswith((".venv/", "public/", ".aiblog-cache/", "dist/")) for n in names)


def test_the_wheel_holds_the_theme_skeleton_and_command(dist: dict[str, Path]) -> None:
    with zipfile.ZipFile(dist["wheel"]) as wheel:
        names = set(wheel.namelist())
        entry_points = wheel.read(f"aiblog-{__version__}.dist-info/entry_points.txt").decode()
    theme = ROOT / "themes/default"
    for path in theme.rglob("*"):
        if path.is_file():
            assert f"generator/_default_theme/{path.relative_to(theme).as_posix()}" in names
    for path in (ROOT / "generator/skeleton").iterdir():
        assert f"generator/skeleton/{path.name}" in names
    assert "aiblog = generator.cli:main" in entry_points
    assert not any(n.startswith(("tests/", "content/", "bench/")) for n in names)


def test_the_installed_wheel_runs_outside_the_source_tree(installed: Path, tmp_path: Path) -> None:
    env = clean_env(installed, tmp_path / "home")

    def run(*args: str) -> str:
        done = subprocess.run(
            args, cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120
        )
        assert done.returncode == 0, f"{shlex.join(args)}\n{done.stdout}{done.stderr}"
        return done.stdout

    where = run(
        "python",
        "-c",
        "import generator, generator.themes as t; print(generator.__file__); print(t.default_theme_dir())",
    )
    module, theme = where.splitlines()
    venv = installed.parent
    assert Path(module).is_relative_to(venv) and not Path(module).is_relative_to(ROOT)
    assert Path(theme) == Path(module).parent / "_default_theme"
    assert run("aiblog", "--version") == f"aiblog {__version__}\n"
    said = run("aiblog", "init", "blog", "--base-url", "https://wangfugui.github.io/blog/")
    assert "runs from a source tree" not in said  # the pinned release is this very code
    run("aiblog", "build", "blog", "--strict")
    assert (tmp_path / "blog/public/posts/hello-aiblog/index.html").is_file()
    assert (tmp_path / "blog/public/static/css/style.css").is_file()
    # `aiblog check` (issue 16) when this version has it.
    has_check = (
        subprocess.run(["aiblog", "check", "--help"], capture_output=True, env=env).returncode == 0
    )
    if has_check:
        run("aiblog", "check", "blog")


def test_the_release_workflow_smoke_test_passes(installed: Path, tmp_path: Path) -> None:
    """The steps release.yml runs against the wheel before publishing it, run here."""
    release = yaml.safe_load((ROOT / ".github/workflows/release.yml").read_text(encoding="utf-8"))
    step = next(
        s for s in release["jobs"]["try-the-wheel"]["steps"] if s.get("name") == "A new blog builds"
    )
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", step["run"]],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=clean_env(installed, tmp_path / "home"),
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def readme_walk() -> list[str]:
    """The commands of the README's "Your own blog" code block, one per line."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Your own blog\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None, "no ```sh block in the README's Your own blog section"
    return [line for line in block.group(1).splitlines() if line.strip()]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_serve(words: list[str], cwd: Path, env: dict[str, str]) -> str:
    """`aiblog serve` as typed, on a free port (8000 may be taken): wait until it serves,
    fetch the draft the walk wrote, stop it with Ctrl-C. Returns the page."""
    port = free_port()
    process = subprocess.Popen(
        [*words, "--port", str(port)],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline, line = time.monotonic() + 60, ""
        while "Serving" not in line and time.monotonic() < deadline and process.poll() is None:
            line = process.stdout.readline() if process.stdout else ""
        assert "Serving http://127.0.0.1:" in line, process.stderr.read() if process.stderr else ""
        url = line.split()[1]
        draft = f"{url}posts/{quote('我的第一篇文章')}/"
        with urllib.request.urlopen(draft, timeout=10) as response:
            page = response.read().decode("utf-8")
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    finally:
        process.kill()
    assert process.returncode == 0 and "Traceback" not in err, err
    return page


def test_the_readme_walk_from_install_to_publish(installed: Path, tmp_path: Path) -> None:
    commands = readme_walk()
    home, cwd = tmp_path / "home", tmp_path / "work"
    cwd.mkdir()
    env = clean_env(installed, home)
    # GitHub, played by bare repositories: https://github.com/<user>/<repo> fetches and
    # pushes go to github/<user>/<repo>; the remote's configured URL stays GitHub's.
    github = tmp_path / "github"
    with (home / ".gitconfig").open("a") as config:
        config.write(f'[url "{github.as_uri()}/"]\n\tinsteadOf = https://github.com/\n')
    installs = {"pipx install aiblog", "uv tool install aiblog"}
    served = ""
    for line in commands:
        words = shlex.split(line, comments=True)
        if " ".join(words) in installs:
            continue  # done: `installed` is that install, from the wheel built above
        if words[:2] == ["git", "clone"]:
            owner, repo = words[2].removesuffix(".git").split("/")[-2:]
            subprocess.run(
                ["git", "init", "-q", "--bare", "-b", "main", str(github / owner / f"{repo}.git")],
                check=True,
            )
        if words[0] == "cd":
            cwd = cwd / words[1]
            continue
        if words[:2] == ["aiblog", "serve"]:
            served = run_serve(words, cwd, env)
            continue
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", line],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert done.returncode == 0, f"{line}\n{done.stdout}{done.stderr}"
        assert "Traceback" not in done.stderr, done.stderr
        if words[0] == "aiblog":  # nothing to warn about on the happy path
            assert "warning" not in done.stderr.lower(), done.stderr
    assert commands[0].split("#")[0].strip() in installs
    assert [shlex.split(c)[:2] for c in commands if c.startswith("aiblog")] == [
        ["aiblog", "init"],
        ["aiblog", "new"],
        ["aiblog", "serve"],
        ["aiblog", "deploy"],
    ]
    # init took base_url from the clone's origin; serve showed the draft.
    blog = cwd
    config = yaml.safe_load((blog / "site.yml").read_text(encoding="utf-8"))
    assert config["base_url"] == "https://wangfugui.github.io/ai-notes/"
    assert "我的第一篇文章" in served and "草稿" in served
    # The push put the blog on main (the workflow's trigger); deploy published gh-pages
    # without the draft, with links under the repository's path.
    remote = github / "wangfugui/ai-notes.git"

    def show(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=remote, capture_output=True, text=True, check=True, env=env
        ).stdout

    on_main = show("ls-tree", "-r", "-z", "--name-only", "main").split("\0")
    assert {"site.yml", ".github/workflows/pages.yml", "content/posts/我的第一篇文章.md"} <= set(
        on_main
    )
    published = show("ls-tree", "-r", "-z", "--name-only", "gh-pages").split("\0")
    assert "posts/hello-aiblog/index.html" in published and ".nojekyll" in published
    assert not any("我的第一篇文章" in p or "%E6%88%91" in p for p in published)
    home_page = show("show", "gh-pages:index.html")
    assert (
        'href="/ai-notes/about/"' in home_page
        and 'href="/ai-notes/posts/hello-aiblog/"' in home_page
    )
