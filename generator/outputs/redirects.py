"""Redirect pages at a post's old URLs (Hugo `aliases`, Jekyll `redirect_from`) and at
the URLs of other generators' layout stubs (/archives/ → /archive/)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from generator.errors import Diagnostics
from generator.model import Site
from generator.outputs.kind import OutputKind
from generator.plan import Output
from generator.redirects import redirect_html


def plan(site: Site, theme_dirs: list[Path], diags: Diagnostics) -> Iterator[Output]:
    for moved in site.redirects:
        html = redirect_html(site.urls.absolute(moved.target), moved.lang)
        yield Output(
            moved.path, "redirect", origin=moved.source, line=moved.line, data=html.encode()
        )


KIND = OutputKind("redirect", plan)
