"""What tags cost: time and memory must grow linearly with the tags of a post and with the
posts of a tag (issue 11: a post with 4,000 tags took 80 s and 2.6 GB).

    python bench/tags.py [--sizes 1000 10000] [--skip-builds]

1. Related posts alone (generator/related.py), on taggings of N posts: the bench corpus's
   (3–5 tags of 200), every post on `AI` and `LLM` (plus 2 tags of 2,000), every post on
   2 of 4 tags, and one post with N tags (the others on 3 of them and one tag they all
   share).
2. Clean builds (`aiblog build --no-cache`, a fresh process, search off) of a site with one
   post carrying N tags (and 100 ordinary posts: N tag pages and feeds to write), and of
   N posts that all carry `AI` and `LLM`: wall and CPU seconds, peak memory of the process
   tree.

Linear: the 10× larger size costs about 10× (each tag has its page and feed), not 100×.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import AIBLOG, measure  # noqa: E402

from generator.related import related_posts  # noqa: E402

Tagging = tuple[tuple[int, ...], ...]


def bench_corpus(n: int, rng: random.Random) -> Tagging:
    return tuple(tuple(rng.sample(range(200), rng.randint(3, 5))) for _ in range(n))


def all_on_two(n: int, rng: random.Random) -> Tagging:
    return tuple((0, 1, *rng.sample(range(2, 2002), 2)) for _ in range(n))


def two_of_four(n: int, rng: random.Random) -> Tagging:
    return tuple(tuple(rng.sample(range(4), 2)) for _ in range(n))


def one_post_with_n_tags(n: int, rng: random.Random) -> Tagging:
    shared = n  # the tag every other post carries
    others = (tuple(sorted({rng.randrange(n) for _ in range(3)} | {shared})) for _ in range(n))
    return (tuple(range(n)), *others)


SHAPES: dict[str, Callable[[int, random.Random], Tagging]] = {
    "bench corpus (3-5 of 200 tags)": bench_corpus,
    "every post on AI and LLM": all_on_two,
    "every post on 2 of 4 tags": two_of_four,
    "one post with N tags": one_post_with_n_tags,
}


def members(post_tags: Tagging) -> tuple[tuple[int, ...], ...]:
    found: dict[int, list[int]] = {}
    for index, own in enumerate(post_tags):
        for tag in own:
            found.setdefault(tag, []).append(index)
    return tuple(tuple(found.get(t, ())) for t in range(max(found) + 1))


def related_seconds(post_tags: Tagging) -> float:
    lists = members(post_tags)
    related_posts.cache_clear()
    started = time.perf_counter()
    related_posts(post_tags, lists)
    return time.perf_counter() - started


def write_post(path: Path, title: str, date: str, tags: list[str]) -> None:
    listed = "".join(f"  - {tag}\n" for tag in tags)
    path.write_text(f"---\ntitle: {title}\ndate: {date}\ntags:\n{listed}---\n\n正文。\n")


def site_one_post_with(n: int, root: Path) -> Path:
    posts = root / "content/posts"
    posts.mkdir(parents=True)
    (root / "site.yml").write_text("title: T\nbase_url: https://example.org/\nsearch: false\n")
    write_post(posts / "big.md", "Big", "2026-01-01", [f"tag{i}" for i in range(n)])
    rng = random.Random(1)
    for p in range(100):
        chosen = [f"tag{rng.randrange(n)}" for _ in range(3)]
        write_post(posts / f"p{p}.md", f"P{p}", f"2026-01-{p % 28 + 1:02d}", chosen)
    return root


def site_all_on_two(n: int, root: Path) -> Path:
    posts = root / "content/posts"
    posts.mkdir(parents=True)
    (root / "site.yml").write_text("title: T\nbase_url: https://example.org/\nsearch: false\n")
    rng = random.Random(1)
    for p in range(n):
        tags = ["AI", "LLM", *(f"t{t}" for t in rng.sample(range(200), 2))]
        write_post(posts / f"p{p}.md", f"P{p}", f"20{10 + p % 15}-01-{p % 28 + 1:02d}", tags)
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--skip-builds", action="store_true", help="related posts only")
    args = parser.parse_args()

    print("related posts alone, seconds:")
    print(f"  {'tagging':34}" + "".join(f"{f'N={n:,}':>12}" for n in args.sizes))
    for name, shape in SHAPES.items():
        cells = [related_seconds(shape(n, random.Random(1))) for n in args.sizes]
        print(f"  {name:34}" + "".join(f"{c:12.2f}" for c in cells))
    if args.skip_builds:
        return
    print("clean build: wall s / CPU s / peak MiB:")
    with tempfile.TemporaryDirectory(prefix="aiblog-tags-") as tmp:
        for name, make in (
            ("one post with N tags", site_one_post_with),
            ("N posts on AI and LLM", site_all_on_two),
        ):
            cells = []
            for n in args.sizes:
                site = make(n, Path(tmp) / f"{make.__name__}-{n}")
                sample = measure([*AIBLOG, "--no-cache", str(site)], site)
                cells.append(f"{sample.wall:.1f} / {sample.cpu:.1f} / {sample.peak:.0f}")
            print(f"  {name:24}" + "".join(f"{c:>24}" for c in cells))


if __name__ == "__main__":
    main()
