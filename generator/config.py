"""Stage 1: load and validate `site.yml` into a frozen `SiteConfig`.

Every problem is gathered (unknown keys are warnings, bad values errors), each with
the line of its key, before the build decides whether to stop.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator import config_answer
from generator.config_answer import AiSettings, CardSettings, LlmsSettings
from generator.errors import Diagnostics
from generator.model import Person
from generator.people import parse_people
from generator.safeurls import strip_controls, url_problem, without_controls
from generator.yamlload import LoadError, key_lines, load_yaml

CONFIG_FILE = "site.yml"

DEFAULT_SECTIONS: dict[str, tuple[str, ...]] = {
    "summary": ("一句话总结", "TL;DR", "Summary", "摘要"),
    "takeaways": ("要点回顾", "要点", "核心要点", "Key Takeaways", "Key Points"),
    "faq": ("常见问题", "常见问答", "FAQ", "Frequently Asked Questions", "Q&A", "问答"),
    "commentary": ("*点评", "*评论", "Commentary", "Our Take", "Editor's Note"),
    "sources": ("参考来源", "参考资料", "来源", "Sources", "References"),
}


# Video players that may be embedded (as click-to-load facades) when site.yml does not say.
DEFAULT_IFRAME_HOSTS = (
    "www.youtube.com",
    "youtube.com",
    "www.youtube-nocookie.com",
    "youtube-nocookie.com",
    "player.bilibili.com",
    "player.vimeo.com",
)


@dataclass(frozen=True)
class NavLink:
    title: str
    url: str


@dataclass(frozen=True)
class SiteConfig:
    site_dir: Path
    title: str
    base_url: str  # always ends with "/"
    description: str = ""
    language: str = "zh-CN"
    timezone: str = "Asia/Shanghai"
    author: Person = Person()
    theme: str = "default"
    output_dir: str = "public"
    posts_per_page: int = 10
    feed_limit: int = 20
    cname: str = ""
    cjk_chars_per_minute: int = 300
    words_per_minute: int = 200
    sections: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_SECTIONS))
    nav: tuple[NavLink, ...] = ()
    social: dict[str, str] = field(default_factory=dict)
    og_image: str = ""
    # `markdown:` (see generator/markdown/options.py)
    cjk_breaks: str = "auto"  # "auto" (on for zh/ja/ko sites), "true" or "false"
    iframe_hosts: tuple[str, ...] = DEFAULT_IFRAME_HOSTS
    # A YAML list of categories is one path (Hexo, Chirpy); false: several (Hugo, Jekyll).
    category_hierarchy: bool = True
    search: bool = True  # /search/, the header's search box and the Pagefind index
    # Issue 18 (config_answer.py): AI labels, social cards, llms.txt, outlets' names.
    ai: AiSettings = AiSettings()
    cards: CardSettings = CardSettings()
    llms: LlmsSettings = LlmsSettings()
    source_names: dict[str, str] = field(default_factory=dict)
    # Per-build switches (command line), kept here so that every stage sees one value.
    drafts: bool = False
    future: bool = False
    # Of the theme's shortcode templates, set per build: parsing depends on them.
    shortcodes_fingerprint: str = ""

    @property
    def base_path(self) -> str:
        """The path part of base_url, e.g. "/blog/"; the prefix of every internal link."""
        return urlsplit(self.base_url).path or "/"

    @property
    def origin(self) -> str:
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def output_path(self) -> Path:
        return (self.site_dir / self.output_dir).resolve()

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    def with_overrides(self, **changes: Any) -> SiteConfig:
        if "base_url" in changes and changes["base_url"] is not None:
            changes["base_url"] = _normalise_base_url(changes["base_url"])
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _normalise_base_url(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _positive_int(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return None
    return value


def _parse_markdown(
    given: Any,
    line: int | None,
    values: dict[str, Any],
    bad: Any,
    diags: Diagnostics,
) -> None:
    """`markdown: {cjk_breaks: auto|true|false, iframe_hosts: [host, …]}`."""
    if not isinstance(given, dict):
        bad("markdown", "must be a mapping (cjk_breaks, iframe_hosts)")
        return
    for sub, value in given.items():
        if sub == "cjk_breaks":
            text = str(value).lower() if isinstance(value, bool | str) else ""
            if text not in ("auto", "true", "false"):
                bad("markdown", "`cjk_breaks` must be auto, true or false")
            else:
                values["cjk_breaks"] = text
        elif sub == "iframe_hosts":
            if not isinstance(value, list) or not all(isinstance(h, str) and h for h in value):
                bad("markdown", "`iframe_hosts` must be a list of host names")
            else:
                values["iframe_hosts"] = tuple(h.strip().lower() for h in value)
        else:
            diags.warning(CONFIG_FILE, line, f"unknown key `markdown.{sub}`")


def load_config(site_dir: Path, diags: Diagnostics) -> SiteConfig | None:
    """Read `site_dir/site.yml`. Returns None when it cannot be used (errors recorded)."""
    path = site_dir / CONFIG_FILE
    if not path.is_file():
        diags.error(CONFIG_FILE, None, f"no {CONFIG_FILE} in {site_dir} (run `aiblog init DIR`)")
        return None
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        diags.error(CONFIG_FILE, None, f"not valid UTF-8 ({exc.reason} at byte {exc.start})")
        return None
    text, control_lines = strip_controls(text)
    if control_lines:
        diags.warning(CONFIG_FILE, control_lines[0], "control characters removed")
    data = load_yaml(text)
    if isinstance(data, LoadError):
        diags.error(CONFIG_FILE, data.line, data.message)
        return None
    if data is None:
        data = {}
    data, dirty = without_controls(data)
    if dirty:
        diags.warning(CONFIG_FILE, None, "control characters removed from values")
    if not isinstance(data, dict):
        diags.error(CONFIG_FILE, 1, "site.yml must be a mapping of keys to values")
        return None
    return parse_config(site_dir, data, key_lines(text), diags)


def parse_config(
    site_dir: Path, data: dict[str, Any], lines: dict[str, int], diags: Diagnostics
) -> SiteConfig | None:
    values: dict[str, Any] = {}
    failed = False

    def bad(key: str, message: str) -> None:
        nonlocal failed
        failed = True
        diags.error(CONFIG_FILE, lines.get(key), f"`{key}`: {message}")

    for key in ("title", "base_url"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            bad(key, "is required and must be a text value")
    if isinstance(data.get("base_url"), str):
        parts = urlsplit(data["base_url"])
        if parts.scheme not in ("http", "https") or not parts.netloc:
            bad("base_url", "must be an absolute http(s) URL, e.g. https://you.github.io/blog/")
        else:
            values["base_url"] = _normalise_base_url(data["base_url"])
    if isinstance(data.get("title"), str):
        values["title"] = data["title"].strip()

    for key in ("description", "language", "theme", "output_dir", "cname", "og_image"):
        if key in data and data[key] is not None:
            if (text := _str(data[key])) is None:
                bad(key, "must be a text value")
            else:
                values[key] = text.strip()
    if "output_dir" in values and (
        not values["output_dir"] or Path(values["output_dir"]).resolve() == site_dir.resolve()
    ):
        bad("output_dir", "must name a directory other than the site itself")

    if "timezone" in data:
        tz = _str(data["timezone"])
        try:
            zoneinfo.ZoneInfo(tz or "")
            values["timezone"] = tz
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            bad("timezone", f"unknown time zone {data['timezone']!r} (e.g. Asia/Shanghai, UTC)")

    for key in ("posts_per_page", "feed_limit"):
        if key in data:
            if (number := _positive_int(data[key])) is None:
                bad(key, "must be a whole number of at least 1")
            else:
                values[key] = number

    if "author" in data:
        people = parse_people(data["author"])
        if isinstance(people, str):
            bad("author", people)
        elif len(people) > 1:
            bad("author", "must be one person: a name, or a mapping with `name` and `url`")
        elif people:
            values["author"] = people[0]

    if "category_hierarchy" in data:
        if not isinstance(data["category_hierarchy"], bool):
            bad("category_hierarchy", "must be true or false")
        else:
            values["category_hierarchy"] = data["category_hierarchy"]

    if "reading_time" in data:
        rt = data["reading_time"]
        if not isinstance(rt, dict):
            bad("reading_time", "must be a mapping (cjk_chars_per_minute, words_per_minute)")
        else:
            for sub in rt:
                if sub not in ("cjk_chars_per_minute", "words_per_minute"):
                    diags.warning(
                        CONFIG_FILE, lines.get("reading_time"), f"unknown key `reading_time.{sub}`"
                    )
                elif (number := _positive_int(rt[sub])) is None:
                    bad("reading_time", f"`{sub}` must be a whole number of at least 1")
                else:
                    values[sub] = number

    if "sections" in data:
        sections = dict(DEFAULT_SECTIONS)
        given = data["sections"]
        if not isinstance(given, dict):
            bad(
                "sections",
                f"must be a mapping of kind to heading names ({', '.join(DEFAULT_SECTIONS)})",
            )
        else:
            for kind, names in given.items():
                if kind not in DEFAULT_SECTIONS:
                    bad(
                        "sections",
                        f"unknown section kind `{kind}` (known: {', '.join(DEFAULT_SECTIONS)})",
                    )
                elif not isinstance(names, list) or not all(
                    isinstance(n, str) and n.strip() for n in names
                ):
                    bad("sections", f"`{kind}` must be a list of heading names")
                else:
                    sections[kind] = tuple(n.strip() for n in names)
        values["sections"] = sections

    if "nav" in data:
        nav = data["nav"]
        items = []
        if not isinstance(nav, list):
            bad("nav", "must be a list of {title, url}")
        else:
            for item in nav:
                if (
                    isinstance(item, dict)
                    and isinstance(item.get("title"), str)
                    and isinstance(item.get("url"), str)
                ):
                    items.append(NavLink(item["title"], item["url"]))
                else:
                    bad("nav", "each item needs a `title` and a `url`")
            values["nav"] = tuple(items)

    if "social" in data:
        social = data["social"]
        if not isinstance(social, dict) or not all(isinstance(v, str) for v in social.values()):
            bad("social", "must be a mapping of network name to URL or handle")
        else:
            values["social"] = {str(k): v for k, v in social.items()}

    if "markdown" in data:
        _parse_markdown(data["markdown"], lines.get("markdown"), values, bad, diags)

    if "search" in data:
        if not isinstance(data["search"], bool):
            bad("search", "must be true or false")
        else:
            values["search"] = data["search"]

    for key, parse in (
        ("ai", config_answer.parse_ai),
        ("cards", config_answer.parse_cards),
        ("llms", config_answer.parse_llms),
    ):
        if key in data and (parsed := parse(data[key], lines.get(key), bad, diags)) is not None:
            values[key] = parsed
    given_names = data.get("source_names")
    if given_names is not None and (names := config_answer.parse_source_names(given_names, bad)):
        values["source_names"] = names

    not_keys = ("site_dir", "drafts", "future", "shortcodes_fingerprint")
    nested = ("cjk_chars_per_minute", "words_per_minute", "cjk_breaks", "iframe_hosts")
    known = {f for f in SiteConfig.__dataclass_fields__ if f not in not_keys}
    known |= {"reading_time", "markdown"}
    for key in data:
        if key not in known or key in nested:
            diags.warning(CONFIG_FILE, lines.get(str(key)), f"unknown key `{key}` (ignored)")

    urls = [(f"nav[{n}].url", "nav", item.url) for n, item in enumerate(values.get("nav", ()))]
    if "author" in values:
        urls.append(("author.url", "author", values["author"].url))
    urls.append(("og_image", "og_image", values.get("og_image", "")))
    urls += [(f"social.{k}", "social", v) for k, v in values.get("social", {}).items()]
    for name, key, url in urls:
        if url and (problem := url_problem(url)):
            bad(key, f"`{name}` {problem}")

    if failed:
        return None
    return SiteConfig(site_dir=site_dir.resolve(), **values)
