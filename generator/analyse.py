"""Stage 3: Markdown body to analysed parts: blocks in document order (body runs and
recognised sections), summary, FAQ pairs, citations, headings, reading time."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator.errors import Diagnostics
from generator.faq import find_pairs
from generator.markdown import (
    MarkdownOptions,
    create_markdown,
    fence_language,
    images,
    inline_text,
)
from generator.markdown.report import as_warnings
from generator.markdown.to_markdown import DocumentMarkdown
from generator.model import QA, Block, Citation, Heading, LinkRef, ReadingStats
from generator.readingtime import reading_stats
from generator.sections import (
    Segment,
    split_segments,
    strip_summary_label,
    strip_summary_text,
    take_summary_paragraph,
    top_level_units,
)
from generator.slugs import heading_id


@dataclass(frozen=True)
class Analysis:
    summary_html: str
    summary_text: str
    blocks: tuple[Block, ...]
    headings: tuple[Heading, ...]
    reading: ReadingStats
    refs: tuple[LinkRef, ...]
    first_paragraph: str
    code_languages: tuple[str, ...]  # of fenced code blocks, as highlighted
    image_files: tuple[images.Stamp, ...] = ()  # local images whose sizes the HTML holds
    summary_markdown: str = ""  # a summary section as Markdown (a summary line: its text)


class _Context:
    def __init__(
        self, md: MarkdownIt, env: dict[str, Any], rel: str, body_line: int, diags: Diagnostics
    ):
        self.md, self.env, self.rel, self.body_line, self.diags = md, env, rel, body_line, diags
        self.copy: DocumentMarkdown | None = None  # the Markdown copy's blocks, made once

    def line(self, token: Token | None) -> int | None:
        return self.body_line + token.map[0] if token is not None and token.map else None

    def render(self, tokens: list[Token]) -> str:
        return self.md.renderer.render(tokens, self.md.options, self.env)

    def markdown(self, tokens: list[Token], html: str) -> str:
        """Top-level tokens of the document (which render to `html`) as Markdown, for the
        post's Markdown copy (`with_copy` first)."""
        assert self.copy is not None
        return self.copy.of(tokens, html)

    def with_copy(self, tokens: list[Token]) -> None:
        self.copy = DocumentMarkdown(self.md, tokens, self.env)

    def render_inline(self, inline: Token) -> str:
        return self.md.renderer.render(inline.children or [], self.md.options, self.env).strip()


def _assign_heading_ids(tokens: list[Token]) -> list[Heading]:
    """Unique ids (Chinese kept) on every heading, plus a permalink after its text."""
    seen: dict[str, int] = {}
    headings: list[Heading] = []
    for i, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        text = inline_text(tokens[i + 1]).strip()
        base = str(token.attrGet("id") or "") or heading_id(text)  # `{#id}` (attrs.py) wins
        count = seen.get(base, 0)
        seen[base] = count + 1
        ident = base if count == 0 else f"{base}-{count}"
        token.attrSet("id", ident)
        headings.append(Heading(int(token.tag[1]), ident, text))
        if token.level == 0:
            anchor = Token("html_inline", "", 0)
            anchor.content = (
                f' <a class="anchor" href="#{ident}" aria-hidden="true" tabindex="-1">#</a>'
            )
            children = tokens[i + 1].children
            if children is not None:
                children.append(anchor)
    return headings


def _without_anchor(inline: Token) -> Token:
    children = [c for c in inline.children or [] if not c.content.startswith(' <a class="anchor"')]
    return inline.copy(children=children)


def _unwrap_strong(html: str) -> str:
    if html.startswith("<strong>") and html.endswith("</strong>") and html.count("<strong>") == 1:
        return html[8:-9]
    return html


def _citations(ctx: _Context, tokens: list[Token]) -> tuple[Citation, ...]:
    """One citation per list item (or per paragraph when there is no list)."""
    items: list[list[Token]] = []
    for start, end in top_level_units(tokens):
        unit = tokens[start:end]
        if unit[0].type in ("bullet_list_open", "ordered_list_open"):
            inner = unit[1:-1]
            items.extend(inner[s + 1 : e - 1] for s, e in top_level_units(inner))
        elif unit[0].type == "paragraph_open":
            items.append(unit[1:-1])
    citations = []
    for item in items:
        inlines = [t for t in item if t.type == "inline"]
        text = " ".join(inline_text(t, images=False).strip() for t in inlines).strip()
        url = next(
            (
                str(c.attrGet("href"))
                for t in inlines
                for c in (t.children or [])
                if c.type == "link_open"
                and str(c.attrGet("href") or "").startswith(("http://", "https://"))
            ),
            "",
        )
        if text or url:
            html = " ".join(ctx.render_inline(t) for t in inlines) if inlines else ctx.render(item)
            citations.append(Citation(text=text or url, html=html, url=url))
    return tuple(citations)


def _section_block(ctx: _Context, segment: Segment, explicit_faq: bool) -> Block:
    heading = segment.heading
    title, ident = segment.title, str(heading.attrGet("id") or "") if heading else ""
    line = ctx.line(heading)
    faq: tuple[QA, ...] = ()
    citations: tuple[Citation, ...] = ()
    if segment.kind == "faq":
        pairs = find_pairs(segment.tokens, ctx.line)
        faq = tuple(
            QA(
                p.question,
                _unwrap_strong(ctx.render_inline(_without_anchor(p.question_inline))),
                ctx.render(p.answer),
                p.line,
            )
            for p in pairs
        )
        if not faq and not explicit_faq:
            ctx.diags.warning(
                ctx.rel,
                line,
                f"FAQ section `{title}` has no question/answer pair (write `Q: …` then `A: …`)",
            )
    elif segment.kind == "sources":
        citations = _citations(ctx, segment.tokens)
    html = ctx.render(segment.tokens)
    return Block(
        kind=segment.kind,
        html=html,
        markdown=ctx.markdown(segment.tokens, html),
        title=title,
        heading_id=ident,
        line=line,
        faq=faq,
        citations=citations,
    )


def analyse(
    body: str,
    *,
    rel: str,
    body_line: int,
    markdown: MarkdownOptions,
    sections: dict[str, tuple[str, ...]],
    cjk_per_minute: int,
    words_per_minute: int,
    diags: Diagnostics,
    explicit_faq: bool = False,
    lang: str = "",
    site_dir: Path | None = None,
    media_subpath: str = "",
) -> Analysis:
    md = create_markdown(markdown)
    env: dict[str, Any] = {
        "source": rel,
        "body_line": body_line,
        "refs": [],
        "lang": lang,
        "site_dir": site_dir,
    }
    if media_subpath:  # Chirpy: relative image URLs resolve under it
        env["media_subpath"] = media_subpath
    tokens = md.parse(body, env)
    for line, message in env.get("unsafe", ()):
        diags.error(rel, line, message)
    reading = reading_stats(tokens, cjk_per_minute, words_per_minute)
    headings = _assign_heading_ids(tokens)
    ctx = _Context(md, env, rel, body_line, diags)

    tokens, summary_inline = take_summary_paragraph(tokens)
    ctx.with_copy(tokens)
    summary_html = summary_text = summary_markdown = ""
    if summary_inline is not None:
        summary_html = strip_summary_label(ctx.render_inline(summary_inline))
        summary_text = strip_summary_text(inline_text(summary_inline, images=False))

    blocks: list[Block] = []
    first_paragraph = ""
    for segment in split_segments(tokens, sections):
        if segment.kind == "summary":
            if not summary_html:
                summary_html = ctx.render(segment.tokens).strip()
                summary_markdown = ctx.markdown(segment.tokens, summary_html)
                summary_text = " ".join(
                    inline_text(t, images=False).strip()
                    for t in segment.tokens
                    if t.type == "inline"
                )
            continue
        if segment.kind in ("body", "footnotes"):
            if not first_paragraph:
                first_paragraph = next(
                    (
                        inline_text(segment.tokens[i + 1], images=False).strip()
                        for i, t in enumerate(segment.tokens)
                        if t.type == "paragraph_open" and t.level == 0
                    ),
                    "",
                )
            html = ctx.render(segment.tokens)
            markdown = ctx.markdown(segment.tokens, html)
            blocks.append(Block(kind=segment.kind, html=html, markdown=markdown))
        else:
            blocks.append(_section_block(ctx, segment, explicit_faq))

    as_warnings(env, rel, diags)  # the plugins' warnings, parsing and rendering done
    toc = tuple(h for h in headings if h.level <= 3 and h.level >= 2)
    return Analysis(
        summary_html=summary_html,
        summary_text=summary_text.strip(),
        blocks=tuple(blocks),
        headings=toc,
        reading=reading,
        refs=tuple(env["refs"]),
        first_paragraph=first_paragraph,
        code_languages=tuple(
            sorted({fence_language(t.info) for t in tokens if t.type == "fence" and t.info.strip()})
        ),
        image_files=images.stamps(env),
        summary_markdown=summary_markdown,
    )
