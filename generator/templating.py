"""The Jinja2 environment of a theme: its loader (a user theme over the default one), the
filters templates use, and templates compiled once per process and theme."""

from __future__ import annotations

import contextlib
import re
from datetime import datetime
from email.utils import format_datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from generator import section_kinds
from generator.i18n import format_month_day, ui
from generator.themes import templates_fingerprint

_ROOT_URL = re.compile(r'(\s(?:href|src)=")/(?!/)')


# What `getattr(d, name)` finds on a plain dict: everything else is a key lookup.
_DICT_ATTRIBUTES = frozenset(dir({}))


class Environment(jinja2.Environment):
    """Jinja2's environment, with a shorter path for `post.title` on the dicts views are
    made of. Jinja tries the attribute first, and on a dict that raises and catches an
    AttributeError before the key lookup, on every dot in every template. The result is
    the same, as on a dict only `_DICT_ATTRIBUTES` are attributes."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


class _ThemeLoader(jinja2.FileSystemLoader):
    """A theme dir's templates; one that is not UTF-8 text is a template error with its
    path (Jinja lets the UnicodeDecodeError through, which would end in a traceback)."""

    def get_source(self, environment: jinja2.Environment, template: str) -> Any:
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError as exc:
            filename = str(Path(self.searchpath[0]) / template)
            raise jinja2.TemplateSyntaxError(
                f"not UTF-8 text (byte {exc.start})", 1, template, filename
            ) from None


@lru_cache(maxsize=8)
def environment(
    theme_dirs: tuple[Path, ...], fingerprint: str, bytecode_dir: Path | None = None
) -> jinja2.Environment:
    """One compiled-template cache per process and theme (and on disk, when given a dir:
    compiling the theme costs more than rendering a few pages).

    `fingerprint` (of every template file) is part of the cache key, so an edited theme
    gets a new environment, and this one never checks its files again (Jinja's
    auto_reload stats a template's file on every `get_template` and `include`)."""
    bytecode = None
    if bytecode_dir is not None:
        bytecode_dir.mkdir(parents=True, exist_ok=True)
        bytecode = jinja2.FileSystemBytecodeCache(str(bytecode_dir))
    env = Environment(
        bytecode_cache=bytecode,
        loader=jinja2.ChoiceLoader([_ThemeLoader(d / "templates") for d in theme_dirs]),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["absolute_urls"] = absolute_urls
    env.filters["rfc822"] = rfc822
    env.filters["month_day"] = format_month_day
    env.globals["ui_for"] = ui
    env.globals["section_components"] = section_kinds.components()  # block kind → template
    return env


def compile_theme(theme_dirs: list[Path], bytecode_dir: Path | None = None) -> None:
    """Compile every template of the theme ahead of rendering (in the parent process, so
    that forked render workers inherit them instead of each compiling its own). A broken
    template is left for rendering to report, with its line."""
    _compile_all(tuple(theme_dirs), templates_fingerprint(theme_dirs), bytecode_dir)


@lru_cache(maxsize=8)  # once per environment: serve rebuilds with an unchanged theme skip it
def _compile_all(theme_dirs: tuple[Path, ...], fingerprint: str, bytecode_dir: Path | None) -> None:
    env = environment(theme_dirs, fingerprint, bytecode_dir)
    for name in env.list_templates(extensions=("html", "xml", "txt")):
        with contextlib.suppress(jinja2.TemplateError):
            env.get_template(name)


def absolute_urls(html: str, origin: str) -> str:
    """Root-relative links made absolute (feed readers have no page URL to resolve them)."""
    return _ROOT_URL.sub(lambda m: f"{m.group(1)}{origin}/", html)


def rfc822(iso: str) -> str:
    """RSS dates: "Fri, 06 Feb 2026 00:00:00 +0800"."""
    return format_datetime(datetime.fromisoformat(iso))
