"""Theme lookup: a user theme overrides any single template or asset of the default one."""

from __future__ import annotations

import hashlib
from pathlib import Path

import generator


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


def static_files(dirs: list[Path]) -> dict[str, Path]:
    """Theme assets by their path under static/, the most specific theme winning."""
    files: dict[str, Path] = {}
    for theme in reversed(dirs):
        root = theme / "static"
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file() and not any(
                    p.startswith(".") for p in path.relative_to(root).parts
                ):
                    files[path.relative_to(root).as_posix()] = path
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
