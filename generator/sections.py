"""Recognise the sections of an AI-commentary post by heading text and split the token
stream into blocks in document order: body runs and recognised sections."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it.token import Token

from generator.markdown import inline_text

SECTION_KINDS = ("summary", "takeaways", "faq", "commentary", "sources")
# The one-line summary may also be a paragraph: "📌 一句话总结：…" or "TL;DR: …".
SUMMARY_PARAGRAPH = re.compile(r"^[^\w]*(?:一句话总结|TL;\s?DR)\s*[:：]\s*", re.IGNORECASE)
_SUMMARY_HTML_PREFIX = re.compile(
    r"^\s*(?:<(?:strong|em|b)>\s*)?[^\w<]*(?:一句话总结|TL;\s?DR)\s*(?:</(?:strong|em|b)>)?"
    r"\s*[:：]\s*(?:</(?:strong|em|b)>)?\s*",
    re.IGNORECASE,
)


def _is_decoration(char: str) -> bool:
    # Emoji, symbols, punctuation, spaces, variation selectors and joiners.
    return unicodedata.category(char)[0] in "SPZC" or unicodedata.category(char) == "Mn"


@lru_cache(maxsize=8192)
def normalise_heading(text: str) -> str:
    """Heading text without leading emoji or trailing punctuation, case-folded."""
    text = unicodedata.normalize("NFC", text).strip()
    start = 0
    while start < len(text) and _is_decoration(text[start]):
        start += 1
    end = len(text)
    while end > start and (
        unicodedata.category(text[end - 1])[0] in "PZ" or text[end - 1] in ":："
    ):
        end -= 1
    return re.sub(r"\s+", " ", text[start:end]).casefold()


def classify(text: str, names_by_kind: dict[str, tuple[str, ...]]) -> str | None:
    """The section kind a heading names, or None. An entry `*点评` matches by suffix."""
    heading = normalise_heading(text)
    if not heading:
        return None
    for kind in SECTION_KINDS:
        for name in names_by_kind.get(kind, ()):
            if name.startswith("*"):
                suffix = normalise_heading(name[1:])
                if suffix and heading.endswith(suffix):
                    return kind
            elif heading == normalise_heading(name):
                return kind
    return None


@dataclass
class Segment:
    kind: str  # "body", a section kind, or "footnotes"
    tokens: list[Token] = field(default_factory=list)
    title: str = ""
    heading: Token | None = None  # the heading_open of a section
    level: int = 0


def split_segments(tokens: list[Token], names_by_kind: dict[str, tuple[str, ...]]) -> list[Segment]:
    """Body runs and sections in document order. A section runs from its heading to the
    next heading of the same or a higher level."""
    segments: list[Segment] = [Segment("body")]
    section: Segment | None = None
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "footnote_block_open":
            segments.append(Segment("footnotes", tokens[i:]))
            break
        if token.type == "heading_open" and token.level == 0 and token.tag in _SECTION_TAGS:
            level = int(token.tag[1])
            if section is not None and level <= section.level:
                section = None
                segments.append(Segment("body"))
            title = inline_text(tokens[i + 1])
            kind = classify(title, names_by_kind)
            if kind is not None and section is None:
                section = Segment(kind, title=title, heading=token, level=level)
                segments.append(section)
                i += 3  # heading_open, inline, heading_close
                continue
        segments[-1].tokens.append(token)
        i += 1
    return [s for s in segments if s.tokens or s.kind != "body"]


_SECTION_TAGS = {"h2", "h3", "h4", "h5", "h6"}


def top_level_units(tokens: list[Token]) -> list[tuple[int, int]]:
    """[start, end) ranges of the top-level blocks of a token run."""
    units: list[tuple[int, int]] = []
    i = 0
    base = min((t.level for t in tokens), default=0)
    while i < len(tokens):
        token = tokens[i]
        if token.nesting == 1 and token.level == base:
            depth, j = 0, i
            while j < len(tokens):
                depth += tokens[j].nesting
                if depth == 0 and tokens[j].level == base:
                    break
                j += 1
            units.append((i, j + 1))
            i = j + 1
        else:
            units.append((i, i + 1))
            i += 1
    return units


def take_summary_paragraph(tokens: list[Token]) -> tuple[list[Token], Token | None]:
    """Remove the first top-level `一句话总结：…` paragraph; return (rest, its inline)."""
    for i in range(len(tokens) - 2):
        if (
            tokens[i].type == "paragraph_open"
            and tokens[i].level == 0
            and SUMMARY_PARAGRAPH.match(inline_text(tokens[i + 1]))
        ):
            return tokens[:i] + tokens[i + 3 :], tokens[i + 1]
    return tokens, None


def strip_summary_label(html: str) -> str:
    return _SUMMARY_HTML_PREFIX.sub("", html, count=1)


def strip_summary_text(text: str) -> str:
    return SUMMARY_PARAGRAPH.sub("", text, count=1).strip()
