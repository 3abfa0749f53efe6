"""`aiblog deploy`: build, then commit the output to the Pages branch with ghp-import (the
library MkDocs' gh-deploy uses), and push.

ghp-import writes the branch with `git fast-import`: the working tree, the index and the
current branch are never touched. It works on the repository of its working directory,
so it runs as a subprocess with `cwd=` the site (no process-wide chdir here).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from generator.build import BuildOptions, build
from generator.errors import BuildFailed

GHP_IMPORT = [sys.executable, "-c", "import ghp_import, sys; sys.exit(ghp_import.main())"]


@dataclass(frozen=True)
class DeployOptions:
    remote: str = "origin"
    branch: str = "gh-pages"
    push: bool = True
    message: str | None = None


class DeployError(Exception):
    pass


def _git(site_dir: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=site_dir, capture_output=True, text=True)
    if result.returncode != 0:
        raise DeployError(result.stderr.strip() or f"git {' '.join(args)} failed")
    return result.stdout.strip()


def source_commit(site_dir: Path) -> str:
    """The commit the site is built from, marked dirty when the tree has changes."""
    try:
        sha = _git(site_dir, "rev-parse", "HEAD")
    except DeployError:
        return "(no commit yet)"
    dirty = _git(site_dir, "status", "--porcelain", "--untracked-files=no")
    return sha + (" (with uncommitted changes)" if dirty else "")


def commit_message(site_dir: Path, message: str | None) -> str:
    source = source_commit(site_dir)
    headline = message or f"Deploy {source[:12]}"
    return f"{headline}\n\nBuilt by aiblog from source commit {source}."


def deploy(site_dir: Path, options: DeployOptions, out: TextIO, err: TextIO) -> int:
    site_dir = site_dir.resolve()
    try:
        _git(site_dir, "rev-parse", "--git-dir")
    except DeployError as exc:
        err.write(f"aiblog deploy: {site_dir} is not in a git repository ({exc})\n")
        return 1
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
        if options.push:
            args.append("--push")
        done = subprocess.run([*GHP_IMPORT, *args], cwd=site_dir, capture_output=True, text=True)
        if done.returncode != 0:
            err.write(f"aiblog deploy: ghp-import failed: {done.stderr.strip()}\n")
            return 1
    target = f"{options.remote}/{options.branch}" if options.push else options.branch
    out.write(f"Deployed to {target} ({_git(site_dir, 'rev-parse', '--short', options.branch)}).\n")
    return 0
