"""site.yml's keys for AI labels (`ai`), social cards (`cards`), answer engines (`llms`)
and the names of cited outlets (`source_names`): their values, and their parsers in the
pattern of config.py (each problem at the key's line; unknown sub-keys are warnings)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.errors import Diagnostics

AI_KINDS = ("translated", "summarized", "assisted", "generated")
# British spellings and short forms authors write, to aiblog's kind.
AI_KIND_ALIASES = {"summarised": "summarized", "summary": "summarized", "translation": "translated"}
CARD_COLOURS = ("background", "text", "muted", "accent")
_HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")

Bad = Callable[[str, str], None]


@dataclass(frozen=True)
class AiSettings:
    """`ai:` in site.yml: the label of posts that have none of their own, and the values of
    the implicit (metadata) label."""

    default: tuple[str, ...] = ()  # kinds every post without its own `ai:` gets
    model: str = ""  # the model named in labels when a post names none
    producer: str = ""  # GB 45438 ContentProducer: a name or a service provider's code
    propagator: str = ""  # GB 45438 ContentPropagator (default: the site's title)
    # Wording: (language family, key, text); keys are `template` and the kinds.
    wording: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class CardSettings:
    """`cards:` in site.yml: the generated social cards."""

    enabled: bool = True
    font: str = ""  # a font file (relative to the site) or a fontconfig family name
    colours: tuple[tuple[str, str], ...] = ()  # (background|text|muted|accent, #rrggbb)


@dataclass(frozen=True)
class LlmsSettings:
    """`llms:` in site.yml: /llms.txt, /llms-full.txt and the `…/index.md` copies."""

    enabled: bool = True
    full_max_kb: int = 4096  # llms-full.txt holds whole posts, newest first, up to this


def kinds_of(value: Any) -> tuple[str, ...] | str:
    """`translated`, `translated, summarized` or a list, as kinds; a message if not."""
    items = re.split(r"[,，+&]|\band\b", value) if isinstance(value, str) else value
    if not isinstance(items, list):
        return "must be a kind or a list of kinds"
    kinds: list[str] = []
    for item in items:
        if not isinstance(item, str):
            return "must be a kind or a list of kinds"
        name = item.strip().lower()
        name = AI_KIND_ALIASES.get(name, name)
        if not name:
            continue
        if name not in AI_KINDS:
            return f"has the unknown kind {item.strip()!r} (known: {', '.join(AI_KINDS)})"
        if name not in kinds:
            kinds.append(name)
    if "assisted" in kinds and len(kinds) > 1:
        return "`assisted` stands alone (a model that translated or wrote the text did more)"
    return tuple(kinds)


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) else None


def parse_ai(given: Any, line: int | None, bad: Bad, diags: Diagnostics) -> AiSettings | None:
    if not isinstance(given, dict):
        bad("ai", "must be a mapping (default, model, producer, propagator, wording)")
        return None
    values: dict[str, Any] = {}
    for sub, value in given.items():
        if sub == "default":
            kinds = () if value in (None, False, "none") else kinds_of(value)
            if isinstance(kinds, str):
                bad("ai", f"`default` {kinds}")
            else:
                values["default"] = kinds
        elif sub in ("model", "producer", "propagator"):
            if (text := _text(value)) is None:
                bad("ai", f"`{sub}` must be a text value")
            else:
                values[sub] = text
        elif sub == "wording":
            wording = _wording(value, bad)
            if wording is not None:
                values["wording"] = wording
        else:
            diags.warning("site.yml", line, f"unknown key `ai.{sub}`")
    return AiSettings(**values)


def _wording(value: Any, bad: Bad) -> tuple[tuple[str, str, str], ...] | None:
    """`{zh: {template: "本文由 AI{model}{actions}", translated: 翻译}, en: {…}}`."""
    keys = ("template", *AI_KINDS)
    if not isinstance(value, dict):
        bad("ai", "`wording` must map a language (zh, en) to its texts")
        return None
    found = []
    for lang, texts in value.items():
        if not isinstance(texts, dict):
            bad("ai", f"`wording.{lang}` must map {', '.join(keys)} to texts")
            return None
        for key, text in texts.items():
            if key not in keys or not isinstance(text, str) or not text.strip():
                bad("ai", f"`wording.{lang}.{key}` is not one of {', '.join(keys)} with a text")
                return None
            if key == "template" and "{actions}" not in text:
                bad("ai", f"`wording.{lang}.template` must hold `{{actions}}`")
                return None
            found.append((str(lang).lower(), key, text.strip()))
    return tuple(found)


def parse_cards(given: Any, line: int | None, bad: Bad, diags: Diagnostics) -> CardSettings | None:
    if isinstance(given, bool):
        return CardSettings(enabled=given)
    if not isinstance(given, dict):
        bad("cards", "must be true, false or a mapping (enabled, font, colours)")
        return None
    values: dict[str, Any] = {}
    for sub, value in given.items():
        if sub == "enabled":
            if not isinstance(value, bool):
                bad("cards", "`enabled` must be true or false")
            else:
                values["enabled"] = value
        elif sub == "font":
            if not (text := _text(value)):
                bad("cards", "`font` must name a font file or a font family")
            else:
                values["font"] = text
        elif sub in ("colours", "colors"):
            colours = _colours(value, bad)
            if colours is not None:
                values["colours"] = colours
        else:
            diags.warning("site.yml", line, f"unknown key `cards.{sub}`")
    return CardSettings(**values)


def _colours(value: Any, bad: Bad) -> tuple[tuple[str, str], ...] | None:
    if not isinstance(value, dict):
        bad("cards", f"`colours` must map {', '.join(CARD_COLOURS)} to #rrggbb colours")
        return None
    found = []
    for name, colour in value.items():
        if name not in CARD_COLOURS:
            bad("cards", f"unknown colour `{name}` (known: {', '.join(CARD_COLOURS)})")
            return None
        if not isinstance(colour, str) or not _HEX_COLOUR.match(colour.strip()):
            bad("cards", f"colour `{name}` must be written #rrggbb, not {colour!r}")
            return None
        found.append((name, colour.strip().lower()))
    return tuple(sorted(found))


def parse_llms(given: Any, line: int | None, bad: Bad, diags: Diagnostics) -> LlmsSettings | None:
    if isinstance(given, bool):
        return LlmsSettings(enabled=given)
    if not isinstance(given, dict):
        bad("llms", "must be true, false or a mapping (enabled, full_max_kb)")
        return None
    values: dict[str, Any] = {}
    for sub, value in given.items():
        if sub == "enabled":
            if not isinstance(value, bool):
                bad("llms", "`enabled` must be true or false")
            else:
                values["enabled"] = value
        elif sub == "full_max_kb":
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                bad("llms", "`full_max_kb` must be a whole number of at least 1")
            else:
                values["full_max_kb"] = value
        else:
            diags.warning("site.yml", line, f"unknown key `llms.{sub}`")
    return LlmsSettings(**values)


def parse_source_names(given: Any, bad: Bad) -> dict[str, str] | None:
    """`{venturebeat.com: VentureBeat}`: the name an outlet is shown by, per domain."""
    if not isinstance(given, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in given.items()
    ):
        bad("source_names", "must map domains (venturebeat.com) to names (VentureBeat)")
        return None
    return {k.strip().lower().removeprefix("www."): v.strip() for k, v in given.items()}


def schema_parse(parse: Callable[..., Any]) -> Callable[[Any], Any]:
    """One of the parsers above as a site.yml schema key's (config_schema.Key): a problem
    it finds is raised as `Invalid`; unknown keys inside are the schema's to report."""
    from generator.config_schema import Invalid

    def parse_value(value: Any) -> Any:
        problems: list[str] = []

        def bad(_key: str, message: str) -> None:
            problems.append(message)

        try:
            result = parse(value, None, bad, Diagnostics())
        except TypeError:  # parse_source_names takes (given, bad)
            result = parse(value, bad)
        if problems or result is None:
            raise Invalid(problems[0] if problems else "is not valid")
        return result

    return parse_value
