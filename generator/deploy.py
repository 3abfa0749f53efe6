"""`aiblog deploy`: check the repository and base_url, build, commit the output to the
Pages branch with ghp-import (the library MkDocs' gh-deploy uses), and push.

ghp-import writes the branch with `git fast-import`: the working tree, the index and the
current branch are never touched. It works on the repository of its working directory,
so it runs as a subprocess with `cwd=` the site (no process-wide chdir here). aiblog
pushes by itself, so that a refused push can be explained (see deploy_checks.py).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from generator.baseurl import base_url_line, check_base_url
from generator.build import BuildOptions, build
from generator.config import load_config
from generator.deploy_checks import NotReady, preflight, push_failure
from generator.errors import BuildFailed, Diagnostics
from generator.github import pages_mismatch, remote_url

GHP_IMPORT = [sys.executable, "-c", "import ghp_import, sys; sys.exit(ghp_import.main())"]


@dataclass(frozen=True)
class DeployOptions:
    remote: str = "origin"
    branch: str = "gh-pages"
    push: bool = True
    message: str | None = None
    allow_dirty: bool = False


class DeployError(Exception):
    pass


def _git(site_dir: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=site_dir, capture_output=True, text=True)
    if result.returncode != 0:
        raise DeployError(result.stderr.strip() or f"git {' '.join(args)} failed")
    return result.stdout.strip()


def source_commit(site_dir: Path) -> str:
    """The commit the site is built from, marked dirty when the tree has changes (new files
    too: a new post is published by the build)."""
    try:
        sha = _git(site_dir, "rev-parse", "HEAD")
    except DeployError:
        return "(no commit yet)"
    dirty = _git(site_dir, "status", "--porcelain", "--untracked-files=all")
    return sha + (" (with uncommitted changes)" if dirty else "")


def commit_message(site_dir: Path, message: str | None) -> str:
    source = source_commit(site_dir)
    headline = message or f"Deploy {source[:12]}"
    return f"{headline}\n\nBuilt by aiblog from source commit {source}."


def deploy(site_dir: Path, options: DeployOptions, out: TextIO, err: TextIO) -> int:
    site_dir = site_dir.resolve()
    try:
        preflight(site_dir, options.remote if options.push else None, options.allow_dirty)
    except NotReady as problem:
        err.write(f"aiblog deploy: {problem}\n")
        return 1
    if refusal := check_base_url(site_dir, None, deploying=True):
        err.write(f"{refusal.text}\nNothing was deployed.\n")
        return 1
    if warning := _pages_mismatch(site_dir, options.remote):
        line = base_url_line(site_dir)
        err.write(f"site.yml{f':{line}' if line else ''}: warning: {warning}\n")
    with tempfile.TemporaryDirectory(prefix="aiblog-deploy-") as tmp:
        output = Path(tmp) / "site"
        try:
            result = build(site_dir, BuildOptions(output=output))
        except BuildFailed as failed:
            for item in failed.diagnostics.sorted():
                err.write(f"{item}\n")
            err.write("Build failed: nothing was deployed.\n")
            return 1
        for warning in result.diagnostics.warnings:
            err.write(f"{warning}\n")
        out.write(f"Built {len(result.site.posts)} posts; committing to `{options.branch}`…\n")
        args = [str(output), "--no-jekyll", "--branch", options.branch, "--remote", options.remote]
        args += ["--message", commit_message(site_dir, options.message)]
        done = subprocess.run([*GHP_IMPORT, *args], cwd=site_dir, capture_output=True, text=True)
        if done.returncode != 0:
            err.write(f"aiblog deploy: ghp-import failed: {done.stderr.strip()}\n")
            return 1
    commit = _git(site_dir, "rev-parse", "--short", options.branch)
    if options.push:
        pushed = subprocess.run(
            ["git", "push", options.remote, options.branch],
            cwd=site_dir,
            capture_output=True,
            text=True,
        )
        if pushed.returncode != 0:
            reason = push_failure(pushed.stderr, options.remote, options.branch)
            err.write(f"aiblog deploy: {reason} (the site is committed on `{options.branch}`)\n")
            return 1
    target = f"{options.remote}/{options.branch}" if options.push else options.branch
    out.write(f"Deployed to {target} ({commit}).\n")
    return 0


def _pages_mismatch(site_dir: Path, remote: str) -> str | None:
    config = load_config(site_dir, Diagnostics())
    url = remote_url(site_dir, remote)
    if config is None or url is None:
        return None
    return pages_mismatch(config.base_url, config.cname, remote, url)
