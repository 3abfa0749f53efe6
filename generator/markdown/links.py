"""Link rewriting: a link to another post's or page's source file (`other.md`, relative to
the linking file) becomes `aiblog-ref:<source path>`, resolved to that page's URL once
every URL is known (assemble), and recorded in `env["refs"]`; a root-relative link
(`/about/`) gets the base path; an unsafe URL (`javascript:`) becomes `#` and is reported
in `env["unsafe"]` as an error. Chirpy's `media_subpath` prefixes relative image URLs.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from generator.covers import with_subpath
from generator.markdown.report import report
from generator.markdown.sanitise import DATA_IMAGE
from generator.model import LinkRef
from generator.safeurls import NEVER_ALLOWED, scheme_of, under_base, url_problem
from generator.sources import markdown_stem

# A link to another source file becomes this, then its URL once every URL is known.
REF_PREFIX = "aiblog-ref:"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def rewrite_link(url: str, source: str, base_path: str) -> tuple[str, str | None]:
    """(new url, source path it refers to or None)."""
    if not url or url.startswith(("#", "//")) or _SCHEME.match(url):
        return url, None
    if url.startswith("/"):
        return under_base(url, base_path), None
    path, sep, fragment = url.partition("#")
    path, _qsep, _query = path.partition("?")
    if markdown_stem(path) is None:
        return url, None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(source), unquote(path)))
    return REF_PREFIX + target + (sep + fragment if sep else ""), target


def _links_rule(base_path: str, schemes: frozenset[str]):  # type: ignore[no-untyped-def]
    def rewrite_links(state: StateCore) -> None:
        source: str = state.env.get("source", "")
        refs: list[LinkRef] = state.env.setdefault("refs", [])
        first_line: int = state.env.get("body_line", 1)
        subpath: str = state.env.get("media_subpath", "")
        for block in state.tokens:
            if block.type != "inline" or not block.children:
                continue
            for index, token in enumerate(block.children):
                attr = (
                    "href" if token.type == "link_open" else "src" if token.type == "image" else ""
                )
                if not attr:
                    continue
                url = str(token.attrGet(attr) or "")
                line = first_line + block.map[0] if block.map else None
                problem = url_problem(url, schemes)
                if problem and attr == "src" and DATA_IMAGE.match(url):
                    problem = None  # a pasted screenshot (Typora, CSDN), as raw <img> may hold
                autolink = token.markup == "autolink" and scheme_of(url) not in NEVER_ALLOWED
                if problem and attr == "href" and (autolink or _DOES_NOTHING.match(url)):
                    # Not a link the author meant: XML or C++ in prose read as an autolink
                    # (`<rdfs:comment>`), or a pasted `javascript:void(0)` button. Its text
                    # stays; `<javascript:…>` and the like stay errors.
                    _as_text(block.children, index)
                    what = "<" + url[:60] + ">" if autolink else repr(url[:60])
                    report(state.env, block, f"{what} is shown as text, not as a link: {problem}")
                    continue
                if problem:
                    if scheme_of(url) not in (None, *NEVER_ALLOWED):  # an app's link: tel:…
                        problem += "; site.yml's `markdown.link_schemes` can allow it"
                    state.env.setdefault("unsafe", []).append(
                        (line, f"link {url[:80]!r} {problem}")
                    )
                    token.attrSet(attr, "#")
                    continue
                written = url
                if attr == "src" or url.startswith("@"):  # media_subpath, Astro's `@/`
                    url = with_subpath(url, subpath if attr == "src" else "")
                new, target = rewrite_link(url, source, base_path)
                if new != written:
                    token.attrSet(attr, new)
                if target is not None:
                    refs.append(LinkRef(target, line))

    return rewrite_links


# `javascript:void(0)`, `javascript:;`: a link that does nothing (pasted page buttons).
_DOES_NOTHING = re.compile(r"^\s*javascript:\s*(?:void\s*\(?\s*0\s*\)?)?\s*;?\s*$", re.IGNORECASE)


def _as_text(children: list[Token], opening: int) -> None:
    """The link opened at `opening` left out, its text kept (an autolink's with the angle
    brackets the author typed: `std::lock_guard<std::mutex>`)."""
    autolink = children[opening].markup == "autolink"
    depth = 0
    for index in range(opening, len(children)):
        kind = children[index].type
        depth += kind == "link_open"
        depth -= kind == "link_close"
        if kind in ("link_open", "link_close") and depth <= 1:
            text = ("<" if kind == "link_open" else ">") if autolink else ""
            children[index] = Token("text", "", 0, content=text)
        if depth == 0:
            return


def links_plugin(md: MarkdownIt, *, base_path: str, link_schemes: tuple[str, ...] = ()) -> None:
    """`link_schemes`: URL schemes allowed besides http(s) and mailto (site.yml's
    `markdown.link_schemes`: `tel`, a chat app's `tencent`)."""
    # images.py puts its rule before this one, by this name.
    md.core.ruler.push("aiblog_links", _links_rule(base_path, frozenset(link_schemes)))
