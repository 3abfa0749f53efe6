"""What a social card costs: ms of CPU per card to draw the cards of the synthetic corpus of
generate.py (its Chinese titles, dates, categories and tags), split into laying the text
out and drawing it, and encoding the PNG; and the size of a card.

    python bench/cards.py --posts 1000

The first cards of a process also render each glyph once (card_draw.py keeps them): the
figure is for a whole build's worth of cards, as a clean build draws them.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

from generator import card_draw, cards  # noqa: E402
from generator.assemble import assemble  # noqa: E402
from generator.config import configure  # noqa: E402
from generator.errors import Diagnostics  # noqa: E402
from generator.options import BuildOptions  # noqa: E402
from generator.sources import discover  # noqa: E402
from generator.speed.engine import Engine  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="aiblog-cards-") as tmp:
        site_dir = generate(Path(tmp) / "site", args.posts)
        diags = Diagnostics()
        options = BuildOptions()
        config = configure(site_dir, options, diags)
        sources = discover(site_dir, diags)
        documents = Engine(options).read(config, sources, diags, None, lambda: None)
        site = assemble(documents, config, datetime.now(UTC), diags)
        made = cards.Cards(site)
        planned = [c for d in site.posts if (c := made.card(d)) is not None]
        found = cards.card_fonts(site)
        if isinstance(found, str):
            raise SystemExit(found)
        colours = cards.colours(site)
        started = time.process_time()
        sizes = [len(card_draw.draw(c.text, colours, found, c.digest)) for c in planned]
        spent = time.process_time() - started
        # The same cards once more: glyphs now rendered, the cost of a card in a warm process.
        started = time.process_time()
        for c in planned:
            card_draw.draw(c.text, colours, found, c.digest)
        warm = time.process_time() - started
    count = len(planned)
    print(f"{count} cards ({found.bold.family})")
    print(f"  cold process: {spent * 1000 / count:.2f} ms CPU per card ({spent:.2f} s)")
    print(f"  warm process: {warm * 1000 / count:.2f} ms CPU per card")
    print(f"  PNG: {sum(sizes) / count / 1024:.1f} KiB per card")


if __name__ == "__main__":
    main()
