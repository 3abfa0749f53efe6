"""A theme's template that fails, as a message for its author: the template, its line and
what went wrong, never a traceback.

Jinja raises its own errors for what it can see (a syntax error, an undefined name), and
lets through whatever a template's code raises at run time: `{{ 1 // 0 }}` a
ZeroDivisionError, `'%d' | format('x')` a TypeError, templates that include (or extend,
or call) each other endlessly a RecursionError. Jinja rewrites the traceback of all of
them so that its frames carry the template's file name and line: the last such frame in
a theme is where the template went wrong.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import jinja2

from generator.paths import display_path

# The message for a RecursionError raised by templates.
ENDLESS = "templates include, extend or call each other endlessly"


class TemplateFailure(Exception):
    """A template that failed: its file (absolute; None when unknown), line and message.
    Plain values only: it crosses a process pool."""

    def __init__(self, filename: str | None, line: int | None, message: str) -> None:
        super().__init__(filename, line, message)
        self.filename, self.line, self.message = filename, line, message

    def located(self, site_dir: Path) -> tuple[str, int | None, str]:
        """(path, line, message) of a Diagnostic: the path relative to the site when the
        template is in it (a site's own theme), else as it is (the default theme)."""
        where = display_path(self.filename, site_dir) if self.filename else "template"
        return where, self.line, f"template error: {self.message}"


def template_failure(exc: BaseException, theme_dirs: Sequence[Path | str]) -> TemplateFailure:
    """What `exc`, raised while loading or rendering a template of `theme_dirs`, says."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return TemplateFailure(exc.filename or exc.name, exc.lineno, exc.message or str(exc))
    folders = tuple(os.path.join(str(d), "") for d in theme_dirs)  # "mine/", not "mine2"
    filename, line = _innermost_template_frame(exc, folders)
    if isinstance(exc, RecursionError):
        message = ENDLESS
    elif isinstance(exc, jinja2.TemplateError):
        message = exc.message or type(exc).__name__
    else:
        message = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return TemplateFailure(filename, line, message)


def _innermost_template_frame(
    exc: BaseException, folders: tuple[str, ...]
) -> tuple[str | None, int | None]:
    found: tuple[str | None, int | None] = (None, None)
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith(folders):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found
