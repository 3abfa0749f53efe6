"""The fonts social cards are drawn with, and what they can draw.

A font is site.yml's `cards.font` (a font file, relative to the site, or a family name)
or, without one, the sans-serif font fontconfig picks for the site's language (`fc-match
'sans-serif:lang=zh-cn'`: Noto Sans CJK SC where fonts-noto-cjk is installed). A card's
title is bold when the family has a bold face.

Coverage, the characters a face has a glyph for, comes from fontconfig (`fc-query`'s
charset); where fontconfig is missing, from drawing: a character whose glyph is the
font's "missing glyph" box is not covered. Either way it is known before anything is
drawn, so that a card never shows boxes (tofu).
"""

from __future__ import annotations

import bisect
import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Pillow is imported when a card is drawn: a build that draws none skips it
    from PIL import ImageFont

FONT_FILE_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
# A character no font has a glyph for (a noncharacter): what the font draws for it is its
# "missing glyph".
_NO_GLYPH = "\U0010fffe"


@dataclass(frozen=True)
class Face:
    path: str
    index: int  # the face in a collection (.ttc)
    family: str
    stamp: tuple[int, int]  # size and modification time of the file: part of card keys


@dataclass(frozen=True)
class CardFonts:
    bold: Face
    regular: Face
    note: str = ""  # a substitution worth a warning (a named family that is not installed)


def _stamp(path: str) -> tuple[int, int]:
    stat = os.stat(path)
    return (stat.st_size, stat.st_mtime_ns)


def _fc_match(pattern: str) -> Face | None:
    found = shutil.which("fc-match")
    if found is None:
        return None
    result = subprocess.run(
        [found, "-f", "%{file}\n%{index}\n%{family[0]}\n", pattern],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    lines = result.stdout.split("\n")
    if result.returncode != 0 or len(lines) < 3 or not lines[0] or not os.path.isfile(lines[0]):
        return None
    return Face(lines[0], int(lines[1] or 0), lines[2], _stamp(lines[0]))


@lru_cache(maxsize=16)
def find(setting: str, language: str, site_dir: Path) -> CardFonts | str:
    """The card fonts for site.yml's `cards.font` (or none) and the site's language; a
    message saying why there are none."""
    if setting.lower().endswith(FONT_FILE_SUFFIXES) or "/" in setting:
        path = (site_dir / setting).resolve()
        if not path.is_file():
            return f"`cards.font`: no font file {setting}"
        face = Face(str(path), 0, path.stem, _stamp(str(path)))
        try:
            font(face, 32)  # (kept: cards are drawn with it)
        except OSError as exc:  # not a font FreeType can read
            return f"`cards.font`: {setting} is not a font file FreeType can read ({exc})"
        return CardFonts(face, face)
    lang = language.lower()
    family = setting or "sans-serif"
    bold = _fc_match(f"{family}:lang={lang}:weight=bold")
    regular = _fc_match(f"{family}:lang={lang}")
    if bold is None or regular is None:
        return (
            "fontconfig (fc-match) is not installed or found no font: install fontconfig and "
            "a font for the site's language (Debian: fonts-noto-cjk), or name a font file "
            "in site.yml (`cards.font`), or turn cards off (`cards: false`)"
        )
    note = ""
    if setting and setting.casefold() not in (bold.family.casefold(), regular.family.casefold()):
        note = f"`cards.font`: no font “{setting}” is installed; fontconfig chose {bold.family}"
    return CardFonts(bold, regular, note)


@lru_cache(maxsize=32)
def font(face: Face, size: int) -> ImageFont.FreeTypeFont:
    # Basic layout: a card's lines are placed unit by unit (see card_draw.py), and it does
    # not depend on libraqm being there.
    from PIL import ImageFont

    return ImageFont.truetype(
        face.path, size, index=face.index, layout_engine=ImageFont.Layout.BASIC
    )


@lru_cache(maxsize=16)
def _charset(face: Face) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
    """The face's characters as sorted range starts and ends, from fontconfig."""
    found = shutil.which("fc-query")
    if found is None:
        return None
    result = subprocess.run(
        [found, "-i", str(face.index), "-f", "%{charset}", face.path],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    if result.returncode != 0 or not result.stdout.strip():
        return None
    starts, ends = [], []
    for part in result.stdout.split():
        low, _, high = part.partition("-")
        starts.append(int(low, 16))
        ends.append(int(high or low, 16))
    return tuple(starts), tuple(ends)


def _has_glyph_by_charset(ranges: tuple[tuple[int, ...], tuple[int, ...]], char: str) -> bool:
    starts, ends = ranges
    at = bisect.bisect_right(starts, ord(char)) - 1
    return at >= 0 and ord(char) <= ends[at]


def _has_glyph_by_drawing(face: Face, char: str) -> bool:
    sample = font(face, 32)
    missing = sample.getmask(_NO_GLYPH)
    drawn = sample.getmask(char)
    return drawn.size != missing.size or bytes(drawn) != bytes(missing)


class _Coverage:
    """What one face is known to draw, growing as texts are checked: most characters of a
    site's titles recur, and a set difference finds the new ones at C speed."""

    def __init__(self, face: Face) -> None:
        self.face = face
        self.ranges = _charset(face)
        self.drawn: set[str] = set()
        self.not_drawn: set[str] = set()

    def missing(self, text: str) -> tuple[str, ...]:
        new = set(text) - self.drawn
        if not new:
            return ()
        for char in new - self.not_drawn:
            if char.isspace() or not char.isprintable():
                has = True  # not drawn as a glyph: never missing
            elif self.ranges is not None:
                has = _has_glyph_by_charset(self.ranges, char)
            else:
                has = _has_glyph_by_drawing(self.face, char)
            (self.drawn if has else self.not_drawn).add(char)
        return tuple(char for char in dict.fromkeys(text) if char in self.not_drawn)


@lru_cache(maxsize=16)
def _coverage(face: Face) -> _Coverage:
    return _Coverage(face)


@lru_cache(maxsize=65536)  # `aiblog serve` checks every title again on each rebuild
def missing(face: Face, text: str) -> tuple[str, ...]:
    """The characters of `text` (spaces aside) that `face` has no glyph for, in order."""
    return _coverage(face).missing(text)
