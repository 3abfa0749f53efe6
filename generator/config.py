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

from generator import config_schema
from generator.config_answer import AiSettings, CardSettings, LlmsSettings
from generator.config_schema import BY_NAME, DEFAULT_IFRAME_HOSTS, DEFAULT_NAMES, KEYS, Invalid
from generator.errors import BuildFailed, Diagnostics
from generator.model import NavLink, Person
from generator.options import BuildOptions
from generator.safeurls import strip_controls, without_controls
from generator.themes import theme_problem
from generator.yamlload import LoadError, key_lines, load_yaml

CONFIG_FILE = "site.yml"
DEFAULT_SECTIONS = DEFAULT_NAMES  # the default heading names of each section kind


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
    sections: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_NAMES))
    nav: tuple[NavLink, ...] = ()
    social: dict[str, str] = field(default_factory=dict)
    og_image: str = ""
    # `markdown:` (see generator/markdown/options.py)
    cjk_breaks: str = "auto"  # "auto" (on for zh/ja/ko sites), "true" or "false"
    breaks: bool = False  # a line break in a paragraph is a <br> (Hexo's marked)
    iframe_hosts: tuple[str, ...] = DEFAULT_IFRAME_HOSTS
    link_schemes: tuple[str, ...] = ()  # in posts and pages, besides http(s) and mailto
    # A YAML list of categories is one path (Hexo, Chirpy); false: several (Hugo, Jekyll).
    category_hierarchy: bool = True
    search: bool = True  # /search/, the header's search box and the Pagefind index
    # AI labels, social cards, llms.txt, outlets' names (config_answer.py).
    ai: AiSettings = AiSettings()
    cards: CardSettings = CardSettings()
    llms: LlmsSettings = LlmsSettings()
    source_names: dict[str, str] = field(default_factory=dict)
    # Not from site.yml: of the theme's shortcode templates (parsing depends on them).
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
        if changes.get("base_url") is not None:
            changes["base_url"] = config_schema.base_url(changes["base_url"])
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


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
    """Every key through the schema's table (config_schema.py); None if any is invalid."""
    values: dict[str, Any] = {}
    failed = False
    for key in KEYS:
        if key.parse is None:  # a mapping of keys: read below with its children
            continue
        parent = data.get(key.parent, {}) if key.parent else data
        if not isinstance(parent, dict) or key.field not in parent:
            if key.required:
                failed = True
                diags.error(
                    CONFIG_FILE, None, f"`{key.name}`: is required (e.g. {_EXAMPLES[key.name]})"
                )
            continue
        try:
            values[key.field] = key.parse(parent[key.field])
        except Invalid as problem:
            failed = True
            shown = f"`{key.parent}`: `{key.field}`" if key.parent else f"`{key.name}`:"
            diags.error(CONFIG_FILE, lines.get(key.parent or key.name), f"{shown} {problem}")
    # A theme is a folder of the site's themes/ (or the built-in default): it must exist.
    if (problem := theme_problem(site_dir, values.get("theme", "default"))) is not None:
        failed = True
        diags.error(CONFIG_FILE, lines.get("theme"), f"`theme`: {problem}")
    for name, value in data.items():
        _check_known(str(name), value, lines, diags)
    if failed:
        return None
    return SiteConfig(site_dir=site_dir.resolve(), **values)


_EXAMPLES = {"title": "`title: AI 观察`", "base_url": "`base_url: https://you.github.io/blog/`"}


def _check_known(name: str, value: Any, lines: dict[str, int], diags: Diagnostics) -> None:
    """An unknown key (or key of a known mapping) is a warning naming the likely one."""
    known = BY_NAME.get(name)
    if known is not None and known.children and isinstance(value, dict):
        for child in value:
            if child not in known.children:
                near = config_schema.difflib.get_close_matches(str(child), known.children, 1, 0.75)
                hint = f"; did you mean `{name}.{near[0]}`?" if near else ""
                diags.warning(
                    CONFIG_FILE, lines.get(name), f"unknown key `{name}.{child}` (ignored){hint}"
                )
        return
    if known is not None and known.parse is None:  # a mapping: check its keys
        if not isinstance(value, dict):
            diags.error(CONFIG_FILE, lines.get(name), f"`{name}` must be a mapping")
            return
        for child in value:
            _check_known(f"{name}.{child}", None, lines, diags)
        return
    if known is not None:
        return
    hint = f"; did you mean `{likely}`?" if (likely := config_schema.likely(name)) else ""
    where = lines.get(name.partition(".")[0])
    diags.warning(CONFIG_FILE, where, f"unknown key `{name}` (ignored){hint}")


def configure(site_dir: Path, options: BuildOptions, diags: Diagnostics) -> SiteConfig:
    """site.yml with the command line's overrides; BuildFailed if it cannot be used."""
    from generator.themes import shortcodes_fingerprint, theme_dirs

    config = load_config(site_dir, diags)
    if config is None or diags.errors:
        raise BuildFailed(diags)
    try:
        base = config_schema.base_url(options.base_url) if options.base_url else None
    except Invalid as problem:
        diags.error("--base-url", None, str(problem))
        raise BuildFailed(diags) from None
    return config.with_overrides(
        base_url=base,
        output_dir=str(options.output) if options.output else None,
        shortcodes_fingerprint=shortcodes_fingerprint(theme_dirs(site_dir, config.theme)),
    )
