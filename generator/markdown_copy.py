"""Every post and page also as clean Markdown, at `…/index.md` beside its `index.html`, for
answer engines and readers of plain text: its title, AI label, a metadata line (date,
authors, category, reading time, the original it is based on), its summary, then its body
and sections in order (recap, Q&A, commentary, sources), every link absolute.

The Markdown of each part is written when the post is parsed (markdown/to_markdown.py);
here it is put together and its URLs resolved, once per document and build (`Copies`),
for the `index.md` files and llms-full.txt alike. Templates: `copy.md` (the theme may
override it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator import ailabel
from generator.i18n import format_date, ui
from generator.markdown import REF_PREFIX
from generator.markdown.absolute_links import absolutizer, resolve
from generator.page_meta import authors
from generator.translations import document_url

if TYPE_CHECKING:
    from generator.model import Block, Document, Site

COPY_NAME = "index.md"


def copy_url(page_url: str) -> str:
    """The copy of the page at `page_url` (a directory URL): `…/index.md`."""
    return page_url + COPY_NAME


def view_fields(site: Site, url: str) -> dict[str, Any]:
    """`markdown_url`: the page's Markdown copy, for `<link rel="alternate">`."""
    return {"markdown_url": copy_url(url) if site.config.llms.enabled else ""}


MEMO_SIZE = 50_000
_MADE: dict[tuple[str, str, str, str], str] = {}  # copies made in this process


class Copies:
    """The Markdown copy of each document of one site, made once per process and build."""

    def __init__(self, site: Site) -> None:
        self.site = site
        urls = site.urls
        documents = (*site.posts, *site.pages, *site.translations)
        self.url_of = {d.source: document_url(urls, d) for d in documents}
        self._absolute = {s: urls.absolute(u) for s, u in self.url_of.items()}
        self._made: dict[str, str] = {}
        config = site.config
        self._salt = repr((config.ai, config.author, config.origin, config.llms, config.title))

    def of(self, doc: Document) -> str:
        if doc.source not in self._made:
            # Across builds too (`aiblog serve`: llms-full.txt joins every post's copy on
            # each edit): a copy is a function of its document (whose fingerprint holds
            # the URLs it links to), its URL and the config.
            known = (doc.source, doc.fingerprint, self._absolute[doc.source], self._salt)
            if known not in _MADE:
                if len(_MADE) > MEMO_SIZE:
                    _MADE.clear()
                _MADE[known] = self._make(doc)
            self._made[doc.source] = _MADE[known]
        return self._made[doc.source]

    def _make(self, doc: Document) -> str:
        site, page_url = self.site, self._absolute[doc.source]
        absolute = absolutizer(page_url, site.config.origin, REF_PREFIX, self._absolute)
        strings = ui(doc.meta.lang)
        parts = [f"# {doc.meta.title}"]
        label = ailabel.label_view(site.config, doc)
        if label:
            parts.append("> " + " ".join(filter(None, (label["text"], label["note"]))))
        if line := _meta_line(site, doc, strings):
            parts.append(line)
        summary = doc.summary_markdown or doc.summary_text or doc.meta.description
        if summary:
            parts.append(f"**{strings['summary']}**{strings['colon']}{summary}")
        for block in doc.blocks:
            if block.kind in ("summary", "toc"):  # the summary is above; no contents here
                continue
            if block.kind == "faq" and doc.meta.faq is not None:
                parts.append(_faq_from_frontmatter(block.title, doc.meta.faq))
            elif block.kind in ("body", "footnotes"):
                parts.append(block.markdown)
            elif block.markdown or block.faq:
                parts.append(_section(block, strings))
        parts.append(f"{strings['web_page']}{strings['colon']}{page_url}")
        return resolve("\n\n".join(p for p in parts if p.strip()), absolute) + "\n"


def _meta_line(site: Site, doc: Document, strings: dict[str, str]) -> str:
    bits = []
    if doc.kind == "post" and doc.meta.date is not None:
        bits.append(format_date(doc.meta.date, doc.meta.lang))
    names = [a["name"] for a in authors(site, doc) if doc.kind == "post"]
    if names:
        bits.append(strings["list_separator"].join(names))
    if doc.meta.categories:
        bits.append(" / ".join(doc.meta.categories[0]))
    if doc.kind == "post":
        bits.append(strings["reading_time"].format(n=doc.reading.minutes))
    if doc.meta.sources:
        bits.append(f"{strings['translated_from']}{strings['colon']}{', '.join(doc.meta.sources)}")
    return " · ".join(bits)


def _section(block: Block, strings: dict[str, str]) -> str:
    """A recognised section under its heading; a Q&A's pairs as `### question` and answer."""
    parts = [f"## {block.title or strings.get(block.kind, block.kind)}", block.markdown]
    for qa in block.faq:
        parts += [f"### {qa.question}", qa.answer_markdown]
    return "\n\n".join(p for p in parts if p.strip())


def _faq_from_frontmatter(title: str, pairs: tuple[tuple[str, str], ...]) -> str:
    """The frontmatter's `faq:` list (Markdown answers, as written)."""
    items = [f"### {question}\n\n{answer.strip()}" for question, answer in pairs]
    return "\n\n".join([f"## {title}", *items])
