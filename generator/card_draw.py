"""Drawing one social card: a 1200×630 PNG with the site's name, the title (broken by
linebreak.py, shortened with an ellipsis), a line of details (date, category) and the tags,
in four colours.

Drawing is most of a card's cost, so it is kept small: the text is drawn once as a
coverage mask (each word or CJK character rendered once per process and pasted where it
goes), each band of the card (name, title, details) is given its colour through a palette,
and the PNG is a palette image (a quarter of the bytes of RGB to compress).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, PngImagePlugin

from generator.fonts import CardFonts, Face, font
from generator.linebreak import units, wrap

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
BAR = 14  # the accent bar along the top
NAME_SIZE, DETAILS_SIZE = 32, 28
# Title sizes tried in turn, each with the lines it may take: long titles get smaller type.
TITLE_SIZES = ((68, 3), (56, 4))
LINE_HEIGHT = 1.3
NAME_TOP, TITLE_TOP, DETAILS_TOP, TAGS_TOP = 56, 150, 500, 552
LEVELS = 16  # shades of each colour between the background and it (anti-aliasing)
DIGEST_KEY = "aiblog-card"  # the PNG text chunk holding what the card shows (cards.py)


@dataclass(frozen=True)
class CardText:
    name: str  # the site's name (or, on the home page's card, its address)
    title: str
    details: str  # "2026年02月06日 · 深度解读"
    tags: str  # "#DeepSeek #开源模型"


@dataclass(frozen=True)
class Colours:
    background: str
    text: str
    muted: str
    accent: str


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


@lru_cache(maxsize=4096)
def _unit(face: Face, size: int, unit: str) -> tuple[Image.Image | None, int, int, float]:
    """A word or character drawn once: (its mask, offset from the pen, advance)."""
    drawn = font(face, size)
    left, top, right, bottom = drawn.getbbox(unit)
    advance = drawn.getlength(unit)
    if right <= left or bottom <= top:
        return None, 0, 0, advance
    mask = Image.new("L", (right - left, bottom - top), 0)
    ImageDraw.Draw(mask).text((-left, -top), unit, font=drawn, fill=255)
    return mask, left, top, advance


def _width(face: Face, size: int) -> Callable[[str], float]:
    return lambda unit: _unit(face, size, unit)[3]


def _line(canvas: Image.Image, face: Face, size: int, text: str, x: float, y: int) -> None:
    for unit in units(text):
        mask, left, top, advance = _unit(face, size, unit)
        if mask is not None:
            canvas.paste(255, (round(x) + left, y + top), mask)
        x += advance


def layout_title(fonts: CardFonts, title: str) -> tuple[int, list[str]]:
    """The title's size and lines: the largest size whose lines fit, else the smallest
    one's lines ending with an ellipsis."""
    room = WIDTH - 2 * MARGIN
    for size, max_lines in TITLE_SIZES:
        lines, cut = wrap(title, _width(fonts.bold, size), room, max_lines)
        if not cut:
            return size, lines
    return size, lines


def _one_line(face: Face, size: int, text: str) -> str:
    lines, _ = wrap(text, _width(face, size), WIDTH - 2 * MARGIN, 1)
    return lines[0] if lines else ""


def _palette(colours: Colours) -> list[int]:
    """Index 0: the background; then LEVELS shades towards each of text, muted, accent."""
    background = _rgb(colours.background)
    palette = list(background)
    for colour in (colours.text, colours.muted, colours.accent):
        target = _rgb(colour)
        for level in range(1, LEVELS):
            share = level / (LEVELS - 1)
            palette += [round(b + (t - b) * share) for b, t in zip(background, target, strict=True)]
    return palette


def _shade_table(layer: int) -> list[int]:
    """Coverage 0–255 → the palette index of that much of layer 0 (text), 1 (muted) or 2
    (accent) over the background (index 0)."""
    table = []
    for value in range(256):
        level = round(value * (LEVELS - 1) / 255)
        table.append(0 if level == 0 else 1 + layer * (LEVELS - 1) + level - 1)
    return table


_SHADES = [_shade_table(layer) for layer in range(3)]
# The card's bands (top, bottom, layer): name, title, details and tags.
_BANDS = (
    (0, TITLE_TOP - 20, 2),
    (TITLE_TOP - 20, DETAILS_TOP - 8, 0),
    (DETAILS_TOP - 8, HEIGHT, 1),
)


def draw(text: CardText, colours: Colours, fonts: CardFonts, digest: str) -> bytes:
    """The card as PNG bytes; `digest` (what it shows) is kept in a text chunk."""
    coverage = Image.new("L", (WIDTH, HEIGHT), 0)
    name = _one_line(fonts.regular, NAME_SIZE, text.name)
    _line(coverage, fonts.regular, NAME_SIZE, name, MARGIN, NAME_TOP)
    size, lines = layout_title(fonts, text.title)
    for n, line in enumerate(lines):
        _line(coverage, fonts.bold, size, line, MARGIN, TITLE_TOP + round(n * size * LINE_HEIGHT))
    for top, line in ((DETAILS_TOP, text.details), (TAGS_TOP, text.tags)):
        if line:
            shown = _one_line(fonts.regular, DETAILS_SIZE, line)
            _line(coverage, fonts.regular, DETAILS_SIZE, shown, MARGIN, top)
    # Each band in its colour: the name in the accent, the title in the text colour, the
    # details and tags muted (the bands never overlap: see the *_TOP constants). The
    # indices are laid out in an L image that the palette then turns into a P one.
    card = Image.new("L", (WIDTH, HEIGHT), 0)
    for top, bottom, layer in _BANDS:
        card.paste(coverage.crop((0, top, WIDTH, bottom)).point(_SHADES[layer]), (0, top))
    ImageDraw.Draw(card).rectangle((0, 0, WIDTH - 1, BAR - 1), fill=3 * (LEVELS - 1))
    card.putpalette(_palette(colours))
    info = PngImagePlugin.PngInfo()
    info.add_text(DIGEST_KEY, digest)
    out = io.BytesIO()
    card.save(out, "PNG", pnginfo=info, compress_level=3)
    return out.getvalue()
