"""A post's questions and answers, in one place: the pairs the FAQ plugin found
(markdown/faq.py reads the shapes authors write), the frontmatter's `faq:` list that
replaces them, and the schema.org FAQPage they give. `Document.faq` is every pair of the
post's FAQ blocks; the page shows exactly the pairs the FAQPage holds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markdown_it.token import Token

from generator import section_kinds
from generator.errors import Diagnostics
from generator.i18n import ui
from generator.markdown import MarkdownOptions, create_markdown, inline_text
from generator.markdown.blocks import closing
from generator.markdown.report import reports
from generator.model import QA, Block, LinkRef
from generator.structured import reduce_html

Render = Callable[[list[Token]], str]
LineOf = Callable[[Token], int | None]
# Tokens (and the HTML they render to) as Markdown for the page's Markdown copy.
AsMarkdown = Callable[[list[Token], str], str]


def _unwrap_strong(html: str) -> str:
    """`**Q: …**` leaves the whole question bold: the component makes questions bold."""
    if html.startswith("<strong>") and html.endswith("</strong>") and html.count("<strong>") == 1:
        return html[8:-9]
    return html


def pairs_of(
    tokens: list[Token], render: Render, line_of: LineOf, markdown: AsMarkdown
) -> tuple[tuple[QA, ...], list[Token]]:
    """(the QAs of a FAQ section's faq items, the section's other tokens)."""
    pairs: list[QA] = []
    rest: list[Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type != "faq_item_open":
            rest.append(token)
            i += 1
            continue
        end = closing(tokens, i)
        question = tokens[i + 2]  # faq_item_open, faq_question_open, inline
        answer = tokens[i + 5 : end - 1]  # …faq_question_close, faq_answer_open
        answer_html = render(answer).strip()
        pairs.append(
            QA(
                question=inline_text(question).strip(),
                question_html=_unwrap_strong(render([question]).strip()),
                answer_html=answer_html,
                line=line_of(token),
                id=str(token.meta.get("id", "")),
                answer_markdown=markdown(answer, answer_html),
            )
        )
        i = end + 1
    return tuple(pairs), rest


def given_faq(
    blocks: tuple[Block, ...],
    pairs: tuple[tuple[str, str], ...],
    lang: str,
    markdown: MarkdownOptions,
    rel: str,
    line: int | None,
    diags: Diagnostics,
    taken_ids: frozenset[str],
) -> tuple[tuple[Block, ...], tuple[LinkRef, ...]]:
    """The frontmatter `faq:` list replaces the parsed Q&A (or adds one before the sources).
    Its answers are Markdown like the body: their links to `.md` files are resolved too.
    `taken_ids`: the ids already on the page (an added FAQ's heading needs its own)."""
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
    kinds = section_kinds.with_role(section_kinds.FAQ)
    existing = next((b for b in blocks if b.kind in kinds), None)
    if existing is not None:
        replaced = Block(
            kind=existing.kind,
            html="",
            title=existing.title,
            heading_id=existing.heading_id,
            line=existing.line,
            faq=faq,
            level=existing.level,
        )
        return tuple(replaced if b is existing else b for b in blocks), tuple(found)
    ident = next(i for i in ("faq", *(f"faq-{n}" for n in range(1, 99))) if i not in taken_ids)
    added = Block(kind="faq", html="", title=ui(lang)["faq"], heading_id=ident, faq=faq, level=2)
    citation_kinds = section_kinds.with_role(section_kinds.CITATION)
    at = next(
        (i for i, b in enumerate(blocks) if b.kind in citation_kinds or b.kind == "footnotes"),
        len(blocks),
    )
    return blocks[:at] + (added,) + blocks[at:], tuple(found)


def faq_page(pairs: tuple[QA, ...], page_url: str) -> dict[str, Any]:
    """The schema.org FAQPage of a page's pairs: the same questions and answers it shows,
    each answer reduced to the tags search engines accept there."""
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "url": page_url,
        "mainEntity": [
            {
                "@type": "Question",
                "name": qa.question,
                "acceptedAnswer": {"@type": "Answer", "text": reduce_html(qa.answer_html)},
            }
            for qa in pairs
        ],
    }
