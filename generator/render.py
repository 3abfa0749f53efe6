"""Stage 6: an output of the plan through the theme's templates into bytes. One
`Renderer` per site and process (render workers inherit the parent's); where the bytes
go is the write stage's business (write.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from generator import __version__, views
from generator.errors import Problem
from generator.feedurls import absolutize
from generator.i18n import ui
from generator.model import Site
from generator.outputs import BY_NAME
from generator.plan import Output
from generator.template_errors import template_failure
from generator.templating import environment
from generator.themes import templates_fingerprint
from generator.write import replace_file


class Renderer:
    def __init__(
        self,
        site: Site,
        theme_dirs: list[Path],
        bytecode_dir: Path | None = None,
        fingerprint: str | None = None,
    ) -> None:
        self.site = site
        self.views = views.Views(site)
        self.theme_fingerprint = fingerprint or templates_fingerprint(theme_dirs)
        self.env = environment(tuple(theme_dirs), self.theme_fingerprint, bytecode_dir)
        self.strings = ui(site.config.language)
        self.common = {
            **views.site_common(site, f"aiblog {__version__}"),
            "post_card": self.post_card,
        }
        # (post URL, id of the UI strings) → (those strings, kept alive, and the card's HTML)
        self._card_html: dict[tuple[str, int], tuple[dict[str, str], Markup]] = {}
        self._feed_content: dict[str, Markup] = {}
        self.shared: dict[str, Any] = {}  # what an output kind makes once per renderer

    def render(self, output: Output) -> bytes:
        kind = BY_NAME[output.kind]
        assert kind.render is not None, f"{output.kind} outputs are not rendered"
        return kind.render(output, self)

    def page(self, template_name: str, context: dict[str, Any]) -> bytes:
        template = self.env.get_template(template_name)
        return template.render({**self.common, "ui": self.strings, **context}).encode("utf-8")

    def post_card(self, post: dict[str, Any], strings: dict[str, str]) -> Markup:
        """The HTML of a post's card (`components/post_card.html` with its `views.card_view`),
        rendered once per build: a post's card is on a home page and on each of its tag and
        category pages. Templates call it as `post_card(post, ui)`."""
        key = (post["url"], id(strings))
        if key not in self._card_html:
            html = self.page("components/post_card.html", {"ui": strings, "post": post})
            self._card_html[key] = (strings, Markup(html.decode("utf-8")))
        return self._card_html[key][1]

    def feed_content(self, view: dict[str, Any]) -> Markup:
        """A post's full content for feeds, its links absolute, escaped as XML text, once."""
        url = view["abs_url"]
        if url not in self._feed_content:
            html = self.page("feed_content.html", {"post": view}).decode("utf-8")
            self._feed_content[url] = escape(absolutize(html, url))
        return self._feed_content[url]


def make(output: Output, renderer: Renderer, root: str, dirs: list[Path]) -> None:
    """Render `output` and write it into the tree at `root` (in the worker that rendered
    it: writing is a good part of a clean build, and it spreads over the cores). A theme's
    error or a file that cannot be written is a Problem with its place."""
    try:
        data = renderer.render(output)
    except Exception as exc:  # a theme's code at run time can raise anything
        failure = template_failure(exc, dirs)
        raise Problem(*failure.located(renderer.site.config.site_dir)) from None
    try:
        replace_file(f"{root}/{output.path}", data)
    except OSError as exc:
        raise Problem(
            output.origin or output.path, output.line, cannot_write(output.path, exc)
        ) from None


def cannot_write(path: str, exc: OSError) -> str:
    return f"cannot write {path}: {exc.strerror or exc}"
