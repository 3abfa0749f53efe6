"""Social cards: a 1200×630 PNG per post and page without a cover, and one for the home
page (drawing in card_draw.py, what a card shows in cards.py). A card's key is the digest
of everything it shows: a site-wide change that leaves its title, date, tags, colours
and fonts alone does not draw it again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from generator import cards
from generator.errors import Diagnostics
from generator.model import Document, Site
from generator.outputs.kind import OutputKind
from generator.plan import Output

if TYPE_CHECKING:
    from generator.render import Renderer


def _documents(site: Site) -> Iterator[tuple[tuple[str, int], Document | None]]:
    yield ("home", 0), None
    for which, docs in (
        ("post", site.posts),
        ("page", site.pages),
        ("translation", site.translations),
    ):
        for i, doc in enumerate(docs):
            yield (which, i), doc


def plan(site: Site, theme_dirs: list[Path], diags: Diagnostics) -> Iterator[Output]:
    if not cards.enabled(site):
        return
    for args, doc in _documents(site):
        card = site.cards.card(doc)
        if card is not None:
            origin = doc.source if doc is not None else "site.yml"
            yield Output(card.path, "card", args, extra=card.digest, origin=origin, own_key=True)


def render(output: Output, r: Renderer) -> bytes:
    which, i = output.args
    site = r.site
    doc = (
        None
        if which == "home"
        else {"post": site.posts, "page": site.pages, "translation": site.translations}[which][i]
    )
    card = site.cards.card(doc)
    assert card is not None, "planned, so it can be drawn"
    return site.cards.draw(card)


# Together: a worker renders each glyph once (card_draw.py), and most glyphs recur across
# titles: two workers drawing half the cards each render most glyphs twice.
KIND = OutputKind("card", plan, render, reserves=("cards",), together=True)
