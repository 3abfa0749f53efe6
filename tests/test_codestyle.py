"""Code highlighting colours: every Pygments token at 4.5:1 or better (WCAG 2) against the
code background of the default theme, in light and dark mode, read from the CSS that ships
(static/pygments.css as generated, themes/default/static/css/style.css)."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT
from pygments.token import STANDARD_TYPES

from generator.codestyle import contrast, relative_luminance, stylesheet

STYLE_CSS = (ROOT / "themes/default/static/css/style.css").read_text(encoding="utf-8")
LIGHT_ROOT = ":root{"
AUTO_DARK_ROOT = ":root:not([data-theme=light]){"
MANUAL_DARK_ROOT = ":root[data-theme=dark]{"


def variables(css: str, opening: str) -> dict[str, str]:
    """The custom properties set in the first block that starts with `opening`."""
    compact = re.sub(r"\s+", "", re.sub(r"/\*.*?\*/", "", css, flags=re.S))
    start = compact.index(opening.replace(" ", "")) + len(opening.replace(" ", ""))
    body = compact[start : compact.index("}", start)]
    return dict(
        pair.split(":", 1) for pair in body.split(";") if pair.startswith("--") and ":" in pair
    )


def rules(css: str) -> dict[str, dict[str, str]]:
    """`.highlight .x` class → its declarations, from the generated stylesheet."""
    found: dict[str, dict[str, str]] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        declarations = dict(d.split(":", 1) for d in body.split(";") if ":" in d)
        for selector in selectors.split(","):
            match = re.fullmatch(r"\s*\.highlight \.([\w-]+)\s*", selector)
            if match:
                found.setdefault(match.group(1), {}).update(declarations)
    return found


def resolve(value: str, palette: dict[str, str]) -> str:
    while value.startswith("var("):
        value = palette[value[4:-1]]
    return value


@pytest.fixture(scope="module")
def css() -> str:
    return stylesheet()


def palette(css: str, mode: str) -> dict[str, str]:
    opening = LIGHT_ROOT if mode == "light" else MANUAL_DARK_ROOT
    return {**variables(STYLE_CSS, opening), **variables(css, opening)}


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_every_token_reads_at_4_5_to_1_on_the_code_background(css: str, mode: str) -> None:
    colours = palette(css, mode)
    by_class = rules(css)
    failures = []
    for token, css_class in STANDARD_TYPES.items():
        declarations = by_class.get(css_class, {}) if css_class else {}
        fg = resolve(declarations.get("color", "var(--hl-text)"), colours)
        own_bg = declarations.get("background")
        backgrounds = (
            [resolve(own_bg, colours)]
            if own_bg
            else [resolve("var(--code-bg)", colours), resolve("var(--code-hll)", colours)]
        )
        for bg in backgrounds:
            ratio = contrast(fg, bg)
            if ratio < 4.5:
                failures.append(f"{token} .{css_class}: {fg} on {bg} = {ratio:.2f}:1")
    linenos = resolve(by_class["linenos"]["color"], colours)
    if contrast(linenos, resolve("var(--code-bg)", colours)) < 4.5:
        failures.append(f"line numbers {linenos}")
    assert not failures, "\n".join(failures)


def test_every_token_class_has_a_rule_and_distinct_roles_look_distinct(css: str) -> None:
    by_class = rules(css)
    missing = [c for c in STANDARD_TYPES.values() if c and c not in by_class]
    assert not missing
    light = palette(css, "light")
    keyword = resolve(by_class["k"]["color"], light)
    assert len({keyword, resolve(by_class["s"]["color"], light)}) == 2
    assert by_class["c1"]["font-style"] == "italic"


def test_auto_dark_and_manual_dark_define_the_same_colours(css: str) -> None:
    """The system's dark mode and the toggle's dark mode are one palette (page and code)."""
    for sheet in (STYLE_CSS, css):
        assert variables(sheet, AUTO_DARK_ROOT) == variables(sheet, MANUAL_DARK_ROOT)
        assert variables(sheet, AUTO_DARK_ROOT)  # the block exists and sets colours


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_code_blocks_stand_apart_from_the_page(css: str, mode: str) -> None:
    """The issue's dark code blocks (#0d1117 on #0f1115) vanished into the page."""
    colours = palette(css, mode)
    page, code = colours["--bg"], colours["--code-bg"]
    assert contrast(page, code) >= 1.05, (page, code)
    assert contrast(colours["--border"], page) >= 1.25  # the block's outline
    assert contrast(colours["--fg"], code) >= 7  # plain (unhighlighted) code


def test_the_wcag_formula() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert relative_luminance("#ffffff") == pytest.approx(1)
    # the failing pair the issue measured: friendly's .c1 on its background
    assert contrast("#60a0b0", "#f0f0f0") == pytest.approx(2.57, abs=0.02)
