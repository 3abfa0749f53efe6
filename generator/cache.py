"""The build cache in `.aiblog-cache/` beside the output dir (safe to delete).

Two files per output dir:

- `manifest-<id>.json`, small: a fingerprint of every input (site.yml, content and theme
  files by path, size and mtime; aiblog's version; the build options), the size of every
  output file, the warnings and counts of the build. When nothing changed, `aiblog build`
  answers from it without importing the renderer (like make).
- `state-<id>.pickle`: parsed documents and the key of every output (see
  `Renderer.key`), so that a rebuild parses only changed files and renders only outputs
  whose key changed.

Only a successful build writes them, atomically, after the site itself was written.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from generator import __version__
from generator.config import SiteConfig
from generator.options import BuildOptions
from generator.themes import default_theme_dir

CACHE_DIR = ".aiblog-cache"
FORMAT = 2  # bump when what is stored changes: an older cache is then ignored


@dataclass
class Manifest:
    fingerprint: str
    posts: int
    pages: int
    warnings: list[str] = field(default_factory=list)
    outputs: dict[str, int] = field(default_factory=dict)  # path → size
    next_due: str | None = None  # when a post now in the future becomes due (ISO 8601)


def _paths(config: SiteConfig) -> tuple[Path, Path]:
    ident = hashlib.blake2b(str(config.output_path).encode(), digest_size=6).hexdigest()
    folder = config.output_path.parent / CACHE_DIR
    return folder / f"manifest-{ident}.json", folder / f"state-{ident}.pickle"


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
            stat = entry.stat()
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
    manifest_path, _ = _paths(config)
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
    out = config.output_path
    for rel, size in manifest.outputs.items():
        try:
            if os.stat(out / rel).st_size != size:
                return None
        except OSError:
            return None
    return manifest


def load_state(config: SiteConfig) -> dict[str, Any] | None:
    _, state_path = _paths(config)
    try:
        with state_path.open("rb") as handle:
            state = pickle.load(handle)
    except Exception:  # a cache from another version or a torn write: build without it
        return None
    return (
        state if isinstance(state, dict) and state.get("format") == (FORMAT, __version__) else None
    )


def forget(config: SiteConfig) -> None:
    """A build that writes this output without the cache makes the cache's record of it
    untrue: drop it (the next cached build starts clean)."""
    for path in _paths(config):
        path.unlink(missing_ok=True)


def save(config: SiteConfig, manifest: Manifest, state: dict[str, Any]) -> None:
    manifest_path, state_path = _paths(config)
    manifest_path.parent.mkdir(parents=True, exist_ok=True)
    _atomic(
        state_path,
        pickle.dumps({**state, "format": (FORMAT, __version__)}, protocol=pickle.HIGHEST_PROTOCOL),
    )
    _atomic(manifest_path, json.dumps(asdict(manifest), ensure_ascii=False).encode())


def _atomic(path: Path, data: bytes) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
