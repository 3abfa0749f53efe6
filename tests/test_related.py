"""Related posts: the fast selection equals the obvious count-and-sort, on any tagging."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.assemble import RELATED_COUNT, _related


def brute_force(post_tags: tuple[tuple[int, ...], ...]) -> tuple[tuple[int, ...], ...]:
    result = []
    for index, own in enumerate(post_tags):
        shared = {o: len(set(own) & set(t)) for o, t in enumerate(post_tags) if o != index}
        ranked = sorted((o for o in shared if shared[o]), key=lambda o: (-shared[o], o))
        result.append(tuple(ranked[:RELATED_COUNT]))
    return tuple(result)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.integers(0, 7), max_size=5, unique=True).map(tuple), max_size=30))
def test_related_matches_brute_force(tagging: list[tuple[int, ...]]) -> None:
    post_tags = tuple(tagging)
    members = tuple(tuple(i for i, own in enumerate(post_tags) if t in own) for t in range(8))
    assert _related(post_tags, members) == brute_force(post_tags)
