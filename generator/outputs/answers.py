"""For answer engines: each post's and page's Markdown copy (`…/index.md`), `/llms.txt`
(the llmstxt.org index of those copies) and `/llms-full.txt` (every post in Markdown,
newest first, up to a size limit). Drafts and future posts never appear in them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from generator import llms, markdown_copy
from generator.errors import Diagnostics
from generator.model import Site
from generator.outputs.kind import OutputKind
from generator.plan import Output
from generator.translations import document_url

if TYPE_CHECKING:
    from generator.render import Renderer


def plan(site: Site, theme_dirs: list[Path], diags: Diagnostics) -> Iterator[Output]:
    if not site.config.llms.enabled:
        return
    urls = site.urls

    def copy_path(doc: object) -> str:
        return urls.output_path(markdown_copy.copy_url(document_url(urls, doc)))  # type: ignore[arg-type]

    for i, doc in enumerate(site.posts):
        yield Output(copy_path(doc), "answers", ("copy", "post", i), shows=(i,), origin=doc.source)
    for which, docs in (("page", site.pages), ("translation", site.translations)):
        for i, doc in enumerate(docs):
            yield Output(
                copy_path(doc),
                "answers",
                ("copy", which, i),
                extra=doc.fingerprint,
                origin=doc.source,
            )
    listed = tuple(llms.listed(site))
    pages = [d for d in site.pages if not d.meta.draft]
    pages_shown = repr([(d.meta.slug, d.meta.title, d.description) for d in pages])
    yield Output("llms.txt", "answers", ("index",), cards=listed, extra=pages_shown)
    yield Output("llms-full.txt", "answers", ("full",), shows=listed)


def _copies(r: Renderer) -> markdown_copy.Copies:
    """The site's Markdown copies, made once per renderer (index.md files and
    llms-full.txt share them)."""
    if "copies" not in r.shared:
        r.shared["copies"] = markdown_copy.Copies(r.site)
    return r.shared["copies"]  # type: ignore[no-any-return]


def render(output: Output, r: Renderer) -> bytes:
    site = r.site
    if output.args[0] == "copy":
        _copy, which, i = output.args
        doc = {"post": site.posts, "page": site.pages, "translation": site.translations}[which][i]
        return r.page("copy.md", {"markdown": _copies(r).of(doc)})
    if output.args[0] == "index":
        return r.page("llms.txt", llms.index_context(site))
    text, omitted = llms.full_text(_copies(r), site, list(output.shows))
    return r.page("llms-full.txt", {"full": {"text": text, "omitted": omitted}})


KIND = OutputKind("answers", plan, render, reserves=("llms.txt", "llms-full.txt"))
