"""The section kinds of an AI-commentary post, in one place.

Each kind says which headings name it, how it is labelled in each language, which theme
component shows it, what `aiblog new` writes for it and what it gives structured data.
site.yml's `sections` defaults, the UI labels (`i18n`), the skeleton of a new post
(`scaffold`) and the templates (the `section_components` Jinja global) all read it.

To add a kind: add a `SectionKind` to `KINDS` and its template under
`themes/default/templates/components/`. Order matters: a heading is classified by the
first kind that names it, and a new post's skeleton lists the kinds in this order.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

# What a kind gives schema.org data (see faq.py, views.blog_posting, Document):
DESCRIPTION = "description"  # its text: the post's description when frontmatter has none
FAQ = "faq"  # its question/answer pairs: a FAQPage
CITATION = "citation"  # its items: BlogPosting `citation`


@dataclass(frozen=True)
class SectionKind:
    name: str
    headings: tuple[str, ...]  # default heading names; `*点评` matches by suffix
    labels: dict[str, str]  # per language family ("zh", "en"): the label when unnamed
    component: str  # the theme template that shows it
    skeleton: dict[str, str]  # per language family: what `aiblog new` writes
    json_ld: str = ""  # DESCRIPTION, FAQ, CITATION or nothing
    # Also written as a paragraph starting `label:` (`一句话总结：…`, `TL;DR: …`).
    paragraph_labels: tuple[str, ...] = ()
    # Shown under the title when it opens the post (only a lead without headings before).
    opens_post: bool = False


KINDS: tuple[SectionKind, ...] = (
    SectionKind(
        name="summary",
        headings=("一句话总结", "TL;DR", "Summary", "摘要"),
        labels={"zh": "一句话总结", "en": "Summary"},
        component="components/summary.html",
        skeleton={
            "zh": "一句话总结：用一句话说清这篇文章的结论。\n",
            "en": "TL;DR: the whole post in one sentence.\n",
        },
        json_ld=DESCRIPTION,
        paragraph_labels=("一句话总结", "TL;DR"),
        opens_post=True,
    ),
    SectionKind(
        name="takeaways",
        headings=("要点回顾", "要点", "核心要点", "Key Takeaways", "Key Points"),
        labels={"zh": "要点回顾", "en": "Key Takeaways"},
        component="components/takeaways.html",
        skeleton={
            "zh": "## 要点回顾\n\n- 第一点\n- 第二点\n",
            "en": "## Key Takeaways\n\n- First point\n- Second point\n",
        },
    ),
    SectionKind(
        name="faq",
        headings=("常见问题", "常见问答", "FAQ", "Frequently Asked Questions", "Q&A", "问答"),
        labels={"zh": "常见问题", "en": "FAQ"},
        component="components/faq.html",
        skeleton={
            "zh": "## 常见问题\n\nQ: 读者最可能问的问题？\n\nA: 你的回答。\n",
            "en": "## FAQ\n\nQ: The question readers will ask?\n\nA: Your answer.\n",
        },
        json_ld=FAQ,
    ),
    SectionKind(
        name="commentary",
        headings=("*点评", "*评论", "Commentary", "Our Take", "Editor's Note"),
        labels={"zh": "点评", "en": "Commentary"},
        component="components/commentary.html",
        skeleton={"zh": "## 点评\n\n你自己的看法。\n", "en": "## Commentary\n\nYour own take.\n"},
    ),
    SectionKind(
        name="sources",
        headings=("参考来源", "参考资料", "来源", "Sources", "References"),
        labels={"zh": "参考来源", "en": "Sources"},
        component="components/sources.html",
        skeleton={
            "zh": "## 参考来源\n\n- [来源名称](https://example.com/)\n",
            "en": "## Sources\n\n- [Source name](https://example.com/)\n",
        },
        json_ld=CITATION,
    ),
)

# Blocks of a post that are not section kinds but have a component of their own.
OTHER_COMPONENTS = {"footnotes": "components/footnotes.html", "toc": "components/toc.html"}

BY_NAME = {kind.name: kind for kind in KINDS}


def default_headings() -> dict[str, tuple[str, ...]]:
    """site.yml's `sections` when it says nothing: kind → heading names, in order."""
    return {kind.name: kind.headings for kind in KINDS}


def labels(family: str) -> dict[str, str]:
    """kind → its label in a language family (English when the kind has none for it)."""
    return {kind.name: kind.labels.get(family, kind.labels["en"]) for kind in KINDS}


def components() -> dict[str, str]:
    """Block kind → the template that shows it (plain body has none: its HTML as is)."""
    return {**{kind.name: kind.component for kind in KINDS}, **OTHER_COMPONENTS}


@lru_cache(maxsize=8)
def with_role(role: str) -> frozenset[str]:
    """The kinds whose content gives structured data `role`."""
    return frozenset(kind.name for kind in KINDS if kind.json_ld == role)


def skeleton(family: str, body: str) -> str:
    """A new post's Markdown: the kinds that open a post, then `body`, then the others."""
    first = [k.skeleton.get(family, k.skeleton["en"]) for k in KINDS if k.opens_post]
    rest = [k.skeleton.get(family, k.skeleton["en"]) for k in KINDS if not k.opens_post]
    return "\n".join([*first, body, *rest])
