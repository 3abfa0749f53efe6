"""Theme lookup: a user theme overrides any single template or asset of the default one."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import generator
from generator.paths import relative_posix, visible_files


def default_theme_dir() -> Path:
    package = Path(generator.__file__).parent
    bundled = package / "_default_theme"  # inside an installed wheel
    return bundled if bundled.is_dir() else package.parent / "themes" / "default"


def theme_dirs(site_dir: Path, theme: str) -> list[Path]:
    """Most specific first: the site's `themes/<theme>/`, then the default theme."""
    dirs = []
    user = site_dir / "themes" / theme
    if user.is_dir():
        dirs.append(user.resolve())
    default = default_theme_dir().resolve()
    if default not in dirs:
        dirs.append(default)
    return dirs


def static_files(dirs: list[Path], outside: list[str] | None = None) -> dict[str, Path]:
    """Theme assets by their path under static/, the most specific theme winning. A file
    that resolves outside its theme is left out (and added to `outside`)."""
    files: dict[str, Path] = {}
    outside = [] if outside is None else outside
    for theme in reversed(dirs):
        root = os.path.join(theme, "static", "")
        for path in visible_files(root, [theme.resolve()], outside):
            files[relative_posix(path, root)] = Path(path)
    return files


def templates_fingerprint(dirs: list[Path]) -> str:
    """Changes whenever any template of any theme in use changes: made of their names and
    content (not their place or modification time, which a fresh checkout changes)."""
    digest = hashlib.blake2b(digest_size=16)
    for n, theme in enumerate(dirs):
        root = theme / "templates"
        for path in sorted(root.rglob("*")):
            if path.is_file():
                digest.update(f"{n}:{path.relative_to(root).as_posix()}\0".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def shortcodes_fingerprint(dirs: list[Path]) -> str:
    """Changes whenever a shortcode template of a theme in use is added, removed or edited:
    parsed documents hold what those templates made."""
    digest = hashlib.blake2b(digest_size=12)
    for theme in dirs:
        folder = theme / "templates" / "shortcodes"
        if folder.is_dir():
            for path in sorted(folder.rglob("*.html")):
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()
