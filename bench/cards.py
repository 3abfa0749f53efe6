"""What a social card costs: ms of CPU per card to draw the cards of the synthetic corpus of
generate.py (its Chinese titles, dates, categories and tags), split into laying the text
out and drawing it, and encoding the PNG; and the size of a card.

    python bench/cards.py --posts 1000 [--builds 3]

The first cards of a process also render each glyph once (card_draw.py keeps them): the
figure is for a whole build's worth of cards, as a clean build draws them.

With --builds N, what cards add to a clean build (`aiblog build`, a fresh process into a
missing output dir, median of N): with the search index (site.yml's default) and without
it (the strictest reading: cards against the rest of the build).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402
from run import AIBLOG, measure, set_aside  # noqa: E402

from generator import card_draw, cards  # noqa: E402
from generator.assemble import assemble  # noqa: E402
from generator.config import configure  # noqa: E402
from generator.errors import Diagnostics  # noqa: E402
from generator.options import BuildOptions  # noqa: E402
from generator.sources import discover  # noqa: E402
from generator.speed.diskcache import CACHE_DIR  # noqa: E402
from generator.speed.engine import Engine  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--builds", type=int, default=0, help="clean builds per variant")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="aiblog-cards-") as tmp:
        site_dir = generate(Path(tmp) / "site", args.posts)
        if args.builds:
            clean_builds(site_dir, Path(tmp), args.builds)
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


def clean_builds(site_dir: Path, scratch: Path, runs: int) -> None:
    """What cards add to a clean build, with the search index and without."""
    config = (site_dir / "site.yml").read_text(encoding="utf-8")
    for search in ("true", "false"):
        medians = {}
        for cards_on in ("true", "false"):
            (site_dir / "site.yml").write_text(
                f"{config}search: {search}\ncards: {cards_on}\n", encoding="utf-8"
            )
            walls = []
            for _ in range(runs):  # as run.py times a clean build
                for path in (scratch / "out", scratch / CACHE_DIR):
                    set_aside(path, scratch / "trash")
                command = [*AIBLOG, str(site_dir), "--output", str(scratch / "out")]
                walls.append(measure(command, site_dir).wall)
            medians[cards_on] = statistics.median(walls)
        growth = medians["true"] / medians["false"] - 1
        print(
            f"clean build, search {'on ' if search == 'true' else 'off'}: "
            f"{medians['false']:.2f} s without cards, {medians['true']:.2f} s with "
            f"({growth:+.1%}, median of {runs})"
        )
    (site_dir / "site.yml").write_text(config, encoding="utf-8")


if __name__ == "__main__":
    main()
