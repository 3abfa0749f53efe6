"""Related posts: for each post, the RELATED_COUNT posts that share the most tags with it,
the newest first among equals (posts are indexed newest first: a lower index wins).

The obvious way, counting every post on each of a post's tags, costs the sum of the sizes
of its tags: on an AI blog where most posts carry `AI` and `LLM`, that is quadratic in
the number of posts (40 s at 10,000 posts). Intersecting its tags pairwise is quadratic
in the number of tags of a post (10 s for one post with 10,000 tags). Here a post's tags
are split by size instead:

- A *small* tag (at most FULL_SCAN posts) is read whole, with set operations (which run
  in C): intersected in pairs with the post's other tags when it has a few, each read
  once when it has many. The posts met on two tags are counted exactly; a post met on
  one small tag only shares exactly that one.
- The *large* tags are read together from their newest posts on, in windows of post
  indices that double in size. After a window, a post not read yet is older than every
  post read, and is on at most as many of the post's tags as there are large tags with
  posts left: once the third best shares more (or as many, and is newer), reading stops.
  On a big tag that is usually within the first window.

The result is exactly the obvious count-and-sort: tests/test_related.py compares the two
on random taggings, with limits small enough to take every path.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Container, Iterable, Mapping, Sequence
from functools import lru_cache
from itertools import chain

RELATED_COUNT = 3
FULL_SCAN = 1024  # posts: a tag this small is read whole
FIRST_WINDOW = 64  # post indices read from each large tag in the first window
PAIRWISE_UP_TO = 8  # small tags of a post: intersected in pairs up to this many

Ranked = list[tuple[int, int]]  # (-shared tags, post index): the best first
Members = Sequence[Sequence[int]]  # per tag, its posts by index, in increasing order


@lru_cache(maxsize=4)  # a pure function of its arguments: serve rebuilds reuse it
def related_posts(
    post_tags: tuple[tuple[int, ...], ...],
    members: tuple[tuple[int, ...], ...],
    full_scan: int = FULL_SCAN,
    first_window: int = FIRST_WINDOW,
) -> tuple[tuple[int, ...], ...]:
    """Per post (`post_tags`: the indices of its tags, each once), the indices of its
    related posts. `members`: per tag, its posts by index, in increasing order."""
    sets = [frozenset(m) for m in members]
    return tuple(
        tuple(post for _, post in _rank(index, own, members, sets, full_scan, first_window))
        for index, own in enumerate(post_tags)
    )


def _rank(
    index: int,
    own: tuple[int, ...],
    members: Members,
    sets: list[frozenset[int]],
    full_scan: int,
    first_window: int,
) -> Ranked:
    small = [t for t in own if len(members[t]) <= full_scan]
    large = [t for t in own if len(members[t]) > full_scan]
    counted = _on_small_and_another(small, large, sets)
    counted.discard(index)
    counts = Counter(chain.from_iterable([counted & sets[t] for t in own])) if counted else {}
    # A post on one small tag and on no other shares exactly one.
    ranked = _best(counts, [members[t] for t in small], _Skip(counted, set(), index), [])
    if large:
        ranked = _read_large(index, [members[t] for t in large], counted, ranked, first_window)
    return ranked


def _on_small_and_another(
    small: list[int], large: list[int], sets: list[frozenset[int]]
) -> set[int]:
    """The posts on one of the `small` tags and on at least one other tag of the post."""
    if len(small) <= PAIRWISE_UP_TO:  # a few intersections, each as long as its smaller set
        pairs = [sets[a] & sets[b] for n, a in enumerate(small) for b in (*small[n + 1 :], *large)]
        return set().union(*pairs)
    seen: set[int] = set()  # many tags: each read once
    on_two: set[int] = set()
    for tag in small:
        on_two |= seen & sets[tag]
        seen |= sets[tag]
    for tag in large:
        on_two |= seen & sets[tag]
    return on_two


def _best(
    counts: Mapping[int, int], on_one: Iterable[Sequence[int]], skip: Container[int], ranked: Ranked
) -> Ranked:
    """The RELATED_COUNT best of `ranked`, the posts of `counts` (with the tags they share)
    and the posts of the lists `on_one` (in increasing order) not in `skip`, which share
    one tag (looked at only when they could still rank)."""
    best = sorted(ranked + [(-shared, post) for post, shared in counts.items()])[:RELATED_COUNT]
    if len(best) < RELATED_COUNT or best[-1][0] == -1:
        ones = [(-1, post) for post in _newest(on_one, skip)]
        best = sorted(best + ones)[:RELATED_COUNT]
    return best


def _newest(lists: Iterable[Sequence[int]], skip: Container[int]) -> set[int]:
    """The RELATED_COUNT newest posts of each list not in `skip`."""
    found: set[int] = set()
    for posts in lists:
        taken = 0
        for post in posts:
            if post not in skip:
                found.add(post)
                taken += 1
                if taken == RELATED_COUNT:
                    break
    return found


class _Skip:
    """Membership in either of two sets, or being the post itself (no union is built)."""

    def __init__(self, first: set[int], second: set[int], post: int) -> None:
        self.first, self.second, self.post = first, second, post

    def __contains__(self, item: object) -> bool:
        return item == self.post or item in self.first or item in self.second


def _read_large(
    index: int, lists: list[Sequence[int]], counted: set[int], ranked: Ranked, first_window: int
) -> Ranked:
    """`ranked` completed with the posts of the large tags that are on no small tag (those
    are `counted` already). The large tags are read window by window, in step, so that
    once a window is read the count of each of its posts is complete."""
    starts = [0] * len(lists)
    low, high = 0, first_window  # the window: post indices low ≤ i < high
    while True:
        left = [n for n, posts in enumerate(lists) if starts[n] < len(posts)]
        if not left:
            return ranked
        if len(ranked) == RELATED_COUNT:
            shared, post = -ranked[-1][0], ranked[-1][1]
            # A post not read yet (index ≥ low) is on at most len(left) of the tags.
            if shared > len(left) or (shared == len(left) and post < low):
                return ranked
        window: set[int] = set()
        on_two: set[int] = set()
        parts = []
        for n in left:
            end = bisect_left(lists[n], high, starts[n])
            part = lists[n][starts[n] : end]
            starts[n] = end
            on_two.update(window.intersection(part))
            window.update(part)
            parts.append(part)
        on_two -= counted
        on_two.discard(index)
        counts = Counter(chain.from_iterable([on_two.intersection(p) for p in parts]))
        ranked = _best(counts, parts, _Skip(counted, on_two, index), ranked)
        low, high = high, high * 2
