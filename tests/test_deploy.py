"""Publishing: deploy to a real (local, bare) git remote, serve the Pages branch under
/<repo>/ as GitHub Pages does for a project site, crawl it; init; the Actions workflow."""

from __future__ import annotations

import functools
import io
import os
import shutil
import subprocess
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
from generator.github import pages_mismatch

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


def small_repo(tmp_path: Path, base_url: str) -> tuple[Path, Path]:
    """A blog as `aiblog init` writes it (two pages: quick to build) in its own git
    repository, with a bare `origin`."""
    repo = tmp_path / "blogrepo"
    assert cli("init", str(repo), "--title", "T", "--base-url", base_url)[0] == 0
    return repo, commit_to_new_repo(repo, tmp_path / "remote.git")


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
    repo, remote = make_repo(tmp_path, "https://wangfugui.github.io/blogrepo/")
    (repo / "content/posts/broken.md").write_text("---\ntitle: [x\n---\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "a broken post")
    code, _, err = cli("deploy", str(repo))
    assert code == 1 and "content/posts/broken.md:" in err and "nothing was deployed" in err
    assert not has_branch(remote, "gh-pages")


def test_no_push_and_cname(tmp_path: Path) -> None:
    repo, remote = make_repo(tmp_path, "https://blog.wangfugui.cn/")
    with (repo / "site.yml").open("a", encoding="utf-8") as handle:
        handle.write("cname: blog.wangfugui.cn\n")
    git(repo, "commit", "-q", "-am", "custom domain")
    code, out, err = cli("deploy", str(repo), "--no-push", "--branch", "pages")
    assert code == 0, err
    assert git(repo, "show", "pages:CNAME") == "blog.wangfugui.cn"
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
    assert code == 2 and f"{target / 'site.yml'} already exists (--force replaces it)" in err
    assert (
        cli("init", str(target), "--force", "--title", "T", "--base-url", "https://x.org/")[0] == 0
    )
    assert 'title: "T"' in (target / "site.yml").read_text(encoding="utf-8")


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


# --- deploy fails helpfully: one line with the fix, exit 1, nothing pushed -------------------


def deploy_error(*args: str) -> str:
    code, out, err = cli("deploy", *args)
    assert code == 1, out + err
    assert "Traceback" not in err
    return err


def test_without_git_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo, _ = small_repo(tmp_path, "https://wangfugui.github.io/blogrepo/")
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    err = deploy_error(str(repo))
    assert err == (
        "aiblog deploy: git is not installed (or not on PATH): install it "
        "(https://git-scm.com/downloads) and deploy again\n"
    )


def test_outside_a_repository_and_before_the_first_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # even if /tmp is in a repo
    site = tmp_path / "blog"
    assert cli("init", str(site), "--base-url", "https://wangfugui.github.io/blog/")[0] == 0
    err = deploy_error(str(site))
    assert err == (
        f"aiblog deploy: {site} is not in a git repository: run `git init -b main` there, commit "
        "your blog, add your GitHub repository (`git remote add origin https://github.com/<user>/"
        "<repository>.git`) and deploy again\n"
    )
    git(site, "init", "-q", "-b", "main")
    err = deploy_error(str(site))
    assert err == (
        "aiblog deploy: the repository has no commit yet: commit your blog (`git add -A && git "
        'commit -m "My blog"`) and deploy again\n'
    )


def test_a_detached_head(tmp_path: Path) -> None:
    repo, remote = small_repo(tmp_path, "https://wangfugui.github.io/blogrepo/")
    git(repo, "switch", "-q", "--detach", "HEAD")
    at = git(repo, "rev-parse", "--short", "HEAD")
    err = deploy_error(str(repo))
    assert err == (
        f"aiblog deploy: HEAD is detached (at {at}), so you would publish a commit that is on "
        "no branch: switch to your blog's branch (`git switch main`) and deploy again\n"
    )
    assert not has_branch(remote, "gh-pages")


def test_a_dirty_tree_and_allow_dirty(tmp_path: Path) -> None:
    repo, remote = small_repo(tmp_path, "https://wangfugui.github.io/blogrepo/")
    (repo / "content/posts/new-post.md").write_text("---\ntitle: 新\ndate: 2026-01-01\n---\n新。\n")
    err = deploy_error(str(repo))
    assert err == (
        "aiblog deploy: uncommitted changes (content/posts/new-post.md) would be published "
        "without being in any commit: commit them (`git add -A && git commit`) or stash them "
        "(`git stash -u`), or deploy them anyway with --allow-dirty\n"
    )
    assert not has_branch(remote, "gh-pages")
    code, _, err = cli("deploy", str(repo), "--allow-dirty")
    assert code == 0, err
    assert "(with uncommitted changes)" in git(remote, "log", "-1", "--format=%B", "gh-pages")
    assert "posts/new-post/index.html" in git(remote, "ls-tree", "-r", "--name-only", "gh-pages")


def test_no_remote_and_no_push(tmp_path: Path) -> None:
    repo, _ = small_repo(tmp_path, "https://wangfugui.github.io/blogrepo/")
    git(repo, "remote", "rename", "origin", "upstream")
    err = deploy_error(str(repo))
    assert err == (
        "aiblog deploy: no git remote named `origin` (this repository has: upstream; choose "
        "one with --remote): add it (`git remote add origin https://github.com/<user>/"
        "<repository>.git`), or commit the site without pushing with --no-push\n"
    )
    git(repo, "remote", "remove", "upstream")
    assert "no git remote named `origin`: add it" in deploy_error(str(repo))
    code, out, err = cli("deploy", str(repo), "--no-push")  # the fix it names works
    assert code == 0, err
    assert "Deployed to gh-pages" in out and has_branch(repo, "gh-pages")


def test_a_push_rejected_for_commits_made_elsewhere(tmp_path: Path) -> None:
    repo, remote = small_repo(tmp_path, "https://wangfugui.github.io/blogrepo/")
    git(repo, "push", "-q", "origin", "main")
    other = tmp_path / "other-clone"
    git(tmp_path, "clone", "-q", "--branch", "main", str(remote), str(other))
    # gh-pages gets a commit `repo` never saw (its own message: two deploys of one source in
    # one second would otherwise be the very same commit).
    code, _, err = cli("deploy", str(other), "--message", "From the other clone")
    assert code == 0, err
    err = deploy_error(str(repo))
    assert err == (
        "aiblog deploy: origin rejected the push: its `gh-pages` has commits this clone does "
        "not have (deployed from another clone?); fetch them (`git fetch origin gh-pages`) and "
        "deploy again (the site is committed on `gh-pages`)\n"
    )
    git(repo, "fetch", "-q", "origin", "gh-pages")  # the fix it names works
    code, _, err = cli("deploy", str(repo))
    assert code == 0, err
    assert git(remote, "rev-list", "--count", "gh-pages") == "2"


def test_a_push_refused_by_the_remote(tmp_path: Path) -> None:
    repo, remote = small_repo(tmp_path, "https://wangfugui.github.io/blogrepo/")
    hook = remote / "hooks/pre-receive"
    hook.write_text("#!/bin/sh\necho 'gh-pages is protected' >&2\nexit 1\n")
    hook.chmod(0o755)
    err = deploy_error(str(repo))
    assert err == (
        "aiblog deploy: origin refused `gh-pages` (pre-receive hook declined): check the branch "
        "protection rules of the repository, or deploy to another branch with --branch (the "
        "site is committed on `gh-pages`)\n"
    )
    assert not has_branch(remote, "gh-pages")


def test_a_remote_that_cannot_be_reached(tmp_path: Path) -> None:
    repo, _ = small_repo(tmp_path, "https://wangfugui.github.io/blogrepo/")
    git(repo, "remote", "set-url", "origin", str(tmp_path / "gone.git"))
    err = deploy_error(str(repo))
    assert err.startswith("aiblog deploy: could not push to origin (")
    assert "check its URL (`git remote -v`)" in err and "--no-push" in err
    assert len(err.splitlines()) == 1


# --- base_url: refused when it cannot be the site's address, checked against the remote -------


def test_a_placeholder_or_documentation_domain_is_not_deployed(tmp_path: Path) -> None:
    repo, remote = make_repo(tmp_path, "https://USERNAME.github.io/REPOSITORY/")
    err = deploy_error(str(repo))
    assert err.startswith(
        "site.yml:3: `base_url`: https://USERNAME.github.io/REPOSITORY/ is a placeholder "
        "(USERNAME, REPOSITORY): set the address the site is published at"
    )
    assert err.endswith("Nothing was deployed.\n")
    (repo / "site.yml").write_text(
        (repo / "site.yml").read_text().replace("USERNAME.github.io/REPOSITORY", "example.org")
    )
    git(repo, "commit", "-q", "-am", "example.org")
    err = deploy_error(str(repo))
    assert (
        "site.yml:3: `base_url`: https://example.org/ is on example.org, a domain reserved" in err
    )
    assert not has_branch(remote, "gh-pages")


@pytest.mark.parametrize(
    ("origin", "base_url", "cname", "fix"),
    [
        (
            "git@github.com:wangfugui/blogrepo.git",
            "https://wangfugui.github.io/blogrepo/",
            "",
            None,
        ),
        ("git@github.com:wangfugui/blogrepo.git", "https://WangFuGui.github.io/blogrepo", "", None),
        ("git@github.com:wangfugui/blogrepo.git", "https://wangfugui.github.io/oldname/", "", ""),
        ("https://github.com/wangfugui/blogrepo", "https://blog.wangfugui.cn/", "", "cname"),
        (
            "https://github.com/wangfugui/blogrepo",
            "https://blog.wangfugui.cn/",
            "blog.wangfugui.cn",
            None,
        ),
        ("https://gitlab.com/wangfugui/blogrepo.git", "https://wangfugui.github.io/x/", "", None),
    ],
)
def test_pages_mismatch(origin: str, base_url: str, cname: str, fix: str | None) -> None:
    found = pages_mismatch(base_url, cname, "origin", origin)
    if fix is None:
        assert found is None
        return
    expected = (
        f"base_url is {base_url} but `origin` is {origin}, which GitHub Pages serves at "
        "https://wangfugui.github.io/blogrepo/: set base_url to https://wangfugui.github.io/blogrepo/"
    )
    if fix == "cname":
        expected += ", or set `cname: blog.wangfugui.cn` if that is your custom domain"
    assert found == expected


def test_deploy_warns_when_base_url_and_the_remote_disagree(tmp_path: Path) -> None:
    repo, remote = small_repo(tmp_path, "https://wangfugui.github.io/oldname/")
    origin = "git@github.com:wangfugui/blogrepo.git"
    git(repo, "remote", "set-url", "origin", origin)
    git(repo, "config", f"url.{remote}.insteadOf", origin)  # pushes still reach the bare repo
    code, _, err = cli("deploy", str(repo))
    assert code == 0, err  # a warning: the author may know better (a redirect, say)
    lines = (repo / "site.yml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("base_url:"))
    mismatch = pages_mismatch("https://wangfugui.github.io/oldname/", "", "origin", origin)
    assert err.splitlines()[0] == f"site.yml:{line}: warning: {mismatch}"
    assert has_branch(remote, "gh-pages")
