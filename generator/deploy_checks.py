"""What `aiblog deploy` makes sure of before it builds, and what a failed push means: each
problem is one line that says how to fix it (never git's traceback-like noise)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

REMOTE_EXAMPLE = "https://github.com/<user>/<repository>.git"


class NotReady(Exception):
    """The repository cannot be deployed from as it is; the message says why and the fix."""


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True)


def preflight(site_dir: Path, remote: str | None, allow_dirty: bool) -> None:
    """Raise NotReady unless git runs, `site_dir` is in a repository with a commit checked
    out on a branch, the tree is clean (or `allow_dirty`) and `remote` (None: not pushing)
    exists."""
    if shutil.which("git") is None:
        raise NotReady(
            "git is not installed (or not on PATH): install it (https://git-scm.com/downloads) "
            "and deploy again"
        )
    if _git(site_dir, "rev-parse", "--git-dir").returncode != 0:
        raise NotReady(
            f"{site_dir} is not in a git repository: run `git init -b main` there, commit your "
            f"blog, add your GitHub repository (`git remote add origin {REMOTE_EXAMPLE}`) "
            "and deploy again"
        )
    if _git(site_dir, "rev-parse", "--verify", "-q", "HEAD").returncode != 0:
        raise NotReady(
            'the repository has no commit yet: commit your blog (`git add -A && git commit -m "My '
            'blog"`) and deploy again'
        )
    if _git(site_dir, "symbolic-ref", "-q", "HEAD").returncode != 0:
        at = _git(site_dir, "rev-parse", "--short", "HEAD").stdout.strip()
        raise NotReady(
            f"HEAD is detached (at {at}), so you would publish a commit that is on no branch: "
            f"switch to your blog's branch (`git switch {_a_branch(site_dir)}`) and deploy again"
        )
    if not allow_dirty and (changed := _changed_files(site_dir)):
        shown = ", ".join(changed[:3]) + (
            f" and {len(changed) - 3} more" if len(changed) > 3 else ""
        )
        raise NotReady(
            f"uncommitted changes ({shown}) would be published without being in any commit: "
            "commit them (`git add -A && git commit`) or stash them (`git stash -u`), "
            "or deploy them anyway with --allow-dirty"
        )
    if remote is not None and _git(site_dir, "remote", "get-url", remote).returncode != 0:
        others = _git(site_dir, "remote").stdout.split()
        hint = (
            f" (this repository has: {', '.join(others)}; choose one with --remote)"
            if others
            else ""
        )
        raise NotReady(
            f"no git remote named `{remote}`{hint}: add it (`git remote add {remote} "
            f"{REMOTE_EXAMPLE}`), or commit the site without pushing with --no-push"
        )


def _a_branch(site_dir: Path) -> str:
    """The branch to suggest switching to: main or master when they exist, else any."""
    names = _git(site_dir, "for-each-ref", "--format=%(refname:short)", "refs/heads/").stdout
    branches = names.split()
    return next(
        (b for b in ("main", "master") if b in branches), branches[0] if branches else "main"
    )


def _changed_files(site_dir: Path) -> list[str]:
    """Tracked files with changes and untracked files not ignored (a new post counts)."""
    status = _git(site_dir, "status", "--porcelain", "--untracked-files=all").stdout
    return [line[3:] for line in status.splitlines() if line.strip()]


def push_failure(stderr: str, remote: str, branch: str) -> str:
    """One line for why `git push remote branch` failed, with the fix."""
    if re.search(r"\[rejected\].*\((non-fast-forward|fetch first)\)", stderr):
        return (
            f"{remote} rejected the push: its `{branch}` has commits this clone does not have "
            f"(deployed from another clone?); fetch them (`git fetch {remote} {branch}`) and "
            "deploy again"
        )
    if match := re.search(r"\[remote rejected\].*\((.+)\)", stderr):
        return (
            f"{remote} refused `{branch}` ({match.group(1)}): check the branch protection rules "
            "of the repository, or deploy to another branch with --branch"
        )
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    reason = next((line for line in lines if line.startswith("fatal:")), lines[-1] if lines else "")
    reason = reason.removeprefix("fatal:").strip() or "no reason given"
    return (
        f"could not push to {remote} ({reason}): check its URL (`git remote -v`) and that you may "
        "push to it, or commit without pushing with --no-push"
    )
