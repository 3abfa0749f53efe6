"""The Jinja side of shortcodes: each is a theme template `templates/shortcodes/<name>.html`
(a site's `themes/<theme>/templates/shortcodes/x.html` overrides the default theme's).

A template gets `name`, `args` (positional), `kwargs` (named), `inner` (the inner Markdown
rendered to HTML), `raw_inner` (the inner text as written, for code), `lang` (the post's
language), `source` (the post's source path), `base_path`, `labels` (callout labels in the
post's language) and the functions `embed(src, title, link)` (a click-to-load player),
`highlight(code, lang, hl_lines, linenos, linenostart)`, `ref(path)` (the URL of another
post's source, resolved once every URL is known) and `warn(message)` (a warning at the
shortcode's line).

One environment per process and template set (parsing runs in worker processes); the
fingerprint of the templates is part of `MarkdownOptions`, so an edited template makes
documents parse again.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from generator.markdown.callouts import kind_of
from generator.markdown.embeds import facade
from generator.markdown.fences import highlight, options_from, parse_options
from generator.safeurls import under_base, url_problem
from generator.template_errors import template_failure

FOLDER = Path("templates") / "shortcodes"


def _highlight(code: str, lang: str = "", options: str = "", **named: Any) -> Markup:
    """`options`: Hugo's `"linenos=table,hl_lines=8 15-17"`; `named`: the same one by one
    (`hl_lines`, `linenos`, `linenostart`; Hexo's `mark`, `first_line`, `line_number`)."""
    values = parse_options(options)
    values.update({key: str(value) for key, value in named.items() if value not in ("", None)})
    code = code.strip("\n") + "\n"
    return Markup(highlight(code, options_from(str(lang).lower(), values)))


class ShortcodeTemplates:
    def __init__(self, theme_dirs: tuple[str, ...]) -> None:
        self.theme_dirs = theme_dirs
        loader = jinja2.ChoiceLoader(
            [jinja2.FileSystemLoader(str(Path(d) / FOLDER)) for d in theme_dirs]
        )
        self.env = jinja2.Environment(
            loader=loader,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,
        )
        self.env.globals["highlight"] = _highlight
        self.env.globals["callout_kind"] = kind_of
        self._known = set(self.env.list_templates(extensions=("html",)))

    def exists(self, name: str) -> bool:
        return f"{name}.html" in self._known

    def render(
        self,
        name: str,
        context: dict[str, Any],
        base_path: str,
        warn: Callable[[str], None],
        ref: Callable[[str], str],
        schemes: Collection[str] = (),
    ) -> str:
        """The template's HTML. A template that fails (a syntax error, or `{{ 1 // 0 }}` at
        run time) raises a TemplateFailure: an error in the theme, not in the post."""
        template_name = f"{name}.html"

        def embed(src: str, title: str = "", link: str = "") -> Markup:
            return Markup(facade(str(src), str(title), str(link), base_path))

        def url(path: str) -> str:
            """An author's URL made safe to link, as Markdown links are: a root-relative path
            under the site's base path; a scheme that is not allowed (`javascript:`) links
            nowhere, with a warning."""
            path = str(path).strip()
            if problem := url_problem(path, schemes):
                warn(f"removed URL {path[:60]!r}: it {problem}")
                return ""
            return under_base(path, base_path)

        functions = {"embed": embed, "url": url, "warn": warn, "ref": ref}
        try:
            template = self.env.get_template(template_name)
            return template.render({**context, "base_path": base_path, **functions}).strip()
        except Exception as exc:  # a theme's code at run time can raise anything
            raise template_failure(exc, self.theme_dirs) from None


@lru_cache(maxsize=4)
def templates_for(theme_dirs: tuple[str, ...], fingerprint: str) -> ShortcodeTemplates:
    """One per process and version of the templates (`fingerprint` is the cache key)."""
    return ShortcodeTemplates(theme_dirs)
