"""What raw HTML in a post may hold: the allow-list given to nh3 (the sanitiser), and an
audit that names, with its line, what the sanitiser will remove.

The list covers what authors write in posts (figures, details, media, tables, ruby, kbd…)
and what markdown-it and its plugins make around it (footnotes, task lists, heading
anchors, aligned table cells). What aiblog makes itself (highlighted code, MathML, theme
templates) never reaches the sanitiser: see `renderer.protect`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser

import nh3

from generator.markdown.renderer import RAW_HTML  # noqa: F401  (re-exported for plugins)

TAGS = frozenset(nh3.ALLOWED_TAGS) | {
    "audio",
    "aside",
    "figcaption",
    "figure",
    "input",  # task-list checkboxes
    "picture",
    "section",
    "source",
    "tfoot",
    "track",
    "video",
}
# Removed with what they hold (the rest of the unknown tags keep their text).
DROPPED_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "template",
        "textarea",
        "title",
        "noscript",
        "iframe",
        "object",
        "embed",
        "frame",
        "frameset",
        "noembed",
        "noframes",
        "xmp",
        "select",
        "svg",
        "math",
    }
)
GLOBAL_ATTRIBUTES = frozenset(
    {
        "class",
        "id",
        "title",
        "lang",
        "dir",
        "role",
        "tabindex",
        "aria-label",
        "aria-hidden",
        "aria-describedby",
        "aria-labelledby",
        "style",
    }
)
ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "name", "hreflang", "target", "rel"}),
    "img": frozenset(
        {
            "src",
            "alt",
            "width",
            "height",
            "loading",
            "decoding",
            "srcset",
            "sizes",
            "align",
            "border",
        }
    ),
    # `align` is obsolete but still honoured, and common in posts (`<p align="center">`).
    "p": frozenset({"align"}),
    "div": frozenset({"align"}),
    "source": frozenset({"src", "srcset", "type", "media", "sizes", "width", "height"}),
    "video": frozenset(
        {
            "src",
            "controls",
            "width",
            "height",
            "poster",
            "preload",
            "muted",
            "loop",
            "playsinline",
            "autoplay",
        }
    ),
    "audio": frozenset({"src", "controls", "preload", "muted", "loop"}),
    "track": frozenset({"src", "kind", "srclang", "label", "default"}),
    # Old tables' presentational attributes: harmless, and in every pasted table.
    "table": frozenset({"border", "cellspacing", "cellpadding", "width", "align"}),
    "td": frozenset({"colspan", "rowspan", "align", "valign", "width", "height", "bgcolor"}),
    "th": frozenset(
        {"colspan", "rowspan", "align", "valign", "width", "height", "bgcolor", "scope"}
    ),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "details": frozenset({"open"}),
    "time": frozenset({"datetime"}),
    "data": frozenset({"value"}),
    "input": frozenset({"type", "checked", "disabled"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
    "abbr": frozenset(),
}
# CSS authors use for layout of an image or a cell; anything else in `style` is removed.
STYLE_PROPERTIES = frozenset(
    {
        "text-align",
        "width",
        "zoom",  # Typora writes `<img style="zoom:50%">` when an image is resized
        "height",
        "max-width",
        "max-height",
        "float",
        "margin",
        "margin-left",
        "margin-right",
        "vertical-align",
        "color",
        "background-color",
        # Harmless and everywhere in posts pasted from CSDN, WeChat and old editors (each
        # one removed was a warning: 800 on one real blog). No property here takes a url().
        "border",
        "border-width",
        "border-style",
        "border-color",
        "border-radius",
        "padding",
        "font-size",
        "font-weight",
        "font-style",
        "font-family",
        "line-height",
        "text-decoration",
        "text-indent",
    }
)
URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "poster", "cite"})
# `aiblog-ref:` is how a link to another post's source waits for its URL (see __init__).
URL_SCHEMES = frozenset({"http", "https", "mailto", "aiblog-ref"})
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")
DATA_IMAGE = re.compile(r"^\s*data:image/(?:png|jpeg|gif|webp|avif);", re.IGNORECASE)
# Elements whose end tag may be left out, and void elements: never "unclosed".
_NO_END_TAG = frozenset(
    {
        "p",
        "li",
        "dt",
        "dd",
        "tr",
        "td",
        "th",
        "thead",
        "tbody",
        "tfoot",
        "option",
        "rt",
        "rp",
        "colgroup",
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
        "html",
        "head",
        "body",
    }
)


def url_problem(
    tag: str, attribute: str, value: str, also: frozenset[str] = frozenset()
) -> str | None:
    """Why a URL is removed, or None: only http(s), mailto and relative URLs stay, the
    schemes of `also` (site.yml's `markdown.link_schemes`), and `data:image/…` in an image
    (pasted screenshots)."""
    match = _SCHEME.match(value)
    if not match or match.group(1).lower() in URL_SCHEMES or match.group(1).lower() in also:
        return None
    if tag in ("img", "source") and attribute in ("src", "srcset") and DATA_IMAGE.match(value):
        return None
    return f"`{match.group(1).lower()}:` URL"


@lru_cache(maxsize=4)
def cleaner(also: frozenset[str] = frozenset()) -> nh3.Cleaner:
    def kept(tag: str, attribute: str, value: str) -> str | None:
        if attribute in URL_ATTRIBUTES and url_problem(tag, attribute, value, also):
            return None
        return value

    attributes = {tag: set(names) for tag, names in ATTRIBUTES.items()}
    attributes["*"] = set(GLOBAL_ATTRIBUTES)
    return nh3.Cleaner(
        tags=set(TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes=attributes,
        attribute_filter=kept,
        # data: only as `kept` lets it through
        url_schemes=set(URL_SCHEMES) | {"data"} | also,
        link_rel=None,
        strip_comments=True,
        filter_style_properties=set(STYLE_PROPERTIES),
    )


def sanitise(html: str, also: frozenset[str] = frozenset()) -> str:
    return cleaner(also).clean(html)


class Audit(HTMLParser):
    """Fed the raw HTML of a document piece by piece: what sanitising removes, as
    (line, message), and the elements left open at the end."""

    def __init__(self, also: frozenset[str] = frozenset()) -> None:
        super().__init__(convert_charrefs=True)
        self.also = also  # more URL schemes allowed (`markdown.link_schemes`)
        self.problems: list[tuple[int | None, str]] = []
        self.open: list[tuple[str, int | None]] = []
        self.line: int | None = None

    def check(self, html: str, line: int | None) -> None:
        self.line = line
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs)
        if tag not in _NO_END_TAG and tag in TAGS:
            self.open.append((tag, self.line))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        for k in range(len(self.open) - 1, -1, -1):
            if self.open[k][0] == tag:
                del self.open[k:]
                return

    def _start(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            what = "and its content" if tag in DROPPED_WITH_CONTENT else "(its text is kept)"
            self.problems.append((self.line, f"raw HTML: removed <{tag}> {what}"))
            return
        allowed = ATTRIBUTES.get(tag, frozenset()) | GLOBAL_ATTRIBUTES
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(
                    (self.line, f"raw HTML: removed event handler `{name}` of <{tag}>")
                )
            elif name not in allowed:
                self.problems.append(
                    (self.line, f"raw HTML: removed attribute `{name}` of <{tag}>")
                )
            elif (
                name in URL_ATTRIBUTES
                and value
                and (problem := url_problem(tag, name, value, self.also))
            ):
                self.problems.append((self.line, f"raw HTML: removed {problem} of <{tag} {name}>"))
            elif name == "style" and value:
                dropped = _style_dropped(value)
                if dropped:
                    listed = ", ".join(dropped)
                    self.problems.append((self.line, f"raw HTML: removed CSS {listed} of <{tag}>"))


def _style_dropped(style: str) -> list[str]:
    names = (part.split(":", 1)[0].strip().lower() for part in style.split(";") if ":" in part)
    return [name for name in names if name and name not in STYLE_PROPERTIES]
