"""site.yml's keys, in one table: name, how a value is read and checked, default, and the
line of documentation that docs/configuration.md shows (a test keeps the doc's table and
this one the same: `pytest tests/test_config.py --update-golden` rewrites the doc's).

The loader (config.py) reads every key through this table, and an unknown key is a
warning with the known key it most looks like. A key inside a mapping (`reading_time:`,
`markdown:`) is written `parent.child`.

To add a key: a `Key` here and a field of the same name in `SiteConfig`.
"""

from __future__ import annotations

import difflib
import re
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from generator import config_answer, section_kinds
from generator.config_answer import AiSettings, CardSettings, LlmsSettings, schema_parse
from generator.model import NavLink, Person
from generator.people import parse_people
from generator.safeurls import NEVER_ALLOWED, url_problem

# Video players that may be embedded (as click-to-load facades) when site.yml does not say.
DEFAULT_IFRAME_HOSTS = (
    "www.youtube.com",
    "youtube.com",
    "www.youtube-nocookie.com",
    "youtube-nocookie.com",
    "player.bilibili.com",
    "player.vimeo.com",
    "music.163.com",  # NetEase Cloud Music's outchain player, common on Chinese blogs
)


class Invalid(ValueError):
    """What is wrong with a value (the loader adds the key, the file and the line)."""


Parse = Callable[[Any], Any]


@dataclass(frozen=True)
class Key:
    name: str  # as written in site.yml; `parent.child` inside a mapping
    parse: Parse | None  # None: a mapping of other keys
    default: Any
    doc: str
    shown: str = ""  # the default as the doc shows it, when `repr` would not do
    required: bool = False
    children: tuple[str, ...] = ()  # the keys of a mapping read whole (`ai: {model: …}`)

    @property
    def field(self) -> str:
        """The SiteConfig field it fills."""
        return self.name.rsplit(".", 1)[-1]

    @property
    def parent(self) -> str:
        return self.name.rpartition(".")[0]

    def default_shown(self) -> str:
        if self.required:
            return "(required)"
        if self.parse is None:
            return "(a mapping)"
        if self.shown:
            return self.shown
        if self.default in ("", (), {}, None):
            return "none"
        return f"`{str(self.default).lower() if isinstance(self.default, bool) else self.default}`"


# -- how values are read ----------------------------------------------------------------


def text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise Invalid("must be a text value")
    return str(value).strip()


def required_text(value: Any) -> str:
    if not (result := text(value) if value is not None else ""):
        raise Invalid("is required and must be a text value")
    return result


def base_url(value: Any) -> str:
    url = required_text(value)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise Invalid("must be an absolute http(s) URL, e.g. https://you.github.io/blog/")
    return url if url.endswith("/") else url + "/"


def safe_url(value: Any) -> str:
    url = text(value)
    if url and (problem := url_problem(url)):
        raise Invalid(problem)
    return url


def output_dir(value: Any) -> str:
    if not (folder := text(value)) or folder in (".", "./"):
        raise Invalid("must name a directory other than the site itself")
    return folder


def timezone(value: Any) -> str:
    name = text(value)
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise Invalid(f"unknown time zone {name!r} (e.g. Asia/Shanghai, UTC)") from None
    return name


def positive_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise Invalid("must be a whole number of at least 1")
    return value


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid("must be true or false")
    return value


def one_person(value: Any) -> Person:
    people = parse_people(value)
    if isinstance(people, str):
        raise Invalid(people)
    if len(people) > 1:
        raise Invalid("must be one person: a name, or a mapping with `name` and `url`")
    return people[0] if people else Person()


def nav(value: Any) -> tuple[NavLink, ...]:
    if not isinstance(value, list):
        raise Invalid("must be a list of {title, url}")
    links = []
    for n, item in enumerate(value):
        if not (
            isinstance(item, dict)
            and isinstance(item.get("title"), str)
            and isinstance(item.get("url"), str)
        ):
            raise Invalid("each item needs a `title` and a `url`")
        if problem := url_problem(item["url"]):
            raise Invalid(f"`nav[{n}].url` {problem}")
        links.append(NavLink(item["title"], item["url"]))
    return tuple(links)


def social(value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise Invalid("must be a mapping of network name to URL or handle")
    for name, url in value.items():
        if problem := url_problem(url):
            raise Invalid(f"`social.{name}` {problem}")
    return {str(k): v for k, v in value.items()}


# The default heading names of each section kind (the registry: section_kinds.py).
DEFAULT_NAMES: dict[str, tuple[str, ...]] = section_kinds.default_headings()


def sections(value: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise Invalid(f"must be a mapping of kind to heading names ({', '.join(DEFAULT_NAMES)})")
    result = dict(DEFAULT_NAMES)
    for kind, names in value.items():
        if kind not in DEFAULT_NAMES:
            raise Invalid(f"unknown section kind `{kind}` (known: {', '.join(DEFAULT_NAMES)})")
        if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
            raise Invalid(f"`{kind}` must be a list of heading names")
        result[kind] = tuple(n.strip() for n in names)
    return result


def choice(*allowed: str) -> Parse:
    def parse(value: Any) -> str:
        written = str(value).lower() if isinstance(value, bool | str) else ""
        if written not in allowed:
            raise Invalid(f"must be {', '.join(allowed[:-1])} or {allowed[-1]}")
        return written

    return parse


def hosts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(h, str) and h for h in value):
        raise Invalid("must be a list of host names")
    return tuple(h.strip().lower() for h in value)


def link_schemes(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
        raise Invalid("must be a list of URL schemes, e.g. [tel, tencent]")
    found = tuple(dict.fromkeys(s.strip().lower().rstrip(":") for s in value))
    for scheme in found:
        if not _SCHEME_NAME.fullmatch(scheme):
            raise Invalid(f"{scheme!r} is not a URL scheme (letters, digits, `+`, `.`, `-`)")
        if scheme in NEVER_ALLOWED:
            raise Invalid(f"`{scheme}:` can run code or carry content: it is never allowed")
    return found


_SCHEME_NAME = re.compile(r"[a-z][a-z0-9+.\-]*")


# -- the table ---------------------------------------------------------------------------

KEYS: tuple[Key, ...] = (
    Key("title", required_text, None, "the blog's name", required=True),
    Key(
        "base_url",
        base_url,
        None,
        "the address the site is published at, e.g. `https://<user>.github.io/<repository>/` "
        "for a GitHub project site, `https://<user>.github.io/` for the `<user>.github.io` "
        "repository. Its path (`/<repository>/`) prefixes every internal link; `aiblog build "
        "--base-url` overrides it. `aiblog init` fills it from a GitHub `origin`. `build` and "
        "`deploy` refuse a placeholder (`USERNAME`, `REPOSITORY`, `you.github.io`, `<…>`) or an "
        "address without a host; `deploy` also refuses a domain reserved for documentation "
        "(example.com/.net/.org, `.test`, `.example`, `.invalid`, `localhost`) and warns when "
        "it is not where GitHub Pages serves the remote's repository",
        required=True,
    ),
    Key(
        "description",
        text,
        "",
        "under the title on the home page; the feeds' subtitle; default meta description",
        shown='`""`',
    ),
    Key(
        "language",
        text,
        "zh-CN",
        "`<html lang>` and UI strings (`zh*` → Chinese, anything else → English); a post's "
        "`lang` overrides it for that post",
    ),
    Key(
        "timezone",
        timezone,
        "Asia/Shanghai",
        "dates without an offset are in this zone (IANA name)",
    ),
    Key(
        "author",
        one_person,
        Person(),
        "`name` and `url` (or just a name): the default author of posts, feeds and JSON-LD "
        "(read by the same rules as a post's `author`, see writing.md)",
        shown="none",
    ),
    Key(
        "theme",
        text,
        "default",
        "the name of a folder of the site's `themes/` (`theme: paper` uses `themes/paper/`), "
        "whose templates and assets override those of the built-in theme; `default` needs no "
        "folder (a `themes/default/` overrides the built-in theme the same way). A name with no "
        "folder, a path (`../x`, `/srv/theme`, `themes/paper`) or a folder that leads outside "
        "the site (a symlink: nothing from outside the site is published) is an error at this line",
    ),
    Key(
        "output_dir",
        output_dir,
        "public",
        "where `aiblog build` writes (relative to the site); never the site itself, a folder "
        "holding it, or one inside `content/` or a theme",
    ),
    Key("posts_per_page", positive_int, 10, "posts per page on the home, tag and category lists"),
    Key("feed_limit", positive_int, 20, "newest posts in each feed"),
    Key("cname", text, "", "writes `CNAME` for a custom GitHub Pages domain"),
    Key("reading_time", None, None, "reading speeds for the estimate (the two keys below)"),
    Key(
        "reading_time.cjk_chars_per_minute",
        positive_int,
        300,
        "Chinese, Japanese and Korean characters a minute",
    ),
    Key("reading_time.words_per_minute", positive_int, 200, "words of other scripts a minute"),
    Key(
        "sections",
        sections,
        DEFAULT_NAMES,
        "the heading names of each section kind; a list given here *replaces* the default "
        "list of that kind",
        shown="see below",
    ),
    Key(
        "nav",
        nav,
        (),
        "menu links: a list of `{title, url}`; a root-relative `url` gets the base path",
    ),
    Key("social", social, {}, 'e.g. `twitter: "@handle"` (used for `twitter:site`)', shown="`{}`"),
    Key(
        "og_image",
        safe_url,
        "",
        "default Open Graph image (root-relative or absolute URL): the social card of every "
        "page and post without a cover of its own",
    ),
    Key("markdown", None, None, "how Markdown reads (the keys below)"),
    Key(
        "markdown.cjk_breaks",
        choice("auto", "true", "false"),
        "auto",
        "a line break between two CJK characters adds no space: `auto` (on when `language` "
        "is zh, ja or ko), `true` or `false`",
    ),
    Key(
        "markdown.breaks",
        boolean,
        False,
        "every line break inside a paragraph is shown as one (`<br>`), as Hexo's default "
        "renderer (marked, `breaks: true`) and Typora show them; `cjk_breaks` is then off",
    ),
    Key(
        "markdown.iframe_hosts",
        hosts,
        DEFAULT_IFRAME_HOSTS,
        "the hosts whose `<iframe>`s a post may embed, as click-to-load players",
        shown="YouTube, youtube-nocookie, Bilibili, Vimeo and NetEase Music players",
    ),
    Key(
        "markdown.link_schemes",
        link_schemes,
        (),
        "URL schemes that links in posts and pages may use besides http, https and mailto, "
        "e.g. `[tel, tencent]` for a contact page; `javascript`, `vbscript`, `data` and `file` "
        "are never allowed (URLs in frontmatter and site.yml stay http(s) and mailto)",
        shown="none",
    ),
    Key(
        "category_hierarchy",
        boolean,
        True,
        "a YAML list of `categories` in a post is one path (`[Blogging, Demo]`: Demo under "
        "Blogging), as Hexo and Jekyll Chirpy read it; `false` reads it as several categories, "
        "as Hugo and plain Jekyll do (TOML lists are always several)",
    ),
    Key(
        "search",
        boolean,
        True,
        "the search page `/search/`, the header's search box and the Pagefind index in "
        "`pagefind/` ([search.md](search.md)); `false` leaves all three out (and makes builds "
        "faster: the index costs ~5 ms per Chinese post)",
    ),
)
KEYS += (
    Key(
        "ai",
        schema_parse(config_answer.parse_ai),
        AiSettings(),
        "AI-content labels: `default` (the `ai:` kinds of a post without its own), `model`, "
        "`producer` and `propagator` (GB 45438-2025's ContentProducer and ContentPropagator) "
        "and `wording` (the visible label's words per kind and language); see writing.md",
        shown="none",
        children=("default", "model", "producer", "propagator", "wording"),
    ),
    Key(
        "cards",
        schema_parse(config_answer.parse_cards),
        CardSettings(),
        "social cards (1200×630 PNG) for pages without a cover: `enabled`, `font` (a file or "
        "a fontconfig name; default: a CJK font found by fontconfig) and `colours` "
        "(background, text, muted, accent)",
        shown="on",
        children=("enabled", "font", "colours"),
    ),
    Key(
        "llms",
        schema_parse(config_answer.parse_llms),
        LlmsSettings(),
        "`/llms.txt`, `/llms-full.txt` and each page's `…/index.md`: `enabled`, `full_max_kb` "
        "(the size limit of llms-full.txt, default 4096)",
        shown="on",
        children=("enabled", "full_max_kb"),
    ),
    Key(
        "source_names",
        schema_parse(config_answer.parse_source_names),
        {},
        "the name an outlet is shown by on `/sources/`, per domain "
        "(`venturebeat.com: VentureBeat`)",
        shown="`{}`",
    ),
)
BY_NAME = {key.name: key for key in KEYS}


def likely(name: str) -> str | None:
    """The known key an unknown one most looks like (`post_per_page` → `posts_per_page`)."""
    found = difflib.get_close_matches(name, list(BY_NAME), n=1, cutoff=0.75)
    return found[0] if found else None


def markdown_table() -> str:
    """The table of docs/configuration.md."""
    rows = ["| key | default | what |", "|---|---|---|"]
    rows += [f"| `{key.name}` | {key.default_shown()} | {key.doc} |" for key in KEYS]
    return "\n".join(rows) + "\n"
