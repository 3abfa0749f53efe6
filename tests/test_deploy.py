"""Publishing: deploy to a real (local, bare) git remote, serve the Pages branch under
/<repo>/ as GitHub Pages does for a project site, crawl it; init; the Actions workflow."""

from __future__ import annotations

import functools
import io
import os
import shutil
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import ROOT

from generator.cli import main

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Tester",
    "GIT_AUTHOR_EMAIL": "tester@example.org",
    "GIT_COMMITTER_NAME": "Tester",
    "GIT_COMMITTER_EMAIL": "tester@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


@pytest.fixture(autouse=True)
def git_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout.strip()


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(args), out=out, err=err), out.getvalue(), err.getvalue()


class Static(ThreadingHTTPServer):
    daemon_threads = True


@pytest.fixture
def static_server(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    """A plain static file server over a folder (what GitHub Pages is)."""
    root = tmp_path / "pages-root"
    root.mkdir()
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a, **k: None  # type: ignore[method-assign]
    server = Static(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, server.server_address[1]
    server.shutdown()
    server.server_close()


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def crawl(start: str) -> tuple[set[str], list[str]]:
    """Every page reachable from `start` on its host; the links that did not load."""
    host = urlsplit(start).netloc
    seen: set[str] = set()
    broken: list[str] = []
    queue = [start]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                body = response.read()
                kind = response.headers.get("Content-Type", "")
        except HTTPError as exc:
            broken.append(f"{url} ({exc.code})")
            continue
        if "html" in kind:
            parser = Links()
            parser.feed(body.decode("utf-8"))
            for link in parser.links:
                target = urljoin(url, link).split("#")[0]
                if urlsplit(target).netloc == host:
                    queue.append(target)
    return seen, broken


def make_repo(tmp_path: Path, base_url: str) -> tuple[Path, Path]:
    """The example blog in its own git repository, with a bare `origin`."""
    remote = tmp_path / "remote.git"
    repo = tmp_path / "blogrepo"
    repo.mkdir()
    shutil.copytree(ROOT / "content", repo / "content")
    config = (ROOT / "site.yml").read_text(encoding="utf-8")
    (repo / "site.yml").write_text(
        config.replace("https://example.github.io/aiblog/", base_url), encoding="utf-8"
    )
    (repo / ".gitignore").write_text("public/\n")
    return repo, commit_to_new_repo(repo, remote)


def commit_to_new_repo(folder: Path, remote: Path) -> Path:
    """`folder` as a git repository on `main` with one commit and a bare `origin`."""
    git(remote.parent, "init", "--bare", "-q", str(remote))
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "the blog")
    git(folder, "remote", "add", "origin", str(remote))
    return remote


def has_branch(repo: Path, branch: str) -> bool:
    return (
        subprocess.run(
            ["git", "rev-parse", "--verify", branch], cwd=repo, capture_output=True
        ).returncode
        == 0
    )


def test_deploy_serve_crawl_and_redeploy(tmp_path: Path, static_server: tuple[Path, int]) -> None:
    pages_root, port = static_server
    base_url = f"http://127.0.0.1:{port}/blogrepo/"
    repo, remote = make_repo(tmp_path, base_url)
    source = git(repo, "rev-parse", "HEAD")

    code, out, err = cli("deploy", str(repo))
    assert code == 0, err
    assert "Deployed to origin/gh-pages" in out
    assert source in git(remote, "log", "-1", "--format=%B", "gh-pages")

    clone = pages_root / "blogrepo"
    git(tmp_path, "clone", "-q", "--branch", "gh-pages", str(remote), str(clone))
    assert (clone / ".nojekyll").is_file()
    pages, broken = crawl(base_url)
    assert broken == []
    assert len(pages) > 40
    assert f"{base_url}posts/deepseek-r1-one-year/" in pages

    # Edit, commit, deploy again: a second commit; the source tree stays as it was.
    post = repo / "content/posts/deepseek-r1-one-year.md"
    post.write_text(
        post.read_text(encoding="utf-8").replace("让硅谷集体失眠", "让硅谷集体失眠（修订）"),
        encoding="utf-8",
    )
    git(repo, "commit", "-q", "-am", "revise")
    code, _, err = cli("deploy", str(repo), "--message", "Second deploy")
    assert code == 0, err
    assert git(remote, "rev-list", "--count", "gh-pages") == "2"
    assert git(remote, "log", "-1", "--format=%s", "gh-pages") == "Second deploy"
    git(clone, "pull", "-q")
    assert "让硅谷集体失眠（修订）" in (clone / "posts/deepseek-r1-one-year/index.html").read_text(
        encoding="utf-8"
    )
    assert git(repo, "status", "--porcelain") == ""
    assert git(repo, "rev-parse", "--abbrev-ref", "HEAD") == "main"
    assert not (repo / "public").exists()


def test_failed_build_deploys_nothing(tmp_path: Path) -> None:
    repo, remote = make_repo(tmp_path, "https://example.org/")
    (repo / "content/posts/broken.md").write_text("---\ntitle: [x\n---\n")
    code, _, err = cli("deploy", str(repo))
    assert code == 1 and "content/posts/broken.md:" in err and "nothing was deployed" in err
    assert not has_branch(remote, "gh-pages")


def test_no_push_and_cname(tmp_path: Path) -> None:
    repo, remote = make_repo(tmp_path, "https://blog.example.com/")
    with (repo / "site.yml").open("a", encoding="utf-8") as handle:
        handle.write("cname: blog.example.com\n")
    code, out, err = cli("deploy", str(repo), "--no-push", "--branch", "pages")
    assert code == 0, err
    assert git(repo, "show", "pages:CNAME") == "blog.example.com"
    assert git(repo, "show", "pages:.nojekyll") == ""
    assert not has_branch(remote, "pages")


def test_init_scaffolds_a_blog_that_builds(tmp_path: Path) -> None:
    target = tmp_path / "newblog"
    code, out, _ = cli(
        "init", str(target), "--title", "新博客", "--base-url", "https://me.github.io/newblog"
    )
    assert code == 0
    assert (target / ".github/workflows/pages.yml").is_file() and "public/" in (
        target / ".gitignore"
    ).read_text()
    code, out, err = cli("build", str(target), "--strict")
    assert code == 0, err
    html = (target / "public/posts/hello-aiblog/index.html").read_text(encoding="utf-8")
    for part in ("post-summary", "takeaways", "faq-item", "commentary", "citation-list"):
        assert part in html
    assert 'href="/newblog/about/"' in html
    code, _, err = cli("init", str(target))
    assert code == 2 and "not empty" in err
    assert (
        cli("init", str(target), "--force", "--title", "T", "--base-url", "https://x.org/")[0] == 0
    )


@pytest.mark.parametrize(
    "workflow", [ROOT / ".github/workflows/pages.yml", ROOT / "generator/skeleton/pages.yml"]
)
def test_workflows_match_the_github_schema(workflow: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            str(workflow),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    text = workflow.read_text()
    for action in (
        "actions/configure-pages@",
        "actions/upload-pages-artifact@",
        "actions/deploy-pages@",
    ):
        assert action in text
    assert (
        "steps.pages.outputs.base_url" in text
        and "schedule:" in text
        and "branches: [main]" in text
    )


def test_an_init_blog_deploys_as_is(tmp_path: Path) -> None:
    target = tmp_path / "fresh"
    assert (
        cli("init", str(target), "--title", "新博客", "--base-url", "https://me.github.io/fresh/")[
            0
        ]
        == 0
    )
    remote = commit_to_new_repo(target, tmp_path / "fresh-remote.git")
    code, out, err = cli("deploy", str(target))
    assert code == 0, err
    files = git(remote, "ls-tree", "-r", "--name-only", "gh-pages").splitlines()
    assert "posts/hello-aiblog/index.html" in files and ".nojekyll" in files and "feed.xml" in files
    assert git(target, "status", "--porcelain") == ""  # public/ is in the scaffold's .gitignore
