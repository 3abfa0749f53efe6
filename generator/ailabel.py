"""AI-content labels: how a model took part in a post's text (`ai:` in its frontmatter,
or site.yml's `ai.default`), shown to readers and written for machines.

- the explicit label: one sentence at the top of the post, in its language ("本文由
  AI（DeepSeek）翻译并总结" / "Translated and summarised with AI (DeepSeek)"), also in
  feeds, the Markdown copy and llms.txt;
- the implicit label: `<meta name="AIGC">` holding the JSON object of GB 45438-2025's
  metadata fields (what each value is: docs/writing.md#ai-labels);
- JSON-LD: schema.org `digitalSourceType` (IPTC's codes) and `creditText`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator.config_answer import AiSettings, kinds_of
from generator.i18n import family

if TYPE_CHECKING:
    from generator.config import SiteConfig
    from generator.fields import FieldReader
    from generator.model import Document

FIELDS = ("kind", "kinds", "model", "note", "label", "id")
# Per language family: the sentence and each kind's verb (site.yml `ai.wording` overrides).
WORDING: dict[str, dict[str, str]] = {
    "zh": {
        "template": "本文由 AI{model}{actions}",
        "translated": "翻译",
        "summarized": "总结",
        "generated": "生成",
        "assisted": "辅助写作",
    },
    "en": {
        "template": "{actions} with AI{model}",
        "translated": "translated",
        "summarized": "summarised",
        "generated": "generated",
        "assisted": "assisted",
    },
}
# IPTC digital source types (schema.org's names for them): text a model wrote from what it
# was given, or an author's text with a model's help.
_SOURCE_TYPE = {
    "assisted": "https://schema.org/CompositeWithTrainedAlgorithmicMediaDigitalSource",
    "other": "https://schema.org/TrainedAlgorithmicMediaDigitalSource",
}


@dataclass(frozen=True)
class AiUse:
    kinds: tuple[str, ...]
    model: str = ""
    note: str = ""
    label: str = ""  # the author's own wording of the visible label
    produce_id: str = ""  # GB 45438 ProduceID, when the tool that made the text gave one


def parse(value: Any) -> AiUse | None | str:
    """The frontmatter value: kinds (`translated`, `translated, summarized`, a list), a
    mapping (kind, model, note, label, id), or `false`/`none` (no label, whatever the
    site's default). None means no label; a str is what is wrong with the value."""
    if value is False or (isinstance(value, str) and value.strip().lower() in ("none", "")):
        return None
    if isinstance(value, dict):
        unknown = sorted(str(k) for k in value if k not in FIELDS)
        if unknown:
            return f"has unknown keys {', '.join(unknown)} (known: {', '.join(FIELDS)})"
        texts = {k: value.get(k, "") for k in ("model", "note", "label", "id")}
        if not all(isinstance(v, str | int | float) for v in texts.values()):
            return "`model`, `note`, `label` and `id` must be text values"
        kinds = kinds_of(value.get("kind", value.get("kinds", "")))
        if isinstance(kinds, str):
            return f"`kind` {kinds}"
        if not kinds:
            return "needs a `kind` (translated, summarized, assisted or generated)"
        return AiUse(kinds, *(str(texts[k]).strip() for k in ("model", "note", "label", "id")))
    kinds = kinds_of(value)
    if isinstance(kinds, str):
        return kinds
    return AiUse(kinds) if kinds else None


def check_frontmatter(r: FieldReader) -> None:
    """At read time: a bad `ai:` value is an error at its line."""
    if "ai" in r.raw.meta and isinstance(problem := parse(r.raw.meta["ai"]), str):
        r.error("ai", f"`ai` {problem}")


def of(config: SiteConfig, doc: Document) -> AiUse | None:
    """The post's label: its own `ai:`, else the site's default (checked at read time)."""
    if "ai" in doc.meta.extra:
        found = parse(doc.meta.extra["ai"])
        return found if isinstance(found, AiUse) else None
    settings = config.ai
    return AiUse(settings.default) if settings.default else None


def text(use: AiUse, lang: str, settings: AiSettings) -> str:
    """The visible label in `lang`: the author's own wording, else the site's."""
    if use.label:
        return use.label
    lang_family = "zh" if family(lang) == "zh" else "en"
    words = dict(WORDING[lang_family])
    words.update({key: value for lang, key, value in settings.wording if lang == lang_family})
    verbs = [words[kind] for kind in use.kinds]
    if lang_family == "zh":
        actions = verbs[0] if len(verbs) == 1 else "、".join(verbs[:-1]) + "并" + verbs[-1]
    else:
        actions = verbs[0] if len(verbs) == 1 else ", ".join(verbs[:-1]) + " and " + verbs[-1]
    model = use.model or settings.model
    shown_model = (f"（{model}）" if lang_family == "zh" else f" ({model})") if model else ""
    sentence = words["template"].format(actions=actions, model=shown_model)
    return sentence[:1].upper() + sentence[1:]


def content_id(doc: Document) -> str:
    """A stable id of the post for ProduceID/PropagateID: its kind, language and slug
    (the same wherever the site is built or published)."""
    ident = f"{doc.kind}:{doc.meta.url_lang}:{doc.meta.slug}"
    return hashlib.blake2b(ident.encode(), digest_size=16).hexdigest()


def implicit_label(config: SiteConfig, doc: Document, use: AiUse) -> dict[str, str]:
    """GB 45438-2025's metadata fields, in the standard's order."""
    ident = content_id(doc)
    return {
        "Label": "1",  # 1: the content is AI-generated or synthesised (the author says so)
        "ContentProducer": config.ai.producer or use.model or config.ai.model,
        "ProduceID": use.produce_id or ident,
        "ReservedCode1": "",
        "ContentPropagator": config.ai.propagator or config.title,
        "PropagateID": ident,
        "ReservedCode2": "",
    }


def meta_content(data: dict[str, str]) -> str:
    """The JSON object as the value of a single-quoted HTML attribute (`content='{…}'`):
    its double quotes kept, so that the page holds the JSON as written."""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return raw.replace("&", "&amp;").replace("'", "&#39;").replace("<", "&lt;").replace(">", "&gt;")


def label_view(config: SiteConfig, doc: Document) -> dict[str, Any] | None:
    """`ai_label` of a post's view and card: text, note and kinds, or None."""
    use = of(config, doc)
    if use is None:
        return None
    return {"text": text(use, doc.meta.lang, config.ai), "note": use.note, "kinds": use.kinds}


def view_fields(config: SiteConfig, doc: Document) -> dict[str, Any]:
    """`ai_label` (see `label_view`) and `aigc`: the content of `<meta name="AIGC">`."""
    use = of(config, doc)
    if use is None:
        return {"ai_label": None, "aigc": ""}
    aigc = meta_content(implicit_label(config, doc, use))
    return {"ai_label": label_view(config, doc), "aigc": aigc}


def json_ld(config: SiteConfig, doc: Document) -> dict[str, Any]:
    """The disclosure as schema.org sees it: IPTC's digital source type and a credit line."""
    use = of(config, doc)
    if use is None:
        return {}
    kind = "assisted" if use.kinds == ("assisted",) else "other"
    return {
        "digitalSourceType": _SOURCE_TYPE[kind],
        "creditText": text(use, doc.meta.lang, config.ai),
    }


def is_translation(config: SiteConfig, doc: Document) -> bool:
    use = of(config, doc)
    return use is not None and "translated" in use.kinds
