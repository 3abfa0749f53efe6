"""Theme lookup: a user theme overrides any single template or asset of the default one."""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

import generator
from generator.paths import is_within, relative_posix, visible_files


def default_theme_dir() -> Path:
    package = Path(generator.__file__).parent
    bundled = package / "_default_theme"  # inside an installed wheel
    return bundled if bundled.is_dir() else package.parent / "themes" / "default"


DEFAULT_THEME = "default"


def theme_problem(site_dir: Path, theme: str) -> str | None:
    """Why site.yml's `theme:` cannot be used, or None. It names a folder of the site's
    `themes/` (`default` may also be the built-in theme alone), and that folder lies
    inside the site: nothing that resolves outside the site is ever published."""
    themes = site_dir / "themes"
    if not theme or theme in (".", "..") or "/" in theme or "\\" in theme:
        hint = ""
        named = Path(theme).name
        if named and (themes / named).is_dir() and Path(theme).parent.name == "themes":
            hint = f"; did you mean `theme: {named}`?"
        shown = f"`{theme}` is not the name of a theme" if theme else "no theme named"
        return (
            f"{shown}: name a folder of themes/ "
            f"(`theme: paper` uses themes/paper/), or `{DEFAULT_THEME}`{hint}"
        )
    folder = themes / theme
    if not folder.is_dir():
        if theme == DEFAULT_THEME:
            return None
        found = sorted(p.name for p in themes.glob("*/") if not p.name.startswith("."))
        listed = f"themes here: {', '.join(found)}; " if found else ""
        return (
            f"no theme `{theme}`: the site has no folder themes/{theme}/ "
            f"({listed}`{DEFAULT_THEME}` is the built-in theme)"
        )
    real = folder.resolve()
    if not is_within(real, site_dir.resolve()):
        return (
            f"themes/{theme}/ leads to {real}, outside the site; aiblog publishes nothing "
            f"from outside the site: copy the theme into themes/{theme}/ instead of linking it"
        )
    return None


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
                digest.update(content_digest(path))
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
                digest.update(content_digest(path) + b"\0")
    return digest.hexdigest()


def content_digest(path: Path) -> bytes:
    """A digest of a file's content, read again only when its stat changes: every build
    fingerprints the themes, and reading each template again cost a serve rebuild 10 ms,
    and as much again in the file watcher, which sees every file the build opens."""
    stat = path.stat()
    return _digest_of(str(path), stat.st_mtime_ns, stat.st_size, stat.st_ino)


@lru_cache(maxsize=4096)
def _digest_of(path: str, _mtime_ns: int, _size: int, _inode: int) -> bytes:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "blake2b").digest()[:16]
