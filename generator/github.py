"""GitHub remotes: which repository a folder pushes to, and the GitHub Pages address of it.

`https://github.com/u/r` → `https://u.github.io/r/`; a repository named `u.github.io` is
the user site, served at the root: `https://u.github.io/`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

# https://github.com/u/r(.git), http://…, git://…, ssh://git@github.com(:22)/u/r, git@github.com:u/r
_REMOTE = re.compile(
    r"""^(?:(?:https?|git|ssh)://(?:[^@/]+@)?github\.com(?::\d+)?/   # URL forms
         |(?:[^@/]+@)?github\.com:)                                  # scp-like ssh form
        (?P<owner>[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)/
        (?P<repo>[A-Za-z0-9._-]+?)(?:\.git)?/?$""",
    re.X | re.I,
)


def github_repository(remote_url: str) -> tuple[str, str] | None:
    """(owner, repository) of a github.com remote URL, or None for any other host."""
    match = _REMOTE.match(remote_url.strip())
    return (match["owner"], match["repo"]) if match else None


def pages_url(remote_url: str) -> str | None:
    """The GitHub Pages base URL of the repository `remote_url` names, or None."""
    found = github_repository(remote_url)
    if found is None:
        return None
    owner, repo = found
    host = f"{owner.lower()}.github.io"
    return f"https://{host}/" if repo.lower() == host else f"https://{host}/{repo}/"


def remote_url(folder: Path, remote: str = "origin") -> str | None:
    """The URL of `remote` as configured in the repository holding `folder` (before any
    `url.*.insteadOf` rewriting: the configured URL names the repository), or None when
    git is missing, `folder` is not in a repository or has no such remote."""
    if shutil.which("git") is None or not folder.is_dir():
        return None
    done = subprocess.run(
        ["git", "config", "--get", f"remote.{remote}.url"],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        return None
    return done.stdout.strip() or None


def pages_mismatch(base_url: str, cname: str, remote: str, url_of_remote: str) -> str | None:
    """Why `base_url` is not where GitHub Pages will serve a site pushed to `remote`, or None
    (also None for a remote not on GitHub). A custom domain agrees when site.yml's `cname`
    names it: then GitHub serves the site there."""
    expected = pages_url(url_of_remote)
    if expected is None:
        return None
    given = urlsplit(base_url)
    if cname and (given.hostname or "").lower() == cname.strip().lower():
        return None
    if given.scheme in ("http", "https") and _same_site(base_url, expected):
        return None
    fix = f"set base_url to {expected}"
    if not (given.hostname or "").lower().endswith(".github.io"):
        fix += f", or set `cname: {given.hostname}` if that is your custom domain"
    return f"base_url is {base_url} but `{remote}` is {url_of_remote}, which GitHub Pages serves at {expected}: {fix}"


def _same_site(a: str, b: str) -> bool:
    """Equal as addresses: host case and a trailing slash do not matter."""
    x, y = urlsplit(a), urlsplit(b)
    return (x.hostname or "").lower() == (y.hostname or "").lower() and x.path.rstrip(
        "/"
    ) == y.path.rstrip("/")
