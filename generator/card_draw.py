"""Drawing one social card: a 1200×630 PNG with the site's name, the title (broken by
linebreak.py, shortened with an ellipsis), a line of details (date, category) and the tags,
in four colours.

A clean build draws a card per post, so drawing is kept cheap. The card is a palette image
drawn straight as palette indices: index 0 is the background, and each colour has
LEVELS - 1 shades over it (its anti-aliasing), so a glyph's coverage mask, mapped once to
its colour's indices, is pasted as it is. Each word or CJK character is rendered once per
process and size. The PNG is written by png.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from generator.fonts import CardFonts, Face, font
from generator.linebreak import units, wrap
from generator.png import palette_png

if TYPE_CHECKING:  # Pillow is imported when a card is drawn: a build that draws none skips it
    from PIL import Image

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


@lru_cache(maxsize=8)
def _palette(colours: Colours) -> bytes:
    """Index 0: the background; then LEVELS - 1 shades towards each of text, muted, accent."""
    background = _rgb(colours.background)
    palette = list(background)
    for colour in (colours.text, colours.muted, colours.accent):
        target = _rgb(colour)
        for level in range(1, LEVELS):
            share = level / (LEVELS - 1)
            palette += [round(b + (t - b) * share) for b, t in zip(background, target, strict=True)]
    return bytes(palette)


def _shade_table(layer: int) -> bytes:
    """Coverage 0–255 → the palette index of that much of a layer's colour over the
    background (index 0)."""
    table = []
    for value in range(256):
        level = round(value * (LEVELS - 1) / 255)
        table.append(0 if level == 0 else 1 + layer * (LEVELS - 1) + level - 1)
    return bytes(table)


_SHADES = [_shade_table(layer) for layer in range(3)]  # for bytes.translate
_INKED = bytes([0] + [255] * 255)  # palette index → inked (any shade) or not


Rows = tuple[int, int]  # a range of the card's rows: first, end (excluded)
TEXT, MUTED, ACCENT = 0, 1, 2  # the layers: a colour each, LEVELS - 1 shades over the background


class _Type:
    """One face at one size, with each word or character it has drawn (once per process):
    its width, and its palette indices and inked pixels in each layer's colour."""

    def __init__(self, face: Face, size: int) -> None:
        self.font = font(face, size)
        self._widths: dict[str, float] = {}
        self._inked: dict[tuple[str, int], tuple[Image.Image, Image.Image, int, int] | None] = {}

    def width(self, unit: str) -> float:
        if unit not in self._widths:
            self._widths[unit] = self.font.getlength(unit)
        return self._widths[unit]

    def inked(self, unit: str, layer: int) -> tuple[Image.Image, Image.Image, int, int] | None:
        """(palette indices, mask of the inked pixels, offset from the pen) of `unit`."""
        key = (unit, layer)
        if key not in self._inked:
            left, top, right, bottom = self.font.getbbox(unit)
            if right <= left or bottom <= top:
                self._inked[key] = None
            else:
                from PIL import Image, ImageDraw

                size = (right - left, bottom - top)
                coverage = Image.new("L", size, 0)
                ImageDraw.Draw(coverage).text((-left, -top), unit, font=self.font, fill=255)
                # bytes.translate: `Image.point` rounds its 256 table entries on each call.
                shades = coverage.tobytes().translate(_SHADES[layer])
                inked = shades.translate(_INKED)
                self._inked[key] = (
                    Image.frombytes("L", size, shades),
                    Image.frombytes("L", size, inked),
                    left,
                    top,
                )
        return self._inked[key]


@lru_cache(maxsize=16)
def _type(face: Face, size: int) -> _Type:
    return _Type(face, size)


def _line(card: Image.Image, kind: _Type, text: str, x: float, y: int, layer: int) -> Rows:
    """`text` on the card at (x, y) (its top), pasted unit by unit; the rows it drew on.
    The card's column 0 is the PNG filter byte of each row: everything is drawn one pixel
    to the right. A unit's box is pasted whole (its background pixels too) unless it
    overlaps the unit before it (lines and bands never overlap): pasting through a mask
    costs three times as much. Pasted on Pillow's core image: the boxes are known to lie
    on the card, and `Image.paste`'s checks cost more than the paste (40 a card)."""
    core = card.im
    inked_to = 0  # the right edge of what this line has drawn so far
    top_row, bottom_row = HEIGHT, 0
    for unit in units(text):
        inked = kind.inked(unit, layer)
        if inked is not None:
            indices, mask, left, top = inked
            x0, y0 = 1 + round(x) + left, y + top
            x1, y1 = x0 + indices.width, y0 + indices.height
            if x0 >= 1 and y0 >= 0 and x1 <= WIDTH + 1 and y1 <= HEIGHT:
                if x0 < inked_to:
                    core.paste(indices.im, (x0, y0, x1, y1), mask.im)
                else:
                    core.paste(indices.im, (x0, y0, x1, y1))
            else:  # partly off the card: Pillow clips it
                card.paste(indices, (x0, y0), mask if x0 < inked_to else None)
            inked_to = x1
            top_row, bottom_row = min(top_row, y0), max(bottom_row, y1)
        x += kind.width(unit)
    return max(0, top_row), min(HEIGHT, bottom_row)


def layout_title(fonts: CardFonts, title: str) -> tuple[int, list[str]]:
    """The title's size and lines: the largest size whose lines fit, else the smallest
    one's lines ending with an ellipsis."""
    room = WIDTH - 2 * MARGIN
    for size, max_lines in TITLE_SIZES:
        lines, cut = wrap(title, _type(fonts.bold, size).width, room, max_lines)
        if not cut:
            return size, lines
    return size, lines


def _one_line(kind: _Type, text: str) -> str:
    lines, _ = wrap(text, kind.width, WIDTH - 2 * MARGIN, 1)
    return lines[0] if lines else ""


@lru_cache(maxsize=1)
def _board() -> Image.Image:
    """The image cards are drawn on, one per process, cleared for each card: a fresh one
    costs more in page faults (756 KB touched anew) than drawing the card does."""
    from PIL import Image

    return Image.new("L", (WIDTH + 1, HEIGHT), 0)  # + the filter byte of each row


def draw(text: CardText, colours: Colours, fonts: CardFonts, digest: str) -> bytes:
    """The card as PNG bytes; `digest` (what it shows) is kept in a text chunk."""
    card = _board()
    card.paste(0, (0, 0, WIDTH + 1, HEIGHT))
    card.paste(_SHADES[ACCENT][255], (1, 0, WIDTH + 1, BAR))
    drawn: list[Rows] = [(0, BAR)]
    name, details = _type(fonts.regular, NAME_SIZE), _type(fonts.regular, DETAILS_SIZE)
    drawn.append(_line(card, name, _one_line(name, text.name), MARGIN, NAME_TOP, ACCENT))
    size, lines = layout_title(fonts, text.title)
    title = _type(fonts.bold, size)
    for n, line in enumerate(lines):
        top = TITLE_TOP + round(n * size * LINE_HEIGHT)
        drawn.append(_line(card, title, line, MARGIN, top, TEXT))
    for top, line in ((DETAILS_TOP, text.details), (TAGS_TOP, text.tags)):
        if line:
            drawn.append(_line(card, details, _one_line(details, line), MARGIN, top, MUTED))
    bands = [
        (first, card.crop((0, first, WIDTH + 1, end)).tobytes()) for first, end in _apart(drawn)
    ]
    return palette_png(WIDTH, HEIGHT, bands, _palette(colours), {DIGEST_KEY: digest})


def _apart(rows: list[Rows]) -> list[Rows]:
    """Row ranges in order, overlapping or touching ones joined, empty ones left out."""
    joined: list[Rows] = []
    for first, end in sorted(r for r in rows if r[0] < r[1]):
        if joined and first <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((first, end))
    return joined
