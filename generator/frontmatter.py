"""Stage 2b: split a source file into frontmatter (YAML `---` or TOML `+++`, or Hexo's
YAML closed by `---` without an opening one) and body."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.errors import Diagnostics
from generator.keys import KNOWN, flatten
from generator.safeurls import strip_controls, without_controls
from generator.yamlload import LoadError, key_lines, load_toml, load_yaml


@dataclass(frozen=True)
class RawDocument:
    meta: dict[str, Any]
    key_lines: dict[str, int]  # 1-based line in the file of each top-level key
    body: str
    body_line: int  # 1-based line in the file where the body starts
    toml: bool = False  # TOML (`+++`: Hugo, Zola), whose lists of categories are flat


def decode(data: bytes, rel: str, diags: Diagnostics) -> str | None:
    """UTF-8 text (BOM stripped, CRLF/CR normalised) or None with an error recorded."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        diags.error(rel, line, f"not valid UTF-8 ({exc.reason}); save the file as UTF-8")
        return None
    text, lines = strip_controls(text.replace("\r\n", "\n").replace("\r", "\n"))
    if lines:
        diags.warning(rel, lines[0], f"control characters removed (lines {_listed(lines)})")
    return text


def _listed(lines: list[int]) -> str:
    shown = ", ".join(map(str, lines[:5]))
    return shown + (", …" if len(lines) > 5 else "")


def split(text: str, rel: str, diags: Diagnostics) -> RawDocument | None:
    if not text.strip():
        diags.error(rel, 1, "empty file: a post needs frontmatter with at least a title")
        return None
    lines = text.split("\n")
    # Blank lines above the opening fence are skipped, as Hugo and Hexo skip them.
    first = next(i for i, line in enumerate(lines) if line.strip())
    fence = lines[first].rstrip()
    if fence in ("---", "+++"):
        end = next((i for i in range(first + 1, len(lines)) if lines[i].rstrip() == fence), None)
        if end is None:
            diags.error(rel, first + 1, f"frontmatter is not closed: add a `{fence}` line after it")
            return None
        return _parse(lines, first + 1, end, fence == "+++", rel, diags)
    if (end := _hexo_end(lines)) is not None:
        return _parse(lines, 0, end, False, rel, diags)
    diags.error(
        rel, 1, "no frontmatter: start the file with a `---` line, then `title: …`, then `---`"
    )
    return None


def _hexo_end(lines: list[str]) -> int | None:
    """The closing `---` of Hexo's frontmatter without an opening one (`title: …` /
    `date: …` / `---`), when the lines above it are a YAML mapping with a frontmatter
    key; else None (a Markdown file with a `---` rule in it)."""
    end = next((i for i, line in enumerate(lines) if line.rstrip() == "---"), None)
    if not end:
        return None
    loaded = load_yaml("\n".join(lines[:end]))
    if not isinstance(loaded, dict) or not KNOWN.intersection(map(str, flatten(loaded))):
        return None
    return end


def _parse(
    lines: list[str], start: int, end: int, toml: bool, rel: str, diags: Diagnostics
) -> RawDocument | None:
    """The frontmatter on lines[start:end] (0-based), the body after line `end`."""
    meta_text = "\n".join(lines[start:end])
    loaded = load_toml(meta_text) if toml else load_yaml(meta_text)
    if isinstance(loaded, LoadError):
        diags.error(rel, (loaded.line or 0) + start or 1, loaded.message)
        return None
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, dict):
        diags.error(rel, start + 1, "frontmatter must be a mapping of keys to values (`title: …`)")
        return None
    lines_of = {k: v + start for k, v in key_lines(meta_text, toml=toml).items()}
    meta = {}
    for key, value in loaded.items():
        meta[str(key)], dirty = without_controls(value)
        if dirty:  # YAML escapes ("\x07") make them after the text was cleaned
            diags.warning(rel, lines_of.get(str(key)), f"control characters removed from `{key}`")
    return RawDocument(
        meta=flatten(meta),
        key_lines=lines_of,
        body="\n".join(lines[end + 1 :]),
        body_line=end + 2,
        toml=toml,
    )
