"""The read stage's Markdown part: a body to its analysed parts. The plugins
(generator/markdown/) mark the token stream: heading ids, sections, FAQ pairs,
`<!--more-->`, table-of-contents placeholders; this turns the marked stream into the
post's blocks in document order (where its parts go is layout.py's), its summary, first
paragraph and reading time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator import section_kinds
from generator.citations import citations_of, only_citations
from generator.errors import Diagnostics
from generator.faq import pairs_of
from generator.layout import opening_length, text_before_more, toc_entries, with_toc_place
from generator.markdown import MarkdownOptions, create_markdown, fence_language, images
from generator.markdown.blocks import closing
from generator.markdown.faq import FAQ_GIVEN
from generator.markdown.headings import HEADINGS
from generator.markdown.report import as_warnings
from generator.markdown.text import inline_text
from generator.markdown.to_markdown import DocumentMarkdown
from generator.model import QA, Block, Body, Citation
from generator.readingtime import reading_stats


class _Context:
    def __init__(self, md: MarkdownIt, env: dict[str, Any], body_line: int, tokens: list[Token]):
        self.md, self.env, self.body_line = md, env, body_line
        # The Markdown copy's blocks, made in one walk of the whole document.
        self.copy = DocumentMarkdown(md, tokens, env)

    def line(self, token: Token) -> int | None:
        return self.body_line + token.map[0] if token.map else None

    def render(self, tokens: list[Token]) -> str:
        return self.md.renderer.render(tokens, self.md.options, self.env)

    def block(self, kind: str, tokens: list[Token], **fields: Any) -> Block:
        """A block of `tokens`: their HTML, and their Markdown for the Markdown copy."""
        html = self.render(tokens)
        return Block(kind=kind, html=html, markdown=self.copy.of(tokens, html), **fields)


def _text(tokens: list[Token]) -> str:
    return " ".join(inline_text(t, images=False).strip() for t in tokens if t.type == "inline")


def _section_block(ctx: _Context, tokens: list[Token]) -> Block:
    """A section (section_open … section_close) as its block: the heading is the
    component's to show, the FAQ pairs and citations are taken out."""
    meta = tokens[0].meta
    inner = tokens[1:-1]
    if inner and inner[0].type == "heading_open":
        inner = inner[3:]
    faq: tuple[QA, ...] = ()
    if meta["kind"] in section_kinds.with_role(section_kinds.FAQ):
        faq, inner = pairs_of(inner, ctx.render, ctx.line, ctx.copy.of)
    citations: tuple[Citation, ...] = ()
    as_written = False
    if meta["kind"] in section_kinds.with_role(section_kinds.CITATION):
        citations = citations_of(inner, ctx.render)
        as_written = not only_citations(inner)
    return ctx.block(
        meta["kind"],
        inner,
        title=meta["title"],
        heading_id=meta["id"],
        line=ctx.line(tokens[0]),
        faq=faq,
        citations=citations,
        as_written=as_written,
        level=meta["level"],
    )


_DESCRIBING = section_kinds.with_role(section_kinds.DESCRIPTION)


def _summary_text(tokens: list[Token]) -> str:
    """The text of the first section whose text describes the post (its heading aside)."""
    for i, token in enumerate(tokens):
        if token.type == "section_open" and token.meta["kind"] in _DESCRIBING:
            start = i + 4 if tokens[i + 1].type == "heading_open" else i + 1
            return _text(tokens[start : closing(tokens, i)])
    return ""


def _blocks(ctx: _Context, tokens: list[Token]) -> list[Block]:
    blocks: list[Block] = []
    body: list[Token] = []

    def end_body() -> None:
        if body:
            blocks.append(ctx.block("body", list(body)))
            body.clear()

    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "section_open":
            end_body()
            end = closing(tokens, i)
            blocks.append(_section_block(ctx, tokens[i : end + 1]))
            i = end + 1
            continue
        if token.type == "toc_placeholder":
            end_body()
            blocks.append(Block(kind="toc", html="", line=ctx.line(token) if token.map else None))
        elif token.type == "footnote_block_open":
            end_body()
            blocks.append(ctx.block("footnotes", tokens[i:]))
            break
        else:
            body.append(token)
        i += 1
    end_body()
    return blocks


def analyse(
    body: str,
    *,
    rel: str,
    body_line: int,
    markdown: MarkdownOptions,
    cjk_per_minute: int,
    words_per_minute: int,
    diags: Diagnostics,
    explicit_faq: bool = False,
    lang: str = "",
    site_dir: Path | None = None,
    media_subpath: str = "",
    asset_dir: str | None = None,
) -> Body:
    """`asset_dir`: the folder (relative to the site) whose files are published beside the
    page, if any (a bundle's, or Hexo's asset folder)."""
    md = create_markdown(markdown)
    env: dict[str, Any] = {
        "source": rel,
        "body_line": body_line,
        "refs": [],
        "lang": lang,
        "site_dir": site_dir,
        FAQ_GIVEN: explicit_faq,
    }
    env["asset_dir"] = asset_dir
    if media_subpath:  # Chirpy: relative image URLs resolve under it
        env["media_subpath"] = media_subpath
    tokens = md.parse(body, env)
    for line, message in env.get("unsafe", ()):
        diags.error(rel, line, message)
    reading = reading_stats(tokens, cjk_per_minute, words_per_minute)
    ctx = _Context(md, env, body_line, tokens)

    opening_end = opening_length(tokens)
    asked = any(t.type == "toc_placeholder" for t in tokens)
    blocks = _blocks(ctx, tokens if asked else with_toc_place(tokens, opening_end))
    opening = 0
    if opening_end:  # the lead (a body block) if any, and the section that opens the post
        opening = 2 if blocks[0].kind == "body" else 1
    summary = next((b for b in blocks if b.kind in _DESCRIBING), None)
    as_warnings(env, rel, diags)  # the plugins' warnings, parsing and rendering done
    return Body(
        summary_html=summary.html.strip() if summary else "",
        summary_text=_summary_text(tokens),
        blocks=tuple(blocks),
        headings=toc_entries(env[HEADINGS], tokens[:opening_end], blocks, asked),
        reading=reading,
        refs=tuple(env["refs"]),
        first_paragraph=next(
            (
                inline_text(tokens[i + 1], images=False).strip()
                for i, t in enumerate(tokens)
                if t.type == "paragraph_open" and t.level == 0
            ),
            "",
        ),
        code_languages=tuple(
            sorted({fence_language(t.info) for t in tokens if t.type == "fence" and t.info.strip()})
        ),
        image_files=images.stamps(env),
        loose_files=tuple(env.get(images.LOOSE, ())),
        excerpt=text_before_more(tokens) if "more_line" in env else "",
        opening=opening,
        summary_markdown=summary.markdown if summary else "",
    )
