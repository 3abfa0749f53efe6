"""Stage 6: write the rendered site. Only changed files are replaced, each by an atomic
rename, stale files are removed, and nothing lands outside the output dir."""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

# Left alone when cleaning stale files: a deploy checkout or the user's own dotfiles.
KEEP = (".git",)


@dataclass(frozen=True)
class WriteStats:
    written: int
    unchanged: int
    removed: int


class UnsafePath(ValueError):
    pass


def safe_target(out_dir: Path, rel: str) -> Path:
    """`out_dir/rel`, refusing any path that could leave it (checked on the text: slugs
    were validated upstream, this is the last line of defence)."""
    parts = rel.split("/")
    if not rel or rel.startswith("/") or "\\" in rel or any(p in ("", ".", "..") for p in parts):
        raise UnsafePath(f"{rel!r} would be written outside {out_dir}")
    return out_dir / rel


def atomic_write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".aiblog-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _same(target: Path, data: bytes) -> bool:
    """Whether `target` holds `data` (False when it is gone: `before` may be a record)."""
    try:
        return target.stat().st_size == len(data) and target.read_bytes() == data
    except OSError:
        return False


def write_new(target: Path, data: bytes) -> None:
    """A file that did not exist: nothing to keep whole, so no temporary file and rename."""
    try:
        target.write_bytes(data)
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _existing(out_dir: Path) -> set[str]:
    found: set[str] = set()
    if not out_dir.is_dir():
        return found
    for root, dirs, files in os.walk(out_dir):
        dirs[:] = [d for d in dirs if d not in KEEP]
        for name in files:
            found.add((Path(root) / name).relative_to(out_dir).as_posix())
    return found


def write_output(
    out_dir: Path,
    files: dict[str, bytes],
    copies: dict[str, Path],
    kept: frozenset[str] = frozenset(),
    before: set[str] | None = None,
) -> WriteStats:
    """`files`: rendered bytes by output path; `copies`: output path → file to copy;
    `kept`: outputs known to be on disk as they should be (a cache hit; they may be absent
    from `files`); `before`: the files the output dir holds, when the caller knows (it
    wrote them), to skip a walk."""
    out_dir = out_dir.resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    if before is None:
        before = _existing(out_dir)
    written = unchanged = 0
    for rel, data in sorted(files.items()):
        if rel in kept and rel in before:
            unchanged += 1
            continue
        target = safe_target(out_dir, rel)
        if rel in before and _same(target, data):
            unchanged += 1
            continue
        if rel in before:
            atomic_write(target, data)  # replacing: readers see the old file or the new one
        else:
            write_new(target, data)
        written += 1
    for rel, source in sorted(copies.items()):
        if rel in files:
            continue
        target = safe_target(out_dir, rel)
        data = source.read_bytes()
        if rel in before and _same(target, data):
            unchanged += 1
            continue
        atomic_write(target, data)
        written += 1
    stale = before - set(files) - set(copies) - kept
    for rel in sorted(stale):
        (out_dir / rel).unlink(missing_ok=True)
    if stale:
        _remove_empty_dirs(out_dir)
    return WriteStats(written, unchanged, len(stale))


def _remove_empty_dirs(out_dir: Path) -> None:
    for root, _dirs, _files in os.walk(out_dir, topdown=False):
        path = Path(root)
        if path == out_dir or any(part in KEEP for part in path.relative_to(out_dir).parts):
            continue
        if not any(path.iterdir()):
            with contextlib.suppress(OSError):
                path.rmdir()
