"""AI-content labels as a reader, a feed reader, a crawler and an answer engine meet them:
the visible label, the GB 45438-2025 implicit label in `<meta name="AIGC">`, JSON-LD,
feeds, the Markdown copy and llms.txt; and `aiblog check` on an unlabelled credit line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import extruct
import feedparser
import pytest
from conftest import BASIC_CONFIG, post, write_site
from sitecheck import find_all, parse, text

from generator import ailabel
from generator.build import BuildOptions, BuildResult, build
from generator.check import check_site
from generator.config_answer import AiSettings
from generator.errors import BuildFailed

BASE = "https://example.org/blog/"
GB_FIELDS = [
    "Label",
    "ContentProducer",
    "ProduceID",
    "ReservedCode1",
    "ContentPropagator",
    "PropagateID",
    "ReservedCode2",
]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("translated", ("translated",)),
        ("translated, summarised", ("translated", "summarized")),
        (["translated", "summarized"], ("translated", "summarized")),
        ("translated and summarized", ("translated", "summarized")),
        ({"kind": "generated", "model": "GPT-5"}, ("generated",)),
    ],
)
def test_the_forms_of_ai_in_frontmatter(value: object, expected: tuple[str, ...]) -> None:
    found = ailabel.parse(value)
    assert isinstance(found, ailabel.AiUse)
    assert found.kinds == expected


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("machine", "has the unknown kind 'machine'"),
        (["assisted", "translated"], "`assisted` stands alone"),
        ({"model": "X"}, "needs a `kind`"),
        ({"kind": "generated", "by": "X"}, "has unknown keys by"),
        (True, "must be a kind or a list of kinds"),
    ],
)
def test_bad_values_say_what_is_wrong(value: object, problem: str) -> None:
    found = ailabel.parse(value)
    assert isinstance(found, str) and problem in found


@pytest.mark.parametrize("value", [False, "none", ""])
def test_none_means_no_label(value: object) -> None:
    assert ailabel.parse(value) is None


@pytest.mark.parametrize(
    ("kinds", "model", "lang", "expected"),
    [
        (("translated", "summarized"), "DeepSeek", "zh-CN", "本文由 AI（DeepSeek）翻译并总结"),
        (
            ("translated", "summarized"),
            "DeepSeek",
            "en",
            "Translated and summarised with AI (DeepSeek)",
        ),
        (("generated",), "", "zh", "本文由 AI生成"),
        (
            ("translated", "summarized", "generated"),
            "",
            "en",
            "Translated, summarised and generated with AI",
        ),
        (("assisted",), "Claude", "zh-Hans", "本文由 AI（Claude）辅助写作"),
    ],
)
def test_the_visible_label_in_the_post_language(
    kinds: tuple[str, ...], model: str, lang: str, expected: str
) -> None:
    assert ailabel.text(ailabel.AiUse(kinds, model), lang, AiSettings()) == expected


def test_the_wording_is_configurable_and_a_post_may_word_its_own() -> None:
    settings = AiSettings(
        model="Qwen",
        wording=(("zh", "template", "内容由{model}{actions}"), ("zh", "translated", "机译")),
    )
    assert ailabel.text(ailabel.AiUse(("translated",)), "zh", settings) == "内容由（Qwen）机译"
    own = ailabel.AiUse(("translated",), label="译者：某模型")
    assert ailabel.text(own, "zh", settings) == "译者：某模型"


CONFIG = BASIC_CONFIG + "llms: true\n"
TRANSLATED = post(
    title="译文",
    date="2026-02-01",
    body="一句话总结：一篇译文。\n\n正文。\n",
    source="https://venturebeat.com/ai/some-article/",
    ai="{kind: [translated, summarized], model: DeepSeek}",
    tags="[模型]",
)


@pytest.fixture(scope="module")
def labelled(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    site = write_site(
        tmp_path_factory.mktemp("ailabel") / "site",
        {
            "content/posts/translated.md": TRANSLATED,
            "content/posts/english.md": post(
                title="Generated", date="2026-01-20", lang="en", ai="generated", body="Text.\n"
            ),
            "content/posts/plain.md": post(title="人写的", date="2026-01-10", tags="[模型]"),
        },
        CONFIG,
    )
    return build(site, BuildOptions(jobs=1))


def test_the_label_is_at_the_top_of_the_post(labelled: BuildResult) -> None:
    page = parse(labelled.output_dir / "posts/translated/index.html")
    header = find_all(page, "header", **{"class": "post-header"})[0]
    children = [(child.tag.split("}")[1], child.get("class")) for child in header]
    assert children[:3] == [("h1", "post-title p-name"), ("p", "ai-label"), ("div", "post-summary")]
    label = find_all(page, "p", **{"class": "ai-label"})[0]
    assert text(label) == "本文由 AI（DeepSeek）翻译并总结"
    english = parse(labelled.output_dir / "posts/english/index.html")
    assert text(find_all(english, "p", **{"class": "ai-label"})[0]) == "Generated with AI"


def test_the_implicit_label_is_a_json_object_with_the_standard_fields(
    labelled: BuildResult,
) -> None:
    html = (labelled.output_dir / "posts/translated/index.html").read_text()
    # As the standard's examples write it: the JSON object in a single-quoted attribute.
    assert re.search(r"<meta name=\"AIGC\" content='\{\"Label\":\"1\",", html)
    page = parse(labelled.output_dir / "posts/translated/index.html")
    content = find_all(page, "meta", name="AIGC")[0].get("content")
    data = json.loads(content)
    assert list(data) == GB_FIELDS
    assert data["Label"] == "1"
    assert data["ContentProducer"] == "DeepSeek"  # no producer in site.yml: the model
    assert data["ContentPropagator"] == "Test Blog"  # no propagator: the site
    assert re.fullmatch(r"[0-9a-f]{32}", data["ProduceID"])
    assert data["PropagateID"] == data["ProduceID"]
    assert data["ReservedCode1"] == data["ReservedCode2"] == ""
    plain = parse(labelled.output_dir / "posts/plain/index.html")
    assert not find_all(plain, "meta", name="AIGC")
    assert not find_all(plain, "p", **{"class": "ai-label"})


def test_a_crawler_reads_the_disclosure_and_the_translation(labelled: BuildResult) -> None:
    data = extruct.extract(
        (labelled.output_dir / "posts/translated/index.html").read_text(),
        base_url=BASE,
        syntaxes=["json-ld"],
    )
    posting = next(d for d in data["json-ld"] if d["@type"] == "BlogPosting")
    assert posting["digitalSourceType"] == "https://schema.org/TrainedAlgorithmicMediaDigitalSource"
    assert posting["creditText"] == "本文由 AI（DeepSeek）翻译并总结"
    assert posting["translationOfWork"] == {
        "@type": "CreativeWork",
        "url": "https://venturebeat.com/ai/some-article/",
    }


def test_a_feed_reader_sees_the_label(labelled: BuildResult) -> None:
    feed = feedparser.parse((labelled.output_dir / "feed.xml").read_bytes())
    assert not feed.bozo
    entry = next(e for e in feed.entries if e.title == "译文")
    assert entry.summary.startswith("【本文由 AI（DeepSeek）翻译并总结】")
    assert "<em>本文由 AI（DeepSeek）翻译并总结</em>" in entry.content[0].value
    tag_feed = feedparser.parse((labelled.output_dir / "tags/模型/feed.xml").read_bytes())
    assert next(e for e in tag_feed.entries if e.title == "译文").summary.startswith("【本文由")
    plain = next(e for e in feed.entries if e.title == "人写的")
    assert "AI" not in plain.summary
    rss = feedparser.parse((labelled.output_dir / "rss.xml").read_bytes())
    assert next(e for e in rss.entries if e.title == "Generated").summary.startswith(
        "[Generated with AI] "
    )


def test_the_markdown_copy_and_llms_txt_carry_it(labelled: BuildResult) -> None:
    copy = (labelled.output_dir / "posts/translated/index.md").read_text()
    assert copy.split("\n\n")[:2] == ["# 译文", "> 本文由 AI（DeepSeek）翻译并总结"]
    llms = (labelled.output_dir / "llms.txt").read_text()
    assert re.search(
        r"^- \[译文\]\(\S+/posts/translated/index\.md\): .*\(本文由 AI（DeepSeek）翻译并总结\)$",
        llms,
        re.M,
    )
    assert re.search(r"^- \[人写的\]\(\S+\)(: [^(]*)?$", llms, re.M)


def test_lists_show_which_posts_are_labelled(labelled: BuildResult) -> None:
    home = parse(labelled.output_dir / "index.html")
    badges = {
        text(find_all(card, "a")[0]): [
            text(p) for p in find_all(card, "p", **{"class": "post-card-ai"})
        ]
        for card in find_all(home, "li", **{"class": "post-card"})
    }
    assert badges == {
        "译文": ["AI 本文由 AI（DeepSeek）翻译并总结"],
        "Generated": ["AI Generated with AI"],
        "人写的": [],
    }


def test_the_site_default_labels_every_post_but_those_that_opt_out(
    make_site: object, tmp_path: Path
) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "content/posts/a.md": post(title="默认", date="2026-01-01"),
            "content/posts/b.md": post(title="不标", date="2026-01-02", ai="none"),
        },
        BASIC_CONFIG + "ai:\n  default: assisted\n  model: Kimi\n  producer: 某平台\n",
    )
    result = build(site, BuildOptions(output=tmp_path / "out", jobs=1))
    labelled = parse(result.output_dir / "posts/a/index.html")
    assert text(find_all(labelled, "p", **{"class": "ai-label"})[0]) == "本文由 AI（Kimi）辅助写作"
    aigc = json.loads(find_all(labelled, "meta", name="AIGC")[0].get("content"))
    assert aigc["ContentProducer"] == "某平台"
    assert not find_all(parse(result.output_dir / "posts/b/index.html"), "meta", name="AIGC")


def test_a_bad_value_is_an_error_at_its_line(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"content/posts/x.md": post(title="X", ai="machine")})
    with pytest.raises(BuildFailed) as failed:
        build(site, BuildOptions(output=tmp_path / "out"))
    assert [str(d) for d in failed.value.diagnostics.errors] == [
        "content/posts/x.md:4: `ai` has the unknown kind 'machine' "
        "(known: translated, summarized, assisted, generated)"
    ]


def test_check_warns_about_a_credit_line_without_a_label(tmp_path: Path) -> None:
    credit = "*[源信息](https://venturebeat.com/x/)经过deepseek翻译并总结*\n\n正文。\n"
    site = write_site(
        tmp_path / "site",
        {
            "content/posts/unlabelled.md": post(title="没标", body=credit),
            "content/posts/labelled.md": post(title="标了", body=credit, ai="translated"),
            "content/posts/about-aigc.md": post(
                title="谈标识", body="由 AI 生成的图片越来越多，AI 生成内容标识办法已施行。\n"
            ),
        },
    )
    report = check_site(site)
    warned = [str(d) for d in report.diagnostics.warnings if "AI label" in d.message]
    assert warned == [
        "content/posts/unlabelled.md:6: warning: the text says “经过deepseek翻译并总结”, but the "
        "post has no AI label: add `ai: translated` (or summarized, assisted, generated) to its "
        "frontmatter (docs/writing.md#ai-labels)"
    ]
