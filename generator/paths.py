"""Small path rules shared by every stage: what counts as hidden, what is inside what, and
how a path is shown to the author."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

# Editors' and systems' droppings beside real files: never content, never published.
_JUNK_SUFFIXES = ("~", ".swp", ".swx", ".swo", ".tmp", ".bak", ".orig", ".kate-swp")
_JUNK_NAMES = frozenset({"Thumbs.db", "desktop.ini"})


def is_hidden(name: str) -> bool:
    """One rule everywhere (sources, static files, themes, the watcher): a name starting
    with `.` (`.git`, `.DS_Store`, Emacs' `.#x.md` lock), an editor's backup or swap file
    (`x.md~`, `#x.md#`, `x.swp`), or an OS thumbnail database."""
    return name.startswith((".", "#")) or name.endswith(_JUNK_SUFFIXES) or name in _JUNK_NAMES


def is_within(path: Path, folder: Path) -> bool:
    """`path` is strictly inside `folder` (both resolved)."""
    return folder in path.parents


def resolves_within(path: Path, roots: list[Path]) -> bool:
    """`path`, with every symlink followed, is inside one of `roots` (resolved)."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):  # dangling, or a symlink loop
        return False
    return any(real == root or root in real.parents for root in roots)


def display_path(path: Path | str, base: Path | None = None) -> str:
    """A path as the author reads it: relative to `base` (default: the working dir) when
    inside it, else absolute."""
    path = Path(path)
    try:
        return path.relative_to(base or Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def relative_posix(path: str, root: str) -> str:
    """`path` under `root` (text, with `root` ending in a separator), as a posix path."""
    return path[len(root) :].replace(os.sep, "/")


def _hidden_entry(name: str, _is_dir: bool) -> bool:
    return is_hidden(name)


def visible_files(
    root: str,
    allowed: list[Path],
    outside: list[str],
    hidden: Callable[[str, bool], bool] = _hidden_entry,
) -> list[str]:
    """Paths (as text: this runs on every rebuild) of the visible files under `root`,
    sorted. A symlink that resolves outside `allowed` (the site, or the theme) is left out
    and added to `outside`; a dangling one is left out silently (Emacs' lock files are
    such links)."""
    found: list[str] = []
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)  # one call per folder
    except OSError:
        return found
    for entry in entries:
        if hidden(entry.name, entry.is_dir()):
            continue
        if entry.is_symlink():
            if not os.path.exists(entry.path):
                continue  # dangling
            if not resolves_within(Path(entry.path), allowed):
                outside.append(entry.path)
                continue
        if entry.is_dir():
            found.extend(visible_files(entry.path, allowed, outside, hidden))
        elif entry.is_file():
            found.append(entry.path)
    return found
