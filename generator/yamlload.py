"""YAML and TOML loading that remembers the line of each top-level key.

PyYAML's C loader is used when present (it is many times faster on large sites).
Key lines come from a cheap scan of the text rather than a node-level loader, so the
fast path stays fast.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from typing import Any

import yaml

try:  # pragma: no cover - depends on how PyYAML was built
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader  # type: ignore[assignment]


class _Loader(SafeLoader):  # type: ignore[misc, valid-type]
    """Safe loading; a timestamp YAML cannot construct (2026-02-30) stays text, so that
    the date check can report it with its key's line instead of failing the whole file."""


def _timestamp_or_text(loader: _Loader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)

_YAML_KEY = re.compile(r"""^(?:"([^"]+)"|'([^']+)'|([^\s#'"][^:#]*?))\s*:(?:\s|$)""", re.M)
_TOML_KEY = re.compile(r"""^(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_.-]+))\s*=""", re.M)


@dataclass(frozen=True)
class LoadError:
    line: int | None  # 1-based, relative to the loaded text
    message: str


def key_lines(text: str, toml: bool = False) -> dict[str, int]:
    """1-based line of each top-level key (the first occurrence wins)."""
    lines: dict[str, int] = {}
    pattern = _TOML_KEY if toml else _YAML_KEY
    for match in pattern.finditer(text):
        key = next(g for g in match.groups() if g is not None).strip()
        lines.setdefault(key, text.count("\n", 0, match.start()) + 1)
    return lines


# What YAML was reading when it failed → what the author must close. For these the parser
# gives up lines later (at the next key, or at the end), but the fix is where they open.
_OPENERS = {
    "while parsing a flow sequence": "]",
    "while parsing a flow mapping": "}",
    "while scanning a quoted scalar": "",  # the closing quote is the opening one
}


def load_yaml(text: str) -> Any | LoadError:
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader
    except yaml.MarkedYAMLError as exc:
        return _marked_error(text, exc)
    except yaml.YAMLError as exc:
        return LoadError(None, f"invalid YAML: {exc}")
    except RecursionError:
        return LoadError(None, "invalid YAML: nested too deeply")
    except (ValueError, TypeError, OverflowError) as exc:  # a value YAML cannot construct
        return LoadError(None, f"invalid YAML value: {exc}")


def _marked_error(text: str, exc: yaml.MarkedYAMLError) -> LoadError:
    problem = exc.problem or exc.context or "invalid YAML"
    opened, failed = exc.context_mark, exc.problem_mark
    closer = _OPENERS.get(exc.context or "")
    if closer is not None and opened is not None and (failed is None or failed.line > opened.line):
        opener = _char_at(text, opened.line, opened.column)
        closer = closer or opener
        return LoadError(
            opened.line + 1,
            f"invalid YAML: the `{opener}` on this line is never closed: add the missing `{closer}`",
        )
    mark = failed or opened
    return LoadError(mark.line + 1 if mark is not None else None, f"invalid YAML: {problem}")


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    row = lines[line] if line < len(lines) else ""
    return row[column] if column < len(row) else "?"


def load_toml(text: str) -> Any | LoadError:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        return LoadError(int(match.group(1)) if match else None, f"invalid TOML: {exc}")
