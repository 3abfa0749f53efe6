"""A palette PNG written by hand, for social cards: a card is mostly background, and
deflating its 756 KB of pixels with the standard zlib cost more than drawing it. ISA-L's
deflate (the `isal` package) does the same in an eighth of the time.

Only the bands of rows a card drew on are deflated for each card. The rows between them are
background, the same on every card: each run of them is deflated once per process and its
bytes spliced in. Each piece is a raw deflate stream ended by a sync flush (byte-aligned,
referring to nothing before it), so pieces join into one stream, as pigz joins its blocks;
the zlib checksum of the whole is combined from the pieces' checksums."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from functools import lru_cache

from isal import isal_zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"
_ZLIB_HEADER = b"\x78\x01"  # deflate, 32 KiB window, fastest
_LAST_BLOCK = b"\x03\x00"  # an empty final block (fixed codes): ends the deflate stream
_ADLER_BASE = 65521


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _deflated(data: bytes) -> bytes:
    """`data` as a raw deflate piece that later pieces may follow."""
    squeezer = isal_zlib.compressobj(1, isal_zlib.DEFLATED, -15)
    return squeezer.compress(data) + squeezer.flush(isal_zlib.Z_SYNC_FLUSH)


def adler32_combine(first: int, second: int, second_length: int) -> int:
    """The Adler-32 of A + B from those of A and B (zlib's adler32_combine)."""
    rem = second_length % _ADLER_BASE
    sum1 = first & 0xFFFF
    sum2 = (rem * sum1) % _ADLER_BASE
    sum1 = (sum1 + (second & 0xFFFF) + _ADLER_BASE - 1) % _ADLER_BASE
    sum2 = (sum2 + (first >> 16) + (second >> 16) + _ADLER_BASE - rem) % _ADLER_BASE
    return sum1 | (sum2 << 16)


@lru_cache(maxsize=256)
def _blank(width: int, rows: int) -> tuple[bytes, int, int]:
    """`rows` background rows (filter byte 0, then index 0): deflated, checksum, length."""
    data = bytes((width + 1) * rows)
    return _deflated(data), isal_zlib.adler32(data), len(data)


def palette_png(
    width: int,
    height: int,
    bands: Sequence[tuple[int, bytes]],
    palette: bytes,
    text: dict[str, str],
) -> bytes:
    """A PNG of 8-bit palette indices. `bands`: (first row, scanlines) in order, apart, each
    scanline a filter byte (0: none) and `width` indices as PNG stores them; every other row
    is index 0. `palette`: RGB triples; `text`: tEXt chunks (Latin-1 keys and values)."""
    pieces: list[bytes] = [_ZLIB_HEADER]
    checksum, row = 1, 0  # the Adler-32 of nothing
    stride = width + 1

    def add(piece: bytes, adler: int, length: int) -> None:
        nonlocal checksum
        pieces.append(piece)
        checksum = adler32_combine(checksum, adler, length)

    for first, scanlines in bands:
        rows, extra = divmod(len(scanlines), stride)
        assert first >= row and not extra and first + rows <= height, "bands apart, in order"
        if first > row:
            add(*_blank(width, first - row))
        add(_deflated(scanlines), isal_zlib.adler32(scanlines), len(scanlines))
        row = first + rows
    if row < height:
        add(*_blank(width, height - row))
    pieces += [_LAST_BLOCK, struct.pack(">I", checksum)]
    header = struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)  # 8-bit, palette
    chunks = [_chunk(b"IHDR", header), _chunk(b"PLTE", palette)]
    chunks += [_chunk(b"tEXt", f"{k}\0{v}".encode("latin-1")) for k, v in text.items()]
    chunks += [_chunk(b"IDAT", b"".join(pieces)), _chunk(b"IEND", b"")]
    return SIGNATURE + b"".join(chunks)
