"""One mechanism for the shortcodes of Hugo, Liquid/Hexo and Zola (syntax in
shortcode_syntax.py): each is a theme template `templates/shortcodes/<name>.html`
(shortcode_templates.py), rendered at build time.

- A tag alone on its line is a block; its closing tag, if any, on a later line of the same
  container makes it a pair whose inside is Markdown (`shortcode_open` … `shortcode_close`,
  the inner tokens kept in the stream for every other rule), or text as written for code
  and math (`highlight`, `codeblock`, …: a single `shortcode` token).
- A tag inside a paragraph is inline (`shortcode_inline`), paired within the paragraph.
- Shortcode syntax inside code spans and fences is left as written; Hugo's escaped form
  `{{</* x */>}}` shows as `{{< x >}}`, in code and out of it.
- `[text]({{< ref "other.md" >}})`, `({{< relref … >}})` and `({% post_url name %})` as a
  link's destination become links to that source file, which the link rule resolves.
- An unknown shortcode is a warning naming the template to add; its tags are left out
  of the page, what a pair holds is kept.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Collection
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import OptionsDict
from markupsafe import Markup

from generator.markdown.callouts import labels_for
from generator.markdown.renderer import AiblogRenderer, protect
from generator.markdown.report import report
from generator.markdown.shortcode_syntax import Tag, parse_tag, unescape_hugo
from generator.markdown.text import outside
from generator.shortcode_templates import ShortcodeTemplates
from generator.sources import markdown_stem

_CODE = ("code_inline", "fence", "code_block")
_REF_DESTINATION = re.compile(
    r"""\]\(\s*(?:\{\{[<%]\s*(?:rel)?ref\s+["']?([^"'\s>%]+)["']?\s*/?[>%]\}\}"""
    r"""|\{%-?\s*(post_url|post_path|link)\s+([^\s%]+)\s*-?%\})\s*\)"""
)


def _line_end(state: StateBlock, start: int, end: int, offset: int) -> int | None:
    """The line (from `start`, before `end`) holding source offset `offset - 1`."""
    line = start
    while line < end and state.eMarks[line] < offset - 1:
        line += 1
    return line if line < end else None


def _rest_blank(state: StateBlock, offset: int, line: int) -> bool:
    return not state.src[offset : state.eMarks[line]].strip()


def _closing_pattern(tag: Tag) -> re.Pattern[str]:
    name = re.escape(tag.name)
    if tag.form == "hugo":
        return re.compile(r"\{\{[<%]\s*/\s*" + name + r"\s*[>%]\}\}")
    if tag.form == "zola":
        return re.compile(r"\{%-?\s*end\s*-?%\}")
    return re.compile(r"\{%-?\s*end" + name + r"\s*-?%\}")


def _find_closing_line(state: StateBlock, tag: Tag, first: int, end: int) -> tuple[int, Tag] | None:
    """The line of the tag closing `tag`, among lines [first, end), same-name pairs nested."""
    depth = 0
    for line in range(first, end):
        pos = state.bMarks[line] + state.tShift[line]
        if state.src.startswith("{", pos):
            other = parse_tag(state.src, pos, state.eMarks[line])
            if other is None:
                continue
            if other.closes(tag):
                if depth == 0:
                    return line, other
                depth -= 1
            elif other.name == tag.name and other.form == tag.form and not other.closing:
                depth += 1
    return None


def _block_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    pos = state.bMarks[start] + state.tShift[start]
    if not state.src.startswith(("{{", "{%"), pos):
        return False
    tag = parse_tag(state.src, pos, state.eMarks[end - 1] if end > start else len(state.src))
    if tag is None or tag.escaped:
        return False
    last = _line_end(state, start, end, pos + len(tag.text))
    if last is None or not _rest_blank(state, pos + len(tag.text), last):
        return False
    if silent:
        return True
    if tag.closing:
        _stray_closing(state, tag, start)
        state.line = last + 1
        return True
    found = None if tag.self_closing else _find_closing_line(state, tag, last + 1, end)
    if found is None:
        if not tag.self_closing:
            _check_crossing(state, tag, start, end)
        token = state.push("shortcode", "", 0)
        token.map = [start, last + 1]
        token.meta = {"tag": tag}
        state.line = last + 1
        return True
    close_line, _closing = found
    if tag.raw_inner:
        token = state.push("shortcode", "", 0)
        token.map = [start, close_line + 1]
        token.meta = {
            "tag": tag,
            "raw": state.getLines(last + 1, close_line, state.blkIndent, False),
        }
    else:
        token = state.push("shortcode_open", "", 1)
        token.map = [start, close_line + 1]
        token.meta = {"tag": tag}
        state.md.block.tokenize(state, last + 1, close_line)
        state.push("shortcode_close", "", -1)
    state.line = close_line + 1
    return True


def _in_raw_html(state: StateCore) -> None:
    """A tag on a line of its own inside a raw-HTML block (`<div>` ⏎ `{{< youtube x >}}` ⏎
    `</div>`): Hugo, Jekyll and Hexo run tags before Markdown, so it works there; here the
    block is cut around it and the tag made a shortcode. A pair inside raw HTML is not
    read: said, never left as text silently."""
    tokens: list[Token] = []
    for token in state.tokens:
        if token.type != "html_block" or ("{{" not in token.content and "{%" not in token.content):
            tokens.append(token)
            continue
        tokens.extend(_cut_at_tags(state, token))
    state.tokens = tokens


def _cut_at_tags(state: StateCore, token: Token) -> list[Token]:
    lines = token.content.split("\n")
    tags = {n: _lone_tag(line) for n, line in enumerate(lines)}
    names = {(t.form, t.name) for t in tags.values() if t is not None and t.closing}
    pieces: list[Token] = []
    held: list[str] = []
    first = token.map[0] if token.map else 0

    def flush() -> None:
        if "".join(held).strip():
            pieces.append(token.copy(content="\n".join(held) + "\n"))
        held.clear()

    for n, line in enumerate(lines):
        tag = tags[n]
        if tag is None or tag.escaped or tag.closing:
            held.append(line)
            continue
        if (tag.form, tag.name) in names or (tag.form == "zola" and not tag.self_closing):
            report(
                state.env,
                first + n,
                f"shortcode `{tag.name}` inside raw HTML is not read "
                "as a pair: put it outside the HTML element",
            )
            held.append(line)
            continue
        flush()
        shortcode = Token("shortcode", "", 0, map=[first + n, first + n + 1], meta={"tag": tag})
        pieces.append(shortcode)
    flush()
    return pieces


def _lone_tag(line: str) -> Tag | None:
    text = line.strip()
    if not text.startswith("{") or not text.endswith(("}", ">}}")):
        return None
    tag = parse_tag(text, 0, len(text))
    return tag if tag is not None and tag.end == len(text) else None


def _check_crossing(state: StateBlock, tag: Tag, start: int, end: int) -> None:
    """A pair whose closing tag lies outside the container (a blockquote, a list item) of
    its opening one cannot hold what is between: say so."""
    after = state.eMarks[end - 1] if end > start else len(state.src)
    must_close = tag.form == "zola"
    closing = _closing_pattern(tag).search(state.src, after)
    if closing is not None or must_close:
        state.env.setdefault("aiblog_crossing", set()).add(tag.name)
        report(
            state.env,
            start,
            f"shortcode `{tag.text}`: its closing tag is not in the same block (a quote or "
            "list item ends before it), so it holds nothing here",
        )


def _stray_closing(state: StateBlock | StateInline, tag: Tag, line: int | None) -> None:
    if tag.name in state.env.get("aiblog_crossing", ()):
        return  # already told about its opening tag
    report(state.env, line, f"shortcode `{tag.text}` closes nothing: left out")


def _inline_rule(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if src[pos] != "{":
        return False
    tag = parse_tag(src, pos, state.posMax)
    if tag is None:
        return False
    if silent:
        return True
    if tag.escaped:
        state.push("text", "", 0).content = unescape_hugo(tag.text)
        state.pos += len(tag.text)
        return True
    token = state.push("shortcode_inline", "", 0)
    token.meta = {"tag": tag}
    state.pos += len(tag.text)
    if tag.closing or tag.self_closing:
        return True
    close = _inline_closing(state, tag)
    if close is not None:
        inner_start, inner_end, after = close
        inner = src[inner_start:inner_end]
        if tag.raw_inner:
            token.meta["raw"] = inner
        else:
            children: list[Token] = []
            state.md.inline.parse(inner, state.md, state.env, children)
            token.children = children
            token.meta["raw"] = inner
        state.pos = after
    return True


def _inline_closing(state: StateInline, tag: Tag) -> tuple[int, int, int] | None:
    src, depth = state.src, 0
    pos = src.find("{", state.pos, state.posMax)
    while pos >= 0:
        other = parse_tag(src, pos, state.posMax)
        if other is not None:
            if other.closes(tag):
                if depth == 0:
                    return state.pos, pos, pos + len(other.text)
                depth -= 1
            elif other.name == tag.name and not other.closing and not other.self_closing:
                depth += 1
            pos = src.find("{", pos + len(other.text), state.posMax)
        else:
            pos = src.find("{", pos + 1, state.posMax)
    return None


def _ref_destinations(state: StateCore) -> None:
    """`]({{< ref "x.md" >}})` → `](x.md)`, before inline parsing reads the link."""
    source = state.env.get("source", "")
    for token in state.tokens:
        if token.type == "inline" and "](" in token.content and "{" in token.content:
            token.content = outside(
                token.content,
                lambda text: _REF_DESTINATION.sub(lambda m: _ref_link(m, source), text),
            )


def _ref_link(match: re.Match[str], source: str) -> str:
    if match.group(1):
        target = source_path(match.group(1), source)
    else:
        target = jekyll_path(match.group(2), match.group(3))
    return "](" + relative_link(target, source) + _fragment(match.group(1) or "") + ")"


def _fragment(path: str) -> str:
    """`#section` of `other.md#section`, kept on the link."""
    return "#" + path.split("#", 1)[1] if "#" in path else ""


def source_path(path: str, source: str) -> str:
    """The source a Hugo `ref` names: `/posts/x` from the content root, `x.md` beside
    the post; `.md` added when left out."""
    path = path.split("#", 1)[0]
    if markdown_stem(path) is None:
        path = path.rstrip("/") + ".md"  # (a `.markdown` source answers to it too)
    if path.startswith("/"):
        return posixpath.normpath("content" + path)
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), path))


def jekyll_path(kind: str, name: str) -> str:
    """`{% post_url 2019-08-08-name %}`, Hexo's `{% post_path name %}` and
    `{% link _posts/x.md %}` as source paths."""
    if kind in ("post_url", "post_path"):
        return f"content/posts/{name}.md"
    return "content/" + name.replace("_posts/", "posts/", 1).lstrip("/")


def relative_link(target: str, source: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(source) or ".")


def _unescape_code(state: StateCore) -> None:
    for token in state.tokens:
        if token.type in _CODE and "/*" in token.content:
            token.content = unescape_hugo(token.content)
        elif token.type == "inline" and token.children and "/*" in token.content:
            for child in token.children:
                if child.type == "code_inline" and "/*" in child.content:
                    child.content = unescape_hugo(child.content)


def _check_templates(templates_of):  # type: ignore[no-untyped-def]
    """Each shortcode's template, looked up once per parse: an unknown one is a warning."""

    def check(state: StateCore) -> None:
        templates: ShortcodeTemplates | None = None
        for token in state.tokens:
            if token.type in ("shortcode", "shortcode_open"):
                templates = templates or templates_of()
                _check(templates, token, token.map[0] if token.map else None, state.env)
            elif token.type == "inline" and token.children and "{" in token.content:
                line = token.map[0] if token.map else None
                for child in token.children:
                    if child.type in ("softbreak", "hardbreak") and line is not None:
                        line += 1
                    elif child.type == "shortcode_inline":
                        templates = templates or templates_of()
                        _check(templates, child, line, state.env)

    return check


def _check(templates: ShortcodeTemplates, token: Token, line: int | None, env: dict) -> None:
    tag: Tag = token.meta["tag"]
    token.meta["line"] = line
    if tag.closing:
        if token.type == "shortcode_inline":
            _stray_closing_env(env, tag, line)
        token.meta["missing"] = True
        return
    if tag.name.endswith(".inline"):
        report(
            env,
            line,
            f"shortcode `{tag.name}` is a Hugo inline template (Go template code), which "
            "aiblog cannot run: left out, with what it holds",
        )
        token.meta["missing"] = token.meta["drop_inner"] = True
    elif not templates.exists(tag.name):
        report(
            env,
            line,
            f"unknown shortcode `{tag.name}`: add the template "
            f"themes/<theme>/templates/shortcodes/{tag.name}.html; left out of the page",
        )
        token.meta["missing"] = True


def _stray_closing_env(env: dict[str, Any], tag: Tag, line: int | None) -> None:
    if tag.name not in env.get("aiblog_crossing", ()):
        report(env, line, f"shortcode `{tag.text}` closes nothing: left out")


class _Renderer:
    def __init__(  # type: ignore[no-untyped-def]
        self, templates_of, base_path: str, schemes: Collection[str]
    ) -> None:
        self.templates_of, self.base_path, self.schemes = templates_of, base_path, schemes

    def html(self, token: Token, inner: str, env: dict[str, Any]) -> str:
        meta = token.meta
        if meta.get("missing"):
            return "" if meta.get("drop_inner") else inner
        tag: Tag = meta["tag"]
        line = meta.get("line")

        def tell(message: str) -> str:
            report(env, line, f"shortcode `{tag.name}`: {message}")
            return ""

        def ref(path: str) -> str:
            from generator.markdown import REF_PREFIX
            from generator.model import LinkRef

            target = source_path(str(path), env.get("source", ""))
            fragment = _fragment(str(path))
            env.setdefault("refs", []).append(
                LinkRef(target, env.get("body_line", 1) + (line or 0))
            )
            return REF_PREFIX + target + fragment

        lang = str(env.get("lang", ""))
        context = {
            "name": tag.name,
            "form": tag.form,  # "hugo", "liquid" (Jekyll, Hexo) or "zola": whose argument order
            "args": list(tag.args),
            # A named argument left out reads as "" (`kwargs.title or …`), not an error.
            "kwargs": defaultdict(str, tag.kwargs),
            "inner": Markup(inner),
            "raw_inner": meta.get("raw", ""),
            "lang": lang,
            "source": env.get("source", ""),
            "labels": labels_for(lang),
        }
        templates = self.templates_of()
        return templates.render(tag.name, context, self.base_path, tell, ref, self.schemes)

    def block(
        self, renderer: Any, tokens: list[Token], idx: int, options: OptionsDict, env: dict
    ) -> str:
        html = self.html(tokens[idx], "", env)
        return protect(env, html) + "\n" if html else ""

    def wrap(self, token: Token, inner: str, env: dict[str, Any]) -> str:
        html = self.html(token, inner, env)
        return protect(env, html) + "\n" if html else ""

    def inline(
        self, renderer: Any, tokens: list[Token], idx: int, options: OptionsDict, env: dict
    ) -> str:
        token = tokens[idx]
        inner = ""
        if token.children:
            holder = Token("inline", "", 0, children=token.children)
            inner = renderer.render_isolated([holder], options, env)
        return protect(env, self.html(token, inner, env))


def shortcodes_plugin(
    md: MarkdownIt,
    *,
    base_path: str,
    templates_of: Callable[[], ShortcodeTemplates],
    link_schemes: Collection[str] = (),
) -> None:
    render = _Renderer(templates_of, base_path, link_schemes)
    # A tag on its own line ends the paragraph above it, as a fence would.
    md.block.ruler.before(
        "paragraph", "shortcode", _block_rule, {"alt": ["paragraph", "blockquote", "list"]}
    )
    md.inline.ruler.before("link", "shortcode", _inline_rule)
    md.core.ruler.after("block", "shortcode_refs", _ref_destinations)
    md.core.ruler.after("shortcode_refs", "shortcodes_in_html", _in_raw_html)
    md.core.ruler.after("inline", "shortcode_code", _unescape_code)
    md.core.ruler.after("shortcode_code", "shortcode_templates", _check_templates(templates_of))
    # Render rules are bound to the renderer: wrapped so it arrives as their first argument.
    md.add_render_rule("shortcode", lambda self, *rest: render.block(self, *rest))
    md.add_render_rule("shortcode_inline", lambda self, *rest: render.inline(self, *rest))
    if isinstance(md.renderer, AiblogRenderer):
        md.renderer.add_wrap_rule("shortcode", render.wrap)
