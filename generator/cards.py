"""Social cards: a 1200×630 PNG for each post and page without a cover of its own, and
for the home page (card_draw.py draws them), which `og:image` and `twitter:image` then
point at.

A card is a function of what it shows (title, site name, date, category, tags), its
colours (the theme's light palette, site.yml's `cards.colours` over it) and its fonts
(fonts.py): those make its digest. A card whose title the font cannot draw is not made
(a warning names the characters; the page keeps site.yml's `og_image`).

Drawing costs a millisecond or two a card, so a rebuild draws only cards whose digest
changed: the digest is the output's whole key (outputs/cards.py, `own_key`), so that a
site-wide change that leaves a card as it is does not draw it again.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import PIL

from generator import card_draw, fonts
from generator.card_draw import CardText, Colours
from generator.errors import Diagnostics
from generator.i18n import format_date
from generator.themes import default_theme_dir

if TYPE_CHECKING:
    from generator.config import SiteConfig
    from generator.model import Document, Site

VERSION = 1  # of the drawing: bump when card_draw.py draws differently
# The default theme's light palette, for a theme whose style.css does not define it.
DEFAULT_COLOURS = Colours("#ffffff", "#1f2328", "#57606a", "#1a5fb4")
_CSS_VARIABLES = {"background": "bg", "text": "fg", "muted": "muted", "accent": "accent"}
_ROOT_BLOCK = re.compile(r":root\s*\{([^}]*)\}")


@dataclass(frozen=True)
class Card:
    path: str  # output path: cards/posts/<slug>.png, cards/pages/<slug>.png, cards/home.png
    text: CardText
    digest: str


def enabled(site: Site) -> bool:
    return site.config.cards.enabled


def card_fonts(site: Site) -> fonts.CardFonts | str:
    config = site.config
    return fonts.find(config.cards.font, config.language, config.site_dir)


@lru_cache(maxsize=8)
def _stylesheet_path(site_dir: Path, theme: str) -> Path | None:
    """The style.css the site uses: its theme's, else the default theme's."""
    for folder in (site_dir / "themes" / theme, default_theme_dir()):
        if (folder / "static" / "css" / "style.css").is_file():
            return folder / "static" / "css" / "style.css"
    return None


def _stylesheet(config: SiteConfig) -> tuple[str, int, int] | None:
    """The site's style.css with its size and modification time (an edit changes cards)."""
    path = _stylesheet_path(config.site_dir, config.theme)
    try:
        stat = os.stat(path) if path is not None else None
    except OSError:
        return None
    return (str(path), stat.st_size, stat.st_mtime_ns) if stat is not None else None


@lru_cache(maxsize=8)
def _colours(
    stylesheet: tuple[str, int, int] | None, chosen: tuple[tuple[str, str], ...]
) -> Colours:
    """The theme's light palette: the custom properties of the stylesheet's first `:root
    { … }` block (`--bg`, `--fg`, `--muted`, `--accent`), site.yml's `cards.colours` over it."""
    found = dict(DEFAULT_COLOURS.__dict__)
    if stylesheet is not None:
        css = Path(stylesheet[0]).read_text(encoding="utf-8", errors="replace")
        if block := _ROOT_BLOCK.search(css):
            declared = dict(re.findall(r"--([\w-]+)\s*:\s*(#[0-9a-fA-F]{3,6})\b", block.group(1)))
            found.update({k: declared[v] for k, v in _CSS_VARIABLES.items() if v in declared})
    found.update(dict(chosen))
    return Colours(**found)


def colours(site: Site) -> Colours:
    return _colours(_stylesheet(site.config), site.config.cards.colours)


def card_path(doc: Document | None) -> str:
    if doc is None:
        return "cards/home.png"
    prefix = f"{doc.meta.url_lang}/" if doc.meta.url_lang else ""
    return f"cards/{prefix}{doc.kind}s/{doc.meta.slug}.png"


def _text(config: SiteConfig, doc: Document | None) -> CardText:
    if doc is None:  # the home page: the site's address over its title and description
        address = config.base_url.split("://", 1)[-1].rstrip("/")
        return CardText(address, config.title, config.description, "")
    details, tags = "", ""
    if doc.kind == "post" and doc.meta.date is not None:
        shown = [format_date(doc.meta.date, doc.meta.lang)]
        shown += [" / ".join(doc.meta.categories[0])] if doc.meta.categories else []
        details = " · ".join(shown)
        tags = " ".join(f"#{tag}" for tag in doc.meta.tags)
    return CardText(config.title, doc.meta.title, details, tags)


def _problem(text: CardText, found: fonts.CardFonts) -> tuple[str, ...]:
    """The characters of `text` its fonts cannot draw (the title's face, then the other)."""
    missing = fonts.missing(found.bold, text.title)
    other = fonts.missing(found.regular, " ".join((text.name, text.details, text.tags)))
    return tuple(dict.fromkeys((*missing, *other)))


class Cards:
    """The cards of one site: what they all share (fonts, colours) is found once, and each
    document's card once (a build asks for it three times: its plan, its page's og:image,
    its drawing; a serve rebuild plans every card of the site again)."""

    def __init__(self, site: Site) -> None:
        # Not the site itself: the site keeps its Cards (Site.cards), and a cycle would
        # keep each old site of `aiblog serve` alive until a full garbage collection.
        self.config = site.config
        # None: cards are off; text: why there are no fonts (a warning, see `report`).
        self.fonts = card_fonts(site) if enabled(site) else None
        self.colours = DEFAULT_COLOURS
        self._shared = ""  # what every card is drawn with, as text for their digests
        if isinstance(self.fonts, fonts.CardFonts):
            self.colours = colours(site)
            found = self.fonts
            self._shared = repr((VERSION, PIL.__version__, self.colours, found.bold, found.regular))
        self._made: dict[str | None, Card | None] = {}  # by source path; None: the home page
        # The characters each document's fonts cannot draw (it then has no card).
        self.missing: dict[str | None, tuple[str, ...]] = {}

    def card(self, doc: Document | None) -> Card | None:
        """The card of a document (None: the home page), or None when it has none: cards
        are off, it has a cover, there is no font, or the font cannot draw its text."""
        key = None if doc is None else doc.source
        if key not in self._made:
            self._made[key] = self._card(key, doc)
        return self._made[key]

    def _card(self, key: str | None, doc: Document | None) -> Card | None:
        if not isinstance(self.fonts, fonts.CardFonts):
            return None
        if doc is not None and doc.meta.cover is not None:
            return None
        text = _text(self.config, doc)
        if missing := _problem(text, self.fonts):
            self.missing[key] = missing
            return None
        digest = hashlib.blake2b(f"{self._shared}{text!r}".encode(), digest_size=16)
        return Card(card_path(doc), text, digest.hexdigest())

    def draw(self, card: Card) -> bytes:
        assert isinstance(self.fonts, fonts.CardFonts)  # a card is only made with fonts
        return card_draw.draw(card.text, self.colours, self.fonts, card.digest)


def image_fields(site: Site, doc: Document | None, url: str = "") -> dict[str, Any]:
    """The `og_image…` keys of a view, pointing at the card when there is one: og_image,
    og_image_width, og_image_height, og_image_alt, own_image."""
    card = site.cards.card(doc)
    if card is None:
        return {"og_image_width": 0, "og_image_height": 0, "og_image_alt": ""}
    return {
        "og_image": site.urls.absolute(site.urls.file(card.path)),
        "og_image_width": card_draw.WIDTH,
        "og_image_height": card_draw.HEIGHT,
        "og_image_alt": card.text.title,
        "own_image": True,  # the page's own image: shown large (twitter:card)
    }


def home_fields(site: Site) -> dict[str, Any]:
    """`site.card` of every template: the home page's card (og_image "" when none)."""
    return {"og_image": "", "own_image": False, **image_fields(site, None)}


def report(site: Site, diags: Diagnostics) -> None:
    """Warnings: no font for cards, a named font not installed, a title that cannot be
    drawn (naming its characters)."""
    made = site.cards
    if made.fonts is None:  # cards are off
        return
    if isinstance(made.fonts, str):
        diags.warning("site.yml", None, f"no social cards: {made.fonts}")
        return
    if made.fonts.note:
        diags.warning("site.yml", None, made.fonts.note)
    for doc in (None, *site.posts, *site.pages, *site.translations):
        made.card(doc)  # planned already: its card, or what it lacks, is known
        missing = made.missing.get(None if doc is None else doc.source)
        if not missing:
            continue
        shown = " ".join(f"“{c}” (U+{ord(c):04X})" for c in missing)
        where = "site.yml" if doc is None else doc.source
        at = None if doc is None else doc.meta.key_lines.get("title")
        diags.warning(
            where,
            at,
            f"no social card: its font ({made.fonts.bold.family}) cannot draw {shown}; "
            "name a font that can in site.yml (`cards.font`)",
        )
