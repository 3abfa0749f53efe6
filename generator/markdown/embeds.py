"""Click-to-load video players: a page makes no request to a video host before the reader
asks. Without script the facade is a plain link to the video; with it, a click swaps the
link for the player's iframe (`static/js/embed.js`, loaded only by pages that have one:
a module script runs once however often it is included)."""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit


def host_of(url: str) -> str:
    parts = urlsplit(url if "//" in url else "https://" + url)
    return (parts.hostname or "").lower()


def allowed(url: str, hosts: tuple[str, ...]) -> bool:
    """An https (or protocol-relative) URL on one of `hosts`."""
    return url.startswith(("https://", "//")) and host_of(url) in hosts


def facade(src: str, title: str, link: str, base_path: str) -> str:
    """`src`: the player's URL (the iframe's); `link`: where the reader watches it without
    script (the video's page, or the player itself)."""
    if src.startswith("//"):
        src = "https:" + src
    label = escape(title or host_of(src))
    return (
        f'<div class="embed"><a class="embed-link" href="{escape(link or src)}"'
        f' data-embed-src="{escape(src)}" data-embed-title="{label}">'
        f'<span class="embed-play" aria-hidden="true">▶</span> {label}</a></div>\n'
        f'<script type="module" src="{escape(base_path)}static/js/embed.js"></script>\n'
    )
