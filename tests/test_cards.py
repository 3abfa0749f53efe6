"""Social cards: 1200×630 PNGs in the theme's colours with the title really drawn, never a
box for a character the font lacks (a warning instead), the pages' og:image pointing at
them, and a rebuild that draws only the cards whose text changed."""

from __future__ import annotations

import io
import os
import shutil
import struct
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import BASIC_CONFIG, files_under, post, write_png, write_site
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from sitecheck import find_all, parse

from generator import card_draw, fonts
from generator.build import Builder, BuildOptions, BuildResult, build
from generator.card_draw import TITLE_TOP, CardText, Colours

BASE = "https://example.org/blog/"
CONFIG = BASIC_CONFIG + "og_image: /og.png\n"


def _dejavu() -> Path:
    found = fonts._fc_match("DejaVu Sans")
    if found is None or "DejaVu" not in found.family:
        pytest.skip("needs DejaVu Sans (fonts-dejavu-core), a font without CJK glyphs")
    return Path(found.path)


def _meta(page: object, **attrs: str) -> list[str]:
    return [m.get("content") for m in find_all(page, "meta", **attrs)]  # type: ignore[arg-type]


def _ink(card: Image.Image, box: tuple[int, int, int, int], colour: str) -> int:
    """Pixels of `box` drawn fully in `colour` (the cores of glyph strokes)."""
    wanted = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    region = card.convert("RGB").crop(box)
    counts = region.getcolors(maxcolors=region.width * region.height) or []
    return next((count for count, pixel in counts if pixel == wanted), 0)


# -- fonts and coverage ------------------------------------------------------------------


def test_coverage_is_known_before_drawing() -> None:
    dejavu = fonts.Face(str(_dejavu()), 0, "DejaVu Sans", (0, 0))
    assert fonts.missing(dejavu, "DeepSeek 一周年：R1") == ("一", "周", "年", "：")
    cjk = fonts.find("", "zh-CN", Path("."))
    assert not isinstance(cjk, str), cjk
    assert fonts.missing(cjk.bold, "重新思考人工智能：深度求索「R1」") == ()
    assert fonts.missing(cjk.bold, "发布了 🚀") == ("🚀",)


def test_without_fontconfig_coverage_comes_from_drawing(monkeypatch: pytest.MonkeyPatch) -> None:
    dejavu = fonts.Face(str(_dejavu()), 0, "DejaVu Sans", (1, 1))
    monkeypatch.setattr(fonts.shutil, "which", lambda name: None)
    fonts._charset.cache_clear()
    fonts._coverage.cache_clear()
    fonts.missing.cache_clear()
    try:
        assert fonts.missing(dejavu, "Small 模型 models") == ("模", "型")
    finally:
        fonts._charset.cache_clear()
        fonts._coverage.cache_clear()
        fonts.missing.cache_clear()


def test_a_named_font_file_is_used_and_a_missing_one_said(tmp_path: Path) -> None:
    shutil.copy(_dejavu(), tmp_path / "Brand.ttf")
    found = fonts.find("Brand.ttf", "en", tmp_path)
    assert not isinstance(found, str) and found.bold.path == str(tmp_path / "Brand.ttf")
    assert fonts.find("nope.otf", "en", tmp_path) == "`cards.font`: no font file nope.otf"


# -- the card itself ---------------------------------------------------------------------


def test_a_card_is_a_1200_by_630_png_with_its_title_drawn() -> None:
    found = fonts.find("", "zh-CN", Path("."))
    assert not isinstance(found, str)
    colours = Colours("#ffffff", "#1f2328", "#57606a", "#1a5fb4")
    text = CardText("AI 观察", "重新思考人工智能", "2026年02月06日", "#DeepSeek")
    card = Image.open(__import__("io").BytesIO(card_draw.draw(text, colours, found, "d1")))
    assert (card.format, card.size) == ("PNG", (1200, 630))
    assert card.info[card_draw.DIGEST_KEY] == "d1"
    title_band = (0, TITLE_TOP, 1200, card_draw.DETAILS_TOP - 10)
    assert _ink(card, title_band, colours.text) > 2000  # eight bold 68px characters
    assert _ink(card, (0, 0, 1200, TITLE_TOP - 20), colours.accent) > 1200 * 14  # bar, name
    assert _ink(card, (0, card_draw.DETAILS_TOP, 1200, 630), colours.muted) > 100
    assert card.convert("RGB").getpixel((600, 320)) == (255, 255, 255)  # the background
    other = Image.open(
        __import__("io").BytesIO(
            card_draw.draw(CardText("AI 观察", "另一个标题", "", ""), colours, found, "d2")
        )
    )
    assert other.crop(title_band).tobytes() != card.crop(title_band).tobytes()


# -- cards in a site ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def carded(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = tmp_path_factory.mktemp("cards")
    site = write_site(
        root / "site",
        {
            "content/static/og.png": b"png",
            "content/posts/cn.md": post(
                title="重新思考人工智能：深度求索的战略", category="深度解读", tags="[DeepSeek]"
            ),
            "content/posts/covered/index.md": post(title="有封面", cover="c.png"),
            "content/posts/covered/c.png": b"png",
            "content/pages/about.md": "---\ntitle: 关于\n---\n\n本站。\n",
            "content/posts/cn.en.md": post(title="Rethinking AI", tags="[DeepSeek]"),
        },
        CONFIG + "cards:\n  colours: {background: '#fff8e6', accent: '#b4261a'}\n",
    )
    return build(site, BuildOptions(output=root / "out", jobs=1))


def test_posts_pages_and_the_home_page_get_cards(carded: BuildResult) -> None:
    out = carded.output_dir
    made = sorted(p.relative_to(out).as_posix() for p in (out / "cards").rglob("*.png"))
    assert made == [
        "cards/en/posts/cn.png",  # a translation's, under its language
        "cards/home.png",
        "cards/pages/about.png",
        "cards/posts/cn.png",
    ]
    english = parse(out / "en/posts/cn/index.html")
    assert _meta(english, property="og:image") == [BASE + "cards/en/posts/cn.png"]
    page = parse(out / "posts/cn/index.html")
    card = BASE + "cards/posts/cn.png"
    assert _meta(page, property="og:image") == [card]
    assert _meta(page, property="og:image:width") == ["1200"]
    assert _meta(page, property="og:image:height") == ["630"]
    assert _meta(page, property="og:image:alt") == ["重新思考人工智能：深度求索的战略"]
    assert _meta(page, name="twitter:card") == ["summary_large_image"]
    assert _meta(page, name="twitter:image") == [card]
    home = parse(out / "index.html")
    assert _meta(home, property="og:image") == [BASE + "cards/home.png"]
    assert _meta(parse(out / "about/index.html"), property="og:image") == [
        BASE + "cards/pages/about.png"
    ]
    # A post with a cover keeps it: no card is drawn for it.
    covered = parse(out / "posts/covered/index.html")
    assert _meta(covered, property="og:image") == [BASE + "posts/covered/c.png"]


def test_site_yml_colours_override_the_theme(carded: BuildResult) -> None:
    card = Image.open(carded.output_dir / "cards/posts/cn.png").convert("RGB")
    assert card.getpixel((600, 470)) == (0xFF, 0xF8, 0xE6)  # background
    assert card.getpixel((600, 5)) == (0xB4, 0x26, 0x1A)  # the accent bar
    assert _ink(card, (0, TITLE_TOP, 1200, 480), "#1f2328") > 2000  # the theme's text colour


def test_a_title_the_font_cannot_draw_gets_a_warning_and_no_card(tmp_path: Path) -> None:
    shutil.copy(_dejavu(), tmp_path / "Latin.ttf")
    site = write_site(
        tmp_path / "site",
        {
            "content/static/og.png": b"png",
            "Latin.ttf": (tmp_path / "Latin.ttf").read_bytes(),
            "content/posts/cn.md": post(title="中文标题"),
            "content/posts/en.md": post(title="An English title", date="2026-02-07", lang="en"),
        },
        CONFIG.replace("title: Test Blog", "title: Latin Blog") + "cards:\n  font: Latin.ttf\n",
    )
    result = build(site, BuildOptions(output=tmp_path / "out", jobs=1))
    assert [str(w) for w in result.diagnostics.warnings] == [
        "content/posts/cn.md:2: warning: no social card: its font (Latin) cannot draw “中” "
        "(U+4E2D) “文” (U+6587) “标” (U+6807) “题” (U+9898) “年” (U+5E74) “月” (U+6708) “日” "
        "(U+65E5); name a font that can in site.yml (`cards.font`)"
    ]
    out = result.output_dir
    assert not (out / "cards/posts/cn.png").exists()
    assert (out / "cards/posts/en.png").is_file()
    # No box anywhere: the post keeps site.yml's og_image.
    assert _meta(parse(out / "posts/cn/index.html"), property="og:image") == [BASE + "og.png"]


def test_every_og_image_names_a_file_the_site_has(tmp_path: Path) -> None:
    """A cover that names no file is left out (a warning), and the post gets its card: the
    cards are planned with covers resolved, so og:image never names a card not drawn."""
    site = write_site(
        tmp_path / "site",
        {
            "content/posts/kept.md": post(title="有封面", cover="/cover.png"),
            "content/posts/lost.md": post(title="封面丢失", date="2026-02-07", cover="nope.png"),
        },
        CONFIG,
    )
    write_png(site / "content/static/cover.png", (1200, 630))
    result = build(site, BuildOptions(output=tmp_path / "out", jobs=1))
    out = result.output_dir
    assert any("'nope.png'" in str(w) for w in result.diagnostics.warnings)
    for name in ("kept", "lost"):
        [image] = _meta(parse(out / f"posts/{name}/index.html"), property="og:image")
        assert image.startswith(BASE) and (out / image[len(BASE) :]).is_file(), image
    assert (out / "cards/posts/lost.png").is_file()
    assert not (out / "cards/posts/kept.png").exists()


def test_no_cards_when_site_yml_says_so(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {"content/static/og.png": b"png", "content/posts/a.md": post(title="标题")},
        CONFIG + "cards: false\n",
    )
    result = build(site, BuildOptions(output=tmp_path / "out", jobs=1))
    assert not (result.output_dir / "cards").exists()
    page = parse(result.output_dir / "posts/a/index.html")
    assert _meta(page, property="og:image") == [BASE + "og.png"]
    assert _meta(page, name="twitter:card") == ["summary"]
    home = parse(result.output_dir / "index.html")
    assert _meta(home, property="og:image") == [BASE + "og.png"]
    assert _meta(home, property="og:image:width") == []  # its size is not known


def test_a_family_that_is_not_installed_is_said(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {"content/posts/a.md": post(title="Title", lang="en")},
        BASIC_CONFIG + "cards:\n  font: No Such Family Sans\n",
    )
    result = build(site, BuildOptions(output=tmp_path / "out", jobs=1))
    warned = [w.message for w in result.diagnostics.warnings]
    assert len(warned) == 1
    assert warned[0].startswith("`cards.font`: no font “No Such Family Sans” is installed;")


def test_a_font_file_that_is_not_a_font_is_a_warning_not_a_crash(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {"content/posts/a.md": post(title="Title", lang="en"), "fonts/Brand.ttf": "not a font"},
        BASIC_CONFIG + "cards:\n  font: fonts/Brand.ttf\n",
    )
    result = build(site, BuildOptions(output=tmp_path / "out", jobs=1))
    [warned] = result.diagnostics.warnings
    assert (warned.path, warned.message.split(" (")[0]) == (
        "site.yml",
        "no social cards: `cards.font`: fonts/Brand.ttf is not a font file FreeType can read",
    )
    assert not (result.output_dir / "cards").exists()


# -- drawn once --------------------------------------------------------------------------


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The titles of the cards drawn (not reused) while the test runs."""
    titles: list[str] = []
    draw = card_draw.draw

    def counting(text: CardText, *rest: object) -> bytes:
        titles.append(text.title)
        return draw(text, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(card_draw, "draw", counting)
    yield titles


def _touch(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10_000_000))


def test_rebuilds_draw_only_the_cards_whose_text_changed(tmp_path: Path, drawn: list[str]) -> None:
    files = {
        f"content/posts/p{i}.md": post(title=f"文章{i}", date=f"2026-01-{i:02d}", tags="[共同]")
        for i in range(1, 6)
    }
    site = write_site(tmp_path / "site", files)
    builder = Builder(site, BuildOptions(output=tmp_path / "out"), keep_caches=True)
    builder.build()
    assert sorted(drawn) == ["Test Blog", *(f"文章{i}" for i in range(1, 6))]
    drawn.clear()
    assert builder.build().rendered == 0 and drawn == []
    # A body edit: the card shows no body.
    _touch(
        site / "content/posts/p2.md",
        post(title="文章2", date="2026-01-02", body="改。", tags="[共同]"),
    )
    result = builder.build()
    assert drawn == [] and "cards/posts/p2.png" not in result.rendered_paths
    # A new post changes what every page shares (the tag's count): a card's key is its
    # own digest, so only the new card is made.
    _touch(site / "content/posts/p6.md", post(title="文章6", date="2026-01-06", tags="[共同]"))
    result = builder.build()
    assert "cards/posts/p1.png" not in result.rendered_paths
    assert drawn == ["文章6"]
    drawn.clear()
    # A new title: that card alone.
    _touch(site / "content/posts/p3.md", post(title="新标题", date="2026-01-03", tags="[共同]"))
    result = builder.build()
    assert drawn == ["新标题"]
    assert {p for p in result.rendered_paths if p.startswith("cards/")} == {"cards/posts/p3.png"}
    clean = build(site, BuildOptions(output=tmp_path / "clean"))
    assert files_under(result.output_dir) == files_under(clean.output_dir)


def test_aiblog_build_with_its_cache_redraws_only_what_changed(
    tmp_path: Path, drawn: list[str]
) -> None:
    site = write_site(
        tmp_path / "site",
        {f"content/posts/p{i}.md": post(title=f"文章{i}", date=f"2026-01-0{i}") for i in (1, 2)},
    )
    options = BuildOptions(output=tmp_path / "out", cache=True)
    build(site, options)
    drawn.clear()
    # The site's description is on the home page's card only.
    _touch(site / "site.yml", BASIC_CONFIG + "description: 新的简介\n")
    build(site, options)
    assert drawn == ["Test Blog"]


def test_the_hand_written_png_decodes_to_its_pixels_palette_and_text() -> None:
    from generator.png import palette_png

    # Rows 1 and 3–4 drawn (a filter byte, then three indices), rows 0, 2 and 5 background.
    bands = [(1, bytes([0, 0, 1, 2])), (3, bytes([0, 2, 1, 0, 0, 1, 1, 1]))]
    palette = bytes([255, 255, 255, 0, 0, 0, 200, 0, 0])
    data = palette_png(3, 6, bands, palette, {"k": "v"})
    image = Image.open(io.BytesIO(data))
    assert (image.format, image.mode, image.size, image.info["k"]) == ("PNG", "P", (3, 6), "v")
    indices = list(image.tobytes())
    assert indices == [0, 0, 0, 0, 1, 2, 0, 0, 0, 2, 1, 0, 1, 1, 1, 0, 0, 0]
    assert image.convert("RGB").getpixel((2, 1)) == (200, 0, 0)


@given(st.binary(max_size=300_000), st.binary(max_size=70_000))
@settings(max_examples=60, deadline=None)
def test_checksums_of_pieces_combine_to_the_checksum_of_the_whole(a: bytes, b: bytes) -> None:
    from generator.png import adler32_combine

    assert adler32_combine(zlib.adler32(a), zlib.adler32(b), len(b)) == zlib.adler32(a + b)


def test_a_drawn_card_holds_every_pixel_drawn() -> None:
    """Only the bands a card drew on are deflated: none may be left out (the board, where
    the card was drawn, against the PNG decoded)."""
    found = fonts.find("", "zh-CN", Path("."))
    assert not isinstance(found, str), found
    colours = card_draw.Colours("#ffffff", "#111111", "#666666", "#0b57d0")
    text = card_draw.CardText(
        "AI 评论", "「深度求索」发布 R1：开源推理模型的一年，回顾与展望，以及它对行业的意义",
        "2026年02月06日 · 深度解读", "#DeepSeek #开源模型 #gjpqy",
    )  # fmt: skip
    data = card_draw.draw(text, colours, found, "d")
    drawn = card_draw._board().tobytes()
    board = [drawn[r * 1201 + 1 : (r + 1) * 1201] for r in range(630)]
    decoded = Image.open(io.BytesIO(data)).tobytes()
    rows = [decoded[r * 1200 : (r + 1) * 1200] for r in range(630)]
    assert sum(any(row) for row in rows) > 150  # the title, name, details and tags
    assert rows == board


def test_cards_are_drawn_together_by_as_few_workers_as_share_them() -> None:
    """A worker renders each glyph once: cards go to one part per two workers (first, so
    that the other workers render pages meanwhile), every other output interleaved."""
    from generator.plan import Output, Plan
    from generator.speed.engine import _slices

    outputs = [Output(f"cards/posts/{n}.png", "card") for n in range(6)]
    outputs += [Output(f"posts/{n}/index.html", "document") for n in range(40)]
    plan = Plan(tuple(outputs))
    todo = list(range(len(outputs)))
    for workers, card_parts in ((2, 1), (4, 2)):
        parts = _slices(plan, todo, workers)
        assert sorted(n for part in parts for n in part) == todo  # each output once
        kinds = [{plan.outputs[n].kind for n in part} for part in parts]
        assert kinds[:card_parts] == [{"card"}] * card_parts
        assert all(kind == {"document"} for kind in kinds[card_parts:])
    # Cards alone (a change to site.yml's card colours): every worker draws a share.
    only_cards = _slices(plan, list(range(6)), 2)
    assert [len(part) for part in only_cards] == [3, 3]


@given(st.integers(1, 40), st.lists(st.booleans(), min_size=1, max_size=50), st.randoms())
@settings(max_examples=80, deadline=None)
def test_any_bands_make_a_zlib_stream_that_checks_out(
    width: int, drawn_rows: list[bool], rng: Any
) -> None:
    """Banded deflate pieces and blank runs, spliced: zlib (which checks the Adler-32)
    inflates the IDAT to exactly the rows given, background elsewhere."""
    from generator.png import palette_png

    stride, height = width + 1, len(drawn_rows)
    full, bands, run = bytearray(stride * height), [], None
    for row, drawn in enumerate([*drawn_rows, False]):
        if drawn:
            line = bytes([0, *(rng.randint(0, 3) for _ in range(width))])
            full[row * stride : (row + 1) * stride] = line
            run = (row, run[1] + line) if run else (row, line)
        elif run:
            bands.append((run[0] - (len(run[1]) // stride - 1), run[1]))
            run = None
    png = palette_png(width, height, bands, bytes(12), {})
    at, idat = 8, b""
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        idat += png[at + 8 : at + 8 + length] if png[at + 4 : at + 8] == b"IDAT" else b""
        at += 12 + length
    assert zlib.decompress(idat) == bytes(full)
