"""The key of every output: same key, same bytes. A rebuild renders only outputs whose key
changed (write.py keeps or links the others from earlier trees).

An output's bytes are a function of its kind and arguments, the site-wide salt (theme,
config, every tag's name, the build's year, aiblog's version) and what it shows, as its
`Output` says (plan.py): posts in full (their document's fingerprint: its source bytes,
the URLs it links to, its images), posts as cards (a hash of the card view itself, so
that a field added to the card invalidates every list that shows it), and `extra`. A
copied file's key is its content; planned bytes are their own key.

A view that reads another post (a neighbour, a translation) must say so in the output's
`cards` or `extra`, or in the document's fingerprint (translations.pair does).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import Any

from generator import __version__
from generator.model import Site
from generator.plan import Output
from generator.views import Views

FileHashes = dict[tuple[str, int, int], bytes]  # (path, size, mtime) → content hash
# A card's hash by what makes its view: (source path, document fingerprint, salt, marked
# as scheduled) → hash. Kept by `aiblog serve` from one build to the next.
CardHashes = dict[tuple[str, str, bytes, bool], bytes]


class OutputKeys:
    def __init__(
        self,
        site: Site,
        views: Views,
        theme_fingerprint: str,
        hashes: FileHashes,
        card_hashes: CardHashes | None = None,
    ):
        self.site, self.views, self.hashes = site, views, hashes
        self.card_hashes = card_hashes
        self.theme_fingerprint = theme_fingerprint
        # The salt holds every tag's name: hashing it afresh for each of 14,000 outputs cost
        # more than the rest; a digest fed it once is copied for each output instead.
        self.salted = hashlib.blake2b(self.salt(), digest_size=16)
        self._future = [site.is_future(doc) for doc in site.posts] if site.preview else []

    def salt(self) -> bytes:
        """What every output may show besides its own posts."""
        site = self.site
        terms = [(t.name, t.slug, len(t.posts)) for t in (*site.tags, *site.categories)]
        # Not where the site or its output lie: they change no byte of it, and keys (and
        # the tree id made of them, in the output's record) must not differ between places.
        placeless = replace(site.config, site_dir=Path("."), output_dir="")
        parts = (
            __version__,
            self.theme_fingerprint,
            repr(placeless),
            repr(terms),
            site.build_time.year,
            site.preview,
            repr(site.cards.fonts),  # which fonts cards use: a card may appear or go
        )
        return repr(parts).encode()

    def key(self, output: Output) -> bytes:
        if output.copy_of is not None:
            return self.file_hash(output.copy_of)
        if output.data is not None:
            return hashlib.blake2b(output.data, digest_size=16).digest()
        if output.own_key:  # a social card: a site-wide change need not draw it again
            text = f"{__version__}\0{output.kind}\0{output.path}\0{output.extra}"
            return hashlib.blake2b(text.encode(), digest_size=16).digest()
        digest = self.salted.copy()
        digest.update(f"{output.kind}\0{output.args!r}\0{output.path}\0{output.extra}\0".encode())
        posts, cards = self._post_fingerprints, self._card_fingerprints
        digest.update(b"".join([posts[i] for i in output.shows]))
        digest.update(b"\0")
        digest.update(b"".join([cards[i] for i in output.cards]))
        if self.site.preview:  # drafts and scheduled posts are marked in previews
            digest.update(bytes(self._future[i] for i in (*output.shows, *output.cards)))
        return digest.digest()

    def file_hash(self, path: Path) -> bytes:
        """A file's content hash, once per size and modification time."""
        stat = path.stat()
        known = (str(path), stat.st_size, stat.st_mtime_ns)
        if known not in self.hashes:
            with path.open("rb") as handle:
                self.hashes[known] = hashlib.file_digest(handle, "blake2b").digest()[:16]
        return self.hashes[known]

    @cached_property
    def _post_fingerprints(self) -> list[bytes]:
        return [doc.fingerprint.encode() for doc in self.site.posts]

    @cached_property
    def _card_fingerprints(self) -> list[bytes]:
        """A hash of what each card shows: an edit to a post's body alone leaves it as is.

        A card's view is made of its post's document (its source path and bytes: the
        fingerprint), of what the salt holds (the config, every term's name and slug) and of
        whether the post is marked as scheduled: with `card_hashes` from the build before,
        only cards whose inputs changed are made again (1,000 card views were a tenth of a
        serve rebuild)."""
        salt, known = self.salted.digest(), self.card_hashes
        made: CardHashes = {}
        result = []
        for i, doc in enumerate(self.site.posts):
            inputs = (doc.source, doc.fingerprint, salt, bool(self._future and self._future[i]))
            found = known.get(inputs) if known is not None else None
            if found is None:
                found = _digest(self.views.card(i))
            made[inputs] = found
            result.append(found)
        if known is not None:  # only this build's: the memo never grows past the site
            known.clear()
            known.update(made)
        return result


def _digest(view: Any) -> bytes:
    return hashlib.blake2b(repr(view).encode(), digest_size=16).digest()
