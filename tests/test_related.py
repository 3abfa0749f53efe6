"""Related posts: the selection (generator/related.py) equals the obvious count-and-sort
on any tagging, with its limits set low enough that every path is taken: small tags read
whole, large ones read window by window, and the stop between windows."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.related import RELATED_COUNT, related_posts


def brute_force(post_tags: tuple[tuple[int, ...], ...]) -> tuple[tuple[int, ...], ...]:
    result = []
    for index, own in enumerate(post_tags):
        shared = {o: len(set(own) & set(t)) for o, t in enumerate(post_tags) if o != index}
        ranked = sorted((o for o in shared if shared[o]), key=lambda o: (-shared[o], o))
        result.append(tuple(ranked[:RELATED_COUNT]))
    return tuple(result)


def members_of(post_tags: tuple[tuple[int, ...], ...], tags: int) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(i for i, own in enumerate(post_tags) if t in own) for t in range(tags))


taggings = st.lists(st.lists(st.integers(0, 7), max_size=5, unique=True).map(tuple), max_size=40)


@pytest.mark.parametrize(
    ("full_scan", "first_window"),
    [
        (1024, 64),  # as built: every tag here is small
        (0, 1),  # every tag large, windows of 1, 2, 4… posts
        (2, 2),  # mixed
        (5, 3),
        (0, 64),  # large tags read in one window
    ],
)
@settings(max_examples=200, deadline=None)
@given(tagging=taggings)
def test_related_matches_brute_force(
    tagging: list[tuple[int, ...]], full_scan: int, first_window: int
) -> None:
    post_tags = tuple(tagging)
    related_posts.cache_clear()
    found = related_posts(post_tags, members_of(post_tags, 8), full_scan, first_window)
    assert found == brute_force(post_tags)


@settings(max_examples=100, deadline=None)
@given(
    common=st.lists(st.integers(0, 2), min_size=1, max_size=3, unique=True),
    tagging=st.lists(st.lists(st.integers(3, 9), max_size=3, unique=True), max_size=60),
)
def test_related_matches_brute_force_when_some_tags_are_on_most_posts(
    common: list[int], tagging: list[list[int]]
) -> None:
    """The shape that made the obvious way quadratic: tags 0–2 on nearly every post."""
    post_tags = tuple(tuple(common + own) if n % 7 else tuple(own) for n, own in enumerate(tagging))
    related_posts.cache_clear()
    found = related_posts(post_tags, members_of(post_tags, 10), 4, 2)
    assert found == brute_force(post_tags)


@pytest.mark.parametrize("full_scan", [1024, 3])
@settings(max_examples=100, deadline=None)
@given(
    tagging=st.lists(st.lists(st.integers(0, 19), max_size=14, unique=True).map(tuple), max_size=30)
)
def test_related_matches_brute_force_with_many_tags_per_post(
    tagging: list[tuple[int, ...]], full_scan: int
) -> None:
    """Posts with more tags than are intersected in pairs (PAIRWISE_UP_TO) read each once."""
    post_tags = tuple(tagging)
    related_posts.cache_clear()
    found = related_posts(post_tags, members_of(post_tags, 20), full_scan, 2)
    assert found == brute_force(post_tags)
