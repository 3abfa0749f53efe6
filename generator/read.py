"""The read stage for one file: bytes → frontmatter → `Meta` → analysed `Document`.

A pure function of the file, its bytes and the site config: it runs in worker processes
and its result can be cached by content hash.
"""

from __future__ import annotations

import hashlib
from dataclasses import fields

from generator.analyse import analyse
from generator.config import SiteConfig
from generator.errors import Diagnostic, Diagnostics
from generator.faq import given_faq
from generator.frontmatter import decode, split
from generator.layout import still_on_page
from generator.markdown.options import markdown_options
from generator.metadata import read_meta
from generator.model import Body, Document
from generator.sources import SourceFile
from generator.template_errors import TemplateFailure


def read_document(
    config: SiteConfig, source: SourceFile, data: bytes
) -> tuple[Document | None, list[Diagnostic]]:
    diags = Diagnostics()
    try:
        document = _read(config, source, data, diags)
    except TemplateFailure as failure:  # a shortcode's template (the theme's fault)
        path, line, message = failure.located(config.site_dir)
        diags.error(path, line, f"{message} (rendering {source.rel})")
        return None, diags.items
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
        cjk_per_minute=config.cjk_chars_per_minute,
        words_per_minute=config.words_per_minute,
        diags=diags,
        explicit_faq=meta.faq is not None,
        site_dir=config.site_dir,
        lang=meta.lang,
        media_subpath=meta.media_subpath,
        asset_dir=source.asset_folder,
    )
    blocks, refs, toc = parts.blocks, parts.refs, parts.headings
    if meta.faq is not None:
        taken = frozenset(h.id for h in toc) | {b.heading_id for b in blocks}
        blocks, faq_refs = given_faq(
            blocks,
            meta.faq,
            meta.lang,
            markdown_options(config),
            source.rel,
            raw.key_lines.get("faq"),
            diags,
            taken,
        )
        refs += faq_refs
        toc = still_on_page(toc, blocks)
    analysed = {f.name: getattr(parts, f.name) for f in fields(Body)}
    analysed.update(blocks=blocks, headings=toc, refs=refs)
    return Document(
        **analysed,
        source=source.rel,
        kind=source.kind,
        meta=meta,
        assets=source.assets,
        asset_dir=source.asset_dir,
        source_hash=hashlib.blake2b(data, digest_size=16).hexdigest(),
        # The page shows its images' sizes: a changed image is a changed page.
        fingerprint=hashlib.blake2b(
            data + repr(parts.image_files).encode(), digest_size=16
        ).hexdigest(),
    )
