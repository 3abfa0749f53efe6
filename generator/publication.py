"""What a build publishes: drafts only with --drafts, posts dated in the future only with
--future, posts past Hugo's `expiryDate` never."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.model import Document


@dataclass(frozen=True)
class Visibility:
    """What a build shows besides published posts (the command line's switches)."""

    drafts: bool = False
    future: bool = False


def is_published(doc: Document, shown: Visibility, now: datetime) -> bool:
    meta = doc.meta
    if meta.draft and not shown.drafts:
        return False
    if meta.expires is not None and meta.expires <= now:
        return False
    if doc.kind == "page":
        return True
    if meta.date is None:  # a draft without a date (a warning when it was read)
        return False
    return shown.future or meta.date <= now


def next_change(documents: Iterable[Document], now: datetime, future: bool) -> datetime | None:
    """When the clock next changes what is published: a post falls due or one expires."""
    moments = [
        when
        for d in documents
        for when in (None if future or d.kind != "post" else d.meta.date, d.meta.expires)
        if when is not None and when > now
    ]
    return min(moments, default=None)
