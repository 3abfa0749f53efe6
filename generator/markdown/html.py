"""Raw HTML as authors write it (Hexo, Jekyll, Astro and Zola pass it through): rendered,
after nh3 has sanitised it (see sanitise.py), each removal a warning with its line.

- HTML comments are invisible; `<!--more-->` ends the summary: it becomes a `summary_break`
  token (renders nothing; a child of the paragraph when written inside one) and
  env["more_line"] holds its body line.
- An `<iframe>` from an allowed video host becomes a click-to-load facade (embeds.py);
  any other iframe is removed, with a warning.
- An element left open (a `<details>` without `</details>`) is a warning: it would
  swallow what follows.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

from generator.markdown.embeds import allowed, facade, host_of
from generator.markdown.renderer import AiblogRenderer, protect
from generator.markdown.report import report
from generator.markdown.sanitise import DROPPED_WITH_CONTENT, Audit, sanitise
from generator.safeurls import under_base

MORE = re.compile(r"^\s*<!--\s*more\s*-->\s*$", re.IGNORECASE)
_COMMENTS = re.compile(r"^(?:\s*<!--.*?-->)+\s*$", re.S)
_IFRAME = re.compile(r"<iframe\b([^>]*)>(?:.*?</iframe\s*>)?", re.IGNORECASE | re.S)
_IFRAME_CLOSE = re.compile(r"^\s*</iframe\s*>\s*$", re.IGNORECASE)
_OPENING = re.compile(r"^<([A-Za-z][\w-]*)\b[^>]*(?<!/)>$")
_ATTR = re.compile(r"""([\w-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""")


def _closes(html: str, tag: str) -> bool:
    return re.match(r"^</" + re.escape(tag) + r"\s*>$", html, re.IGNORECASE) is not None


def _iframe_attrs(attrs: str) -> dict[str, str]:
    return {m.group(1).lower(): m.group(2).strip("\"'") for m in _ATTR.finditer(attrs)}


def _embed_token(src: str, title: str, line: list[int] | None, block: bool) -> Token:
    token = Token("embed", "", 0, block=block, map=line, meta={"src": src, "title": title})
    return token


class _Rewriter:
    """One document's raw HTML: comments, `<!--more-->`, iframes, the audit."""

    def __init__(
        self,
        env: dict[str, Any],
        hosts: tuple[str, ...],
        schemes: frozenset[str],
        base_path: str = "/",
    ) -> None:
        self.env, self.hosts, self.audit = env, hosts, Audit(schemes)
        self.base_path = base_path

    def iframe(self, attrs: str, line: int | None) -> Token | None:
        values = _iframe_attrs(attrs)
        src = values.get("src", "")
        if allowed(src, self.hosts):
            return _embed_token(src, values.get("title", ""), None, True)
        host = host_of(src) or "no src"
        report(
            self.env,
            line,
            f"raw HTML: removed <iframe> from {host} (embeds are allowed from: "
            f"{', '.join(self.hosts)}; see `markdown.iframe_hosts` in site.yml)",
        )
        return None

    def split_iframes(self, token: Token, line: int | None) -> list[Token]:
        """An html_block as html pieces and embed tokens."""
        pieces: list[Token] = []
        last = 0
        for match in _IFRAME.finditer(token.content):
            before = token.content[last : match.start()]
            if before.strip():
                pieces.append(token.copy(content=before))
            embed = self.iframe(match.group(1), line)
            if embed is not None:
                embed.map = token.map
                pieces.append(embed)
            last = match.end()
        rest = token.content[last:]
        if rest.strip():
            pieces.append(token.copy(content=rest))
        return pieces

    def block(self, token: Token) -> list[Token]:
        line = token.map[0] if token.map else None
        if MORE.match(token.content):
            self.env.setdefault("more_line", line)
            return [Token("summary_break", "", 0, map=token.map, hidden=True)]
        if _COMMENTS.match(token.content):
            return []
        pieces = self.split_iframes(token, line) if "<iframe" in token.content.lower() else [token]
        for piece in pieces:
            if piece.type == "html_block":
                piece.content = font_as_span(piece.content)
                self.audit.check(piece.content, line)
                piece.content = under_base_path(piece.content, self.base_path)
        return pieces

    def inline(self, children: list[Token], line: int | None) -> list[Token]:
        kept: list[Token] = []
        dropping_iframe_close = False
        removed_element = ""  # inside `<script>…</script>`: its text goes with it
        for index, child in enumerate(children):
            if child.type == "softbreak" and line is not None:
                line += 1
            if removed_element:
                if child.type == "html_inline" and _closes(child.content, removed_element):
                    removed_element = ""
                    self.audit.check(child.content, line)
                    kept.append(child)  # the sanitiser needs the end of what it removes
                continue
            if child.type != "html_inline":
                kept.append(child)
                continue
            if MORE.match(child.content):
                self.env.setdefault("more_line", line)
                kept.append(Token("summary_break", "", 0, hidden=True))  # where the excerpt ends
                continue
            if _COMMENTS.match(child.content):
                continue
            if child.content.lower().startswith("<iframe"):
                embed = self.iframe(child.content[7:], line)
                if embed is not None:
                    kept.append(embed.copy(block=False))
                dropping_iframe_close = True
                continue
            if dropping_iframe_close and _IFRAME_CLOSE.match(child.content):
                dropping_iframe_close = False
                continue
            opened = _OPENING.match(child.content)
            element = opened.group(1).lower() if opened else ""
            if element in DROPPED_WITH_CONTENT and not any(
                c.type == "html_inline" and _closes(c.content, element) for c in children[index:]
            ):
                # `在 <script> 标签上…`: prose about the tag, never closed in its paragraph.
                # As an element it would take every paragraph after it with it.
                report(self.env, line, f"raw HTML: <{element}> is never closed: shown as text")
                kept.append(Token("text", "", 0, content=child.content))
                continue
            child.content = font_as_span(child.content)
            self.audit.check(child.content, line)
            child.content = under_base_path(child.content, self.base_path)
            kept.append(child)
            if element in DROPPED_WITH_CONTENT:
                removed_element = element
        return kept

    def finish(self) -> None:
        for line, message in self.audit.problems:
            report(self.env, line, message)
        for tag, line in self.audit.open:
            report(self.env, line, f"raw HTML: <{tag}> is never closed (add </{tag}>)")


def font_as_span(html: str) -> str:
    """`<font color="red">` (pasted from CSDN and old editors) as the `<span>` with that
    colour it means today: the sanitiser keeps colours in `style`, not `<font>`."""
    if "font" not in html.lower():
        return html

    def opening(match: re.Match[str]) -> str:
        colour = _FONT_COLOUR.search(match.group(1))
        return f'<span style="color:{colour.group(1)}">' if colour else "<span>"

    return _FONT_CLOSE.sub("</span>", _FONT_OPEN.sub(opening, html))


_FONT_OPEN = re.compile(r"<font\b([^>]*)>", re.IGNORECASE)
_FONT_CLOSE = re.compile(r"</font\s*>", re.IGNORECASE)
_FONT_COLOUR = re.compile(r"""\bcolor\s*=\s*["']?(#[0-9a-fA-F]{3,8}|[a-zA-Z]+)\b""", re.IGNORECASE)


def under_base_path(html: str, base_path: str) -> str:
    """Root-relative URLs in raw HTML (`<img src="/img/x.png">`) under the site's base path,
    as Markdown links are: the site is at `base_url` (`/blog/`), not at the host's root. One
    written with the base path already (`/blog/x/`) is left as it is."""
    if base_path == "/" or "/" not in html:
        return html
    html = _SRCSET.sub(lambda m: m.group(1) + _rooted_srcset(m.group(2), base_path), html)
    return _ROOTED.sub(
        lambda m: m.group(0) if html.startswith(base_path[1:], m.end()) else m.group(1) + base_path,
        html,
    )


def _rooted_srcset(value: str, base_path: str) -> str:
    return ", ".join(under_base(c.strip(), base_path) for c in value.split(","))


# An URL attribute's value that starts with one `/` (root-relative, not `//host`).
_SRCSET = re.compile(r"""(\bsrcset\s*=\s*["'])([^"']*)""", re.IGNORECASE)
_ROOTED = re.compile(r"""(\b(?:href|src|poster|cite)\s*=\s*["']?)/(?!/)""", re.IGNORECASE)


def _raw_html_rule(  # type: ignore[no-untyped-def]
    hosts: tuple[str, ...], schemes: frozenset[str], base_path: str = "/"
):
    def raw_html(state: StateCore) -> None:
        rewriter: _Rewriter | None = None
        tokens: list[Token] = []
        for token in state.tokens:
            if token.type == "html_block":
                rewriter = rewriter or _Rewriter(state.env, hosts, schemes, base_path)
                tokens.extend(rewriter.block(token))
                continue
            children = token.children
            if (
                token.type == "inline"
                and children
                and "<" in token.content
                and any(c.type == "html_inline" for c in children)
            ):
                rewriter = rewriter or _Rewriter(state.env, hosts, schemes, base_path)
                token.children = rewriter.inline(children, token.map[0] if token.map else None)
            tokens.append(token)
        if rewriter is not None:
            state.tokens = tokens
            rewriter.finish()

    return raw_html


def _render_embed(base_path: str):  # type: ignore[no-untyped-def]
    def render_embed(
        self: Any, tokens: list[Token], idx: int, options: OptionsDict, env: dict[str, Any]
    ) -> str:
        meta = tokens[idx].meta
        return protect(env, facade(meta["src"], meta["title"], meta["src"], base_path))

    return render_embed


def raw_html_plugin(
    md: MarkdownIt,
    *,
    iframe_hosts: tuple[str, ...],
    base_path: str,
    link_schemes: tuple[str, ...] = (),
) -> None:
    """`link_schemes`: URL schemes allowed besides http(s) and mailto (site.yml's
    `markdown.link_schemes`)."""
    schemes = frozenset(link_schemes)
    md.options["html"] = True
    md.core.ruler.after("inline", "raw_html", _raw_html_rule(iframe_hosts, schemes, base_path))
    md.add_render_rule("embed", _render_embed(base_path))
    md.add_render_rule("summary_break", lambda *_args: "")
    if isinstance(md.renderer, AiblogRenderer):
        md.renderer.sanitise = partial(sanitise, also=schemes)
