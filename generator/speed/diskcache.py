"""The build cache in `.aiblog-cache/` beside the output dir (safe to delete).

Per output dir:

- `manifest-<id>.json`, small: a fingerprint of every input (site.yml, content and theme
  files by path, size and mtime; aiblog's version; the build options), the size of every
  output file, the warnings and counts of the build. When nothing changed, `aiblog build`
  answers from it without importing the renderer (like make).
- `state-<id>.pickle`: the key of every output (see `Renderer.key`) and the names of the
  document shards, so that a rebuild renders only outputs whose key changed;
- `documents-<id>/`: the parsed documents in 64 shards by source path, each file named by a
  hash of what it holds, so that a rebuild parses only changed files and rewrites only the
  shards they are in (at 10,000 posts the whole set is over 100 MB).

Only a successful build writes them, atomically, after the site itself was written.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import zlib
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from generator import __version__
from generator.config import SiteConfig
from generator.options import BuildOptions
from generator.speed.memory import paused_gc
from generator.themes import default_theme_dir
from generator.write import atomic_write, read_record

CACHE_DIR = ".aiblog-cache"
FORMAT = 10  # bump when what is stored changes: an older cache is then ignored


@dataclass
class Manifest:
    fingerprint: str
    posts: int
    pages: int
    warnings: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)  # every file of the site
    build: str = ""  # the id of the tree published (see write.py)
    next_due: str | None = None  # when a post now in the future becomes due (ISO 8601)


def _paths(config: SiteConfig) -> tuple[Path, Path, Path]:
    """The manifest, the state (config, output keys, shard names) and the shards' dir."""
    ident = hashlib.blake2b(str(config.output_path).encode(), digest_size=6).hexdigest()
    folder = config.output_path.parent / CACHE_DIR
    return (
        folder / f"manifest-{ident}.json",
        folder / f"state-{ident}.pickle",
        folder / f"documents-{ident}",
    )


# Parsed documents are stored in shards by source path, each file named after what it holds:
# a one-post edit rewrites one small shard, not every document of the site.
SHARDS = 64


def _shard_of(key: tuple[str, int, int]) -> int:
    return zlib.crc32(key[0].encode()) % SHARDS


def _shard_name(shard: int, entries: dict[Any, Any], salt: str) -> str:
    # Same files (path, mtime, size) and assets, same config: same documents.
    held = sorted(
        (key, (doc.assets, doc.asset_dir) if doc else None) for key, (doc, _) in entries.items()
    )
    digest = hashlib.blake2b(repr((salt, held)).encode(), digest_size=10).hexdigest()
    return f"{shard:02d}-{digest}.pickle"


def workspace(config: SiteConfig) -> Path:
    """Where the site before last is kept, to become the next build's work tree."""
    return config.output_path.parent / CACHE_DIR


def bytecode_dir(config: SiteConfig) -> Path:
    """Compiled Jinja2 templates (keyed by Jinja2 itself on template source and name)."""
    return config.output_path.parent / CACHE_DIR / "jinja"


def _walk(root: Path, digest: Any) -> None:
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            _walk(Path(entry.path), digest)
        else:
            try:
                stat = entry.stat()
            except OSError:  # a dangling link (an editor's lock file): not an input
                continue
            digest.update(f"{entry.path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())


def inputs_fingerprint(config: SiteConfig, options: BuildOptions) -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(repr((FORMAT, __version__, config, options)).encode())
    digest.update((config.site_dir / "site.yml").read_bytes())
    for root in (config.site_dir / "content", config.site_dir / "themes", default_theme_dir()):
        digest.update(f"[{root}]".encode())
        _walk(root, digest)
    return digest.hexdigest()


def load_manifest(config: SiteConfig) -> Manifest | None:
    manifest_path = _paths(config)[0]
    try:
        return Manifest(**json.loads(manifest_path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def up_to_date(config: SiteConfig, options: BuildOptions, now: datetime) -> Manifest | None:
    """The last build's manifest if nothing it depends on changed and its output is intact."""
    manifest = load_manifest(config)
    if manifest is None:
        return None
    if manifest.fingerprint != inputs_fingerprint(config, options):
        return None
    if manifest.next_due and now >= datetime.fromisoformat(manifest.next_due):
        return None  # a scheduled post is due: the site changes with the clock
    live = read_record(config.output_path)
    if live is None or live.build != manifest.build:
        return None  # another build wrote the output since
    out = os.path.join(config.output_path, "")  # as text: a Path per output costs more
    for rel in manifest.outputs:
        try:
            os.stat(out + rel)
        except OSError:
            return None  # deleted by hand
    return manifest


def load_state(config: SiteConfig) -> dict[str, Any] | None:
    _, state_path, shards_dir = _paths(config)
    try:
        with paused_gc():
            state = pickle.loads(state_path.read_bytes())
            if not isinstance(state, dict) or state.get("format") != (FORMAT, __version__):
                return None
            documents: dict[Any, Any] = {}
            for name in state.pop("shards"):
                documents.update(pickle.loads((shards_dir / name).read_bytes()))
    except Exception:  # a cache from another version, a torn write, a shard gone: no cache
        return None
    state["documents"] = documents
    return state


def forget(config: SiteConfig) -> None:
    """A build that writes this output without the cache makes the cache's record of it
    untrue: drop it (the next cached build starts clean)."""
    manifest_path, state_path, shards_dir = _paths(config)
    for path in (manifest_path, state_path):
        path.unlink(missing_ok=True)
    shutil.rmtree(shards_dir, ignore_errors=True)


def save(config: SiteConfig, manifest: Manifest, state: dict[str, Any]) -> None:
    """Write the manifest and state; of the document shards, only those whose content
    changed (the others are already there under the same name)."""
    manifest_path, state_path, shards_dir = _paths(config)
    shards_dir.mkdir(parents=True, exist_ok=True)
    by_shard: dict[int, dict[Any, Any]] = {}
    for key, value in state["documents"].items():
        by_shard.setdefault(_shard_of(key), {})[key] = value
    salt = repr((FORMAT, __version__, state["config"]))
    names = {shard: _shard_name(shard, entries, salt) for shard, entries in by_shard.items()}
    with paused_gc():
        for shard, name in names.items():
            if not (shards_dir / name).exists():
                _atomic(shards_dir / name, pickle.dumps(by_shard[shard], protocol=5))
        rest = {k: v for k, v in state.items() if k != "documents"}
        data = pickle.dumps(
            {**rest, "shards": sorted(names.values()), "format": (FORMAT, __version__)},
            protocol=5,
        )
    _atomic(state_path, data)
    _atomic(manifest_path, json.dumps(asdict(manifest), ensure_ascii=False).encode())
    for old in set(os.listdir(shards_dir)) - set(names.values()):
        (shards_dir / old).unlink(missing_ok=True)


def _atomic(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all (a killed build leaves the old file)."""
    atomic_write(path, data)
