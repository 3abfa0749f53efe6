"""Stage 2+3 for one file: bytes → frontmatter → `Meta` → analysed `Document`.

A pure function of the file, its bytes and the site config: it runs in worker processes
and its result can be cached by content hash.
"""

from __future__ import annotations

import hashlib
from typing import Any

from generator.analyse import analyse
from generator.config import SiteConfig
from generator.errors import Diagnostic, Diagnostics
from generator.frontmatter import decode, split
from generator.i18n import ui
from generator.markdown import MarkdownOptions, create_markdown
from generator.markdown.options import markdown_options
from generator.markdown.report import reports
from generator.metadata import read_meta
from generator.model import QA, Block, Document, LinkRef
from generator.sources import SourceFile


def read_document(
    config: SiteConfig, source: SourceFile, data: bytes
) -> tuple[Document | None, list[Diagnostic]]:
    diags = Diagnostics()
    document = _read(config, source, data, diags)
    return document, diags.items


def read_source(config: SiteConfig, source: SourceFile) -> tuple[Document | None, list[Diagnostic]]:
    try:
        data = (config.site_dir / source.rel).read_bytes()
    except OSError as exc:
        return None, [Diagnostic(source.rel, None, f"cannot read file: {exc.strerror}")]
    return read_document(config, source, data)


def _read(
    config: SiteConfig, source: SourceFile, data: bytes, diags: Diagnostics
) -> Document | None:
    text = decode(data, source.rel, diags)
    if text is None:
        return None
    raw = split(text, source.rel, diags)
    if raw is None:
        return None
    meta = read_meta(raw, source, config.language, config.tz, diags, config.category_hierarchy)
    if meta is None:
        return None
    parts = analyse(
        raw.body,
        rel=source.rel,
        body_line=raw.body_line,
        markdown=markdown_options(config),
        sections=config.sections,
        cjk_per_minute=config.cjk_chars_per_minute,
        words_per_minute=config.words_per_minute,
        diags=diags,
        explicit_faq=meta.faq is not None,
        site_dir=config.site_dir,
        lang=meta.lang,
        media_subpath=meta.media_subpath,
    )
    blocks, refs = parts.blocks, parts.refs
    if meta.faq is not None:
        faq_line = raw.key_lines.get("faq")
        blocks, faq_refs = _replace_faq(
            blocks, meta.faq, meta.lang, markdown_options(config), source.rel, faq_line, diags
        )
        refs += faq_refs
    return Document(
        source=source.rel,
        kind=source.kind,
        meta=meta,
        summary_html=parts.summary_html,
        summary_text=parts.summary_text,
        blocks=blocks,
        headings=parts.headings,
        reading=parts.reading,
        refs=refs,
        assets=source.assets,
        first_paragraph=parts.first_paragraph,
        code_languages=parts.code_languages,
        image_files=parts.image_files,
        summary_markdown=parts.summary_markdown,
        # The page shows its images' sizes: a changed image is a changed page.
        fingerprint=hashlib.blake2b(
            data + repr(parts.image_files).encode(), digest_size=16
        ).hexdigest(),
    )


def _replace_faq(
    blocks: tuple[Block, ...],
    pairs: tuple[tuple[str, str], ...],
    lang: str,
    markdown: MarkdownOptions,
    rel: str,
    line: int | None,
    diags: Diagnostics,
) -> tuple[tuple[Block, ...], tuple[LinkRef, ...]]:
    """The frontmatter `faq:` list replaces the parsed Q&A (or adds one before the sources).
    Its answers are Markdown like the body: their links to `.md` files are resolved too."""
    md = create_markdown(markdown)
    found: list[LinkRef] = []

    def render(text: str, inline: bool) -> str:
        env: dict[str, Any] = {"source": rel, "refs": [], "lang": lang}
        html = md.renderInline(text, env) if inline else md.render(text, env)
        found.extend(LinkRef(r.target, line) for r in env["refs"])  # the `faq:` key's line
        for _line, message in env.get("unsafe", ()):
            diags.error(rel, line, message)
        for _line, message in reports(env):  # at the `faq:` key's line too
            diags.warning(rel, line, message)
        return html

    faq = tuple(QA(q, render(q, True), render(a, False), line) for q, a in pairs)
    existing = next((b for b in blocks if b.kind == "faq"), None)
    if existing is not None:
        replaced = Block(
            kind="faq",
            html="",
            title=existing.title,
            heading_id=existing.heading_id,
            line=existing.line,
            faq=faq,
        )
        return tuple(replaced if b is existing else b for b in blocks), tuple(found)
    title = ui(lang)["faq"]
    added = Block(kind="faq", html="", title=title, heading_id="faq", faq=faq)
    at = next((i for i, b in enumerate(blocks) if b.kind in ("sources", "footnotes")), len(blocks))
    return blocks[:at] + (added,) + blocks[at:], tuple(found)
