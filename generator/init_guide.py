"""What `aiblog init` works out and says: the base_url a new blog starts with, and the next
steps, written with the command the author ran so that they work when pasted."""

from __future__ import annotations

import shlex
from pathlib import Path

import generator
from generator.github import pages_url, remote_url

PLACEHOLDER_BASE_URL = "https://USERNAME.github.io/REPOSITORY/"


def starting_base_url(target: Path) -> tuple[str, str]:
    """(base_url, where it came from): the GitHub Pages address of the `origin` remote when
    `target` is in a clone of a GitHub repository, else the placeholder."""
    origin = remote_url(target) if target.is_dir() else None
    if origin is not None and (url := pages_url(origin)) is not None:
        return url, f"the GitHub Pages address of origin ({origin})"
    return PLACEHOLDER_BASE_URL, "a placeholder"


def running_from_a_source_tree() -> bool:
    """True when this aiblog is a checkout of its repository (an editable install, or
    `python -m generator` in a clone), whose code PyPI's release of the version may lack."""
    return (Path(generator.__file__).resolve().parent.parent / "pyproject.toml").is_file()


def install_note(requirement: str | None, from_source: bool, workflow: Path) -> str:
    """A line when the workflow will install a release though a source tree ran init."""
    if requirement is not None or not from_source:
        return ""
    return (
        f"Note: this aiblog runs from a source tree, but {workflow} installs the release "
        f"aiblog=={generator.__version__}, which may lack your changes: to build with this code, "
        "give its step `Install aiblog` a git URL (git+<repository URL>@<commit>), as "
        "`init --install` does.\n"
    )


def next_steps(command: str, target: str, base_url_is_placeholder: bool) -> str:
    """The lines `aiblog init` ends with. `command` runs aiblog as it was run this time;
    `target` is DIR as the author typed it: every step runs from the current folder."""
    site = "" if target in (".", "./") else " " + shlex.quote(target)
    lines = ["", "Next steps:"]
    if base_url_is_placeholder:
        config = Path(target) / "site.yml"
        lines.append(
            f"  Set base_url in {config} to your site's address: `build` and `deploy` refuse "
            "the placeholder (GitHub's workflow sets the address by itself)."
        )
    lines += [
        f'  {command} new "我的第一篇文章"{site}   a post with the section skeleton, as a draft',
        f"  {command} serve{site}   preview it, drafts included, reloading as you edit",
        f"  {command} build{site}   the site, in {Path(target) / 'public'}/",
        "To publish: push this folder to a GitHub repository and choose Settings → Pages → Source:",
        f"GitHub Actions (.github/workflows/pages.yml builds and publishes it), or run `{command} "
        f"deploy{site}` to commit the site to the gh-pages branch and push it.",
    ]
    return "\n".join(lines) + "\n"
