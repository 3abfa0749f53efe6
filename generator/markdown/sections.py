"""The sections of an AI-commentary post (summary, takeaways, FAQ, commentary, sources:
see section_kinds.py), recognised by heading text, as `section_open`/`section_close`
tokens around them.

- A heading (levels 2–6, not inside a quote or list) whose text, without leading emoji and
  trailing punctuation, is one of a kind's names opens a section of that kind; the
  section runs to the next heading of the same or a higher level, a thematic break
  (`---`), the footnotes or the end. Headings under it are part of it.
- The summary may also be a paragraph that starts with its label (`📌 一句话总结：…`,
  `TL;DR: …`): the first such paragraph outside a section becomes a section of its own,
  the label cut from its text (the section's title keeps it).

`section_open.meta`: `kind`, `title` (the heading as written, without a trailing colon;
or the paragraph's label), `id` (the heading's id, "" for a paragraph) and `level`. The
tokens inside are one level deeper, as inside any container.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from generator import section_kinds
from generator.markdown.headings import ends_section_at, level_of, normalise_heading
from generator.markdown.text import inline_text, strip_prefix

Names = tuple[tuple[str, tuple[str, ...]], ...]  # (kind, heading names), in order
SECTION_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})


def classify(text: str, names_by_kind: dict[str, tuple[str, ...]] | Names) -> str | None:
    """The section kind a heading names, or None. An entry `*点评` matches by suffix."""
    heading = normalise_heading(text)
    if not heading:
        return None
    pairs = names_by_kind if isinstance(names_by_kind, tuple) else tuple(names_by_kind.items())
    exact, suffixes = _matcher(pairs)
    found = exact.get(heading)
    if found is not None:
        return found
    return next((kind for suffix, kind in suffixes if heading.endswith(suffix)), None)


@lru_cache(maxsize=16)
def _matcher(names: Names) -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    """(normalised name → kind, (normalised suffix, kind) in order): a kind listed first
    wins a name two kinds share."""
    exact: dict[str, str] = {}
    suffixes: list[tuple[str, str]] = []
    for kind, entries in names:
        for name in entries:
            if name.startswith("*"):
                if suffix := normalise_heading(name[1:]):
                    suffixes.append((suffix, kind))
            else:
                exact.setdefault(normalise_heading(name), kind)
    return exact, tuple(suffixes)


def _label_pattern(labels: Iterable[str]) -> re.Pattern[str]:
    """`📌 一句话总结：`, `**TL;DR**:`, `tl; dr:`: leading emoji, either colon."""
    spelled = [re.escape(label).replace(";", r";\s?").replace(r"\ ", r"\s+") for label in labels]
    return re.compile(rf"^[^\w]*(?P<label>{'|'.join(spelled)})\s*[:：]\s*", re.IGNORECASE)


_PARAGRAPH_FORMS = tuple(
    (kind.name, kind.paragraph_labels) for kind in section_kinds.KINDS if kind.paragraph_labels
)
_PATTERNS = tuple((kind, _label_pattern(labels)) for kind, labels in _PARAGRAPH_FORMS)


def title_of(heading_text: str) -> str:
    """A section's title: its heading as written, without a trailing colon."""
    return heading_text.strip().rstrip(":：").rstrip()


def _open(kind: str, title: str, ident: str, level: int, where: Token) -> Token:
    """Rendered by markdown-it's default rule: `<section class="section-KIND" aria-…>`."""
    named = {"aria-labelledby": ident} if ident else {"aria-label": title}
    attrs = {"class": f"section-{kind}", **named}
    meta = {"kind": kind, "title": title, "id": ident, "level": level}
    return Token("section_open", "section", 1, attrs, map=where.map, block=True, meta=meta)


def _close() -> Token:
    return Token("section_close", "section", -1, block=True)


# A paragraph can only be a summary if one of the labels is near its start (cheap to ask
# of every top-level paragraph before the regexes are).
_HINTS = tuple({label[:2].casefold() for _kind, labels in _PARAGRAPH_FORMS for label in labels})


def _paragraph_section(tokens: list[Token], i: int, names: Names) -> list[Token] | None:
    """`tokens[i:i+3]` (a top-level paragraph) as a section, when it starts with a label."""
    start = tokens[i + 1].content[:40].casefold()
    if not any(hint in start for hint in _HINTS):
        return None
    text = inline_text(tokens[i + 1])
    for kind, pattern in _PATTERNS:
        match = pattern.match(text)
        if match and any(k == kind for k, _names in names):
            inline = strip_prefix(tokens[i + 1], pattern)
            inline.level, tokens[i].level, tokens[i + 2].level = 2, 1, 1  # in the section
            inner = [tokens[i], inline, tokens[i + 2]]
            return [_open(kind, match.group("label"), "", 0, tokens[i]), *inner, _close()]
    return None


def _section_starts(tokens: list[Token], names: Names) -> dict[int, Token]:
    """Top-level index → section_open, for each heading that names a kind."""
    starts: dict[int, Token] = {}
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.level == 0 and token.tag in SECTION_TAGS:
            text = inline_text(tokens[i + 1])
            kind = classify(text, names)
            if kind is not None:
                ident = str(token.attrs.get("id", ""))
                starts[i] = _open(kind, title_of(text), ident, level_of(token), token)
    return starts


def _wrap_sections(names: Names):  # type: ignore[no-untyped-def]
    def wrap_sections(state: StateCore) -> None:
        tokens = state.tokens
        starts = _section_starts(tokens, names)
        out: list[Token] = []
        level = 0  # the open section's heading level (0: none open)
        paragraph_found = False
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if token.level != 0:  # inside a top-level block
                if level:
                    token.level += 1
                out.append(token)
                i += 1
                continue
            if level and ends_section_at(tokens, i, level):
                out.append(_close())
                level = 0
            if not level and i in starts:
                out.append(starts[i])
                level = starts[i].meta["level"]
            elif not level and not paragraph_found and token.type == "paragraph_open":
                section = _paragraph_section(tokens, i, names)
                if section is not None:
                    out.extend(section)
                    paragraph_found = True
                    i += 3
                    continue
            if level:
                token.level += 1
            out.append(token)
            i += 1
        if level:
            out.append(_close())
        state.tokens = out

    return wrap_sections


def sections_plugin(md: MarkdownIt, *, names: Names) -> None:
    """`names`: each kind's heading names, as site.yml's `sections` gives them."""
    md.core.ruler.after("heading_ids", "sections", _wrap_sections(names))
