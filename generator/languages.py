"""Language tags in file names: `name.LANG.md` is the LANG translation of `name.md`."""

from __future__ import annotations

import re
from functools import lru_cache

# ISO 639-1: a suffix is a language only when it is one of these (with an optional
# script or region: `zh-Hant`, `pt-BR`), so that `notes.v2.md` or `setup.old.md` stay
# posts of their own.
_ISO_639_1_CODES = """
    aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu
    cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi
    ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks
    ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl
    nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl
    sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve
    vi vo wa wo xh yi yo za zh zu"""
ISO_639_1 = frozenset(_ISO_639_1_CODES.split())
_TAG = re.compile(r"^([A-Za-z]{2})(?:[-_]([A-Za-z]{4}))?(?:[-_]([A-Za-z]{2}|\d{3}))?$")


@lru_cache(maxsize=65536)  # every serve rebuild looks at every file name
def split_language(stem: str) -> tuple[str, str]:
    """`markdown-syntax.fr` → (`markdown-syntax`, `fr`); a stem without a language
    suffix → (stem, "")."""
    base, dot, suffix = stem.rpartition(".")
    if not dot or not base:
        return stem, ""
    match = _TAG.match(suffix)
    if match is None or match.group(1).lower() not in ISO_639_1:
        return stem, ""
    return base, suffix


def same_language(tag: str, site_language: str) -> bool:
    """`zh` and `zh-CN` on a `zh-CN` site are the site's language; `zh-TW` is not."""
    tag, site = tag.lower().replace("_", "-"), site_language.lower().replace("_", "-")
    return tag == site or tag == site.split("-")[0]


def url_prefix(tag: str) -> str:
    """The URL segment of a language (`pt_BR` → `pt-br`)."""
    return tag.lower().replace("_", "-")
