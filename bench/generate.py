"""Synthetic corpus: mixed Chinese/English AI-commentary posts with every section.

Each post has ~1,500 CJK characters and ~150 English words, headings, a table, a Python
block, 要点回顾 and 常见问题 sections and 3–5 tags from a pool of 200. Deterministic for a
given seed, so every tool in a comparison reads the same corpus.

    python bench/generate.py OUT_DIR --posts 1000
"""

from __future__ import annotations

import argparse
import random
from datetime import datetime, timedelta
from pathlib import Path

HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞"
WORDS = [
    "model",
    "inference",
    "training",
    "scaling",
    "agent",
    "benchmark",
    "latency",
    "token",
    "context",
    "reasoning",
    "distillation",
    "quantisation",
    "transformer",
    "attention",
    "sparse",
    "mixture",
    "expert",
    "dataset",
    "evaluation",
    "alignment",
    "safety",
    "compute",
    "cluster",
    "accelerator",
    "throughput",
    "cost",
    "pricing",
    "open",
    "weights",
    "release",
    "paper",
    "research",
    "startup",
    "market",
    "investor",
    "product",
    "developer",
]


def cjk_text(rng: random.Random, chars: int) -> str:
    out: list[str] = []
    count = 0
    while count < chars:
        n = rng.randint(12, 30)
        out.append("".join(rng.choice(HAN) for _ in range(n)) + rng.choice("，。；"))
        count += n
    return "".join(out)


def english(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def post(rng: random.Random, index: int, tags: list[str], start: datetime) -> tuple[str, str, str]:
    """(YAML frontmatter for aiblog and Hugo, Pelican's `Key: value` metadata, body)."""
    date = start + timedelta(hours=7 * index)
    chosen = rng.sample(tags, rng.randint(3, 5))
    tag_lines = "".join(f"  - {t}\n" for t in chosen)
    title = f"合成文章 {index}：{cjk_text(rng, 12)}"
    sections = [
        f"📌 一句话总结：{cjk_text(rng, 40)}\n",
        f"## 背景 {index}\n\n{cjk_text(rng, 300)}\n\n{english(rng, 40)}.\n",
        f"## 分析\n\n{cjk_text(rng, 300)}\n\n| 指标 | Value |\n|---|---|\n| 成本 | {rng.randint(1, 999)} |\n| latency | {rng.randint(1, 99)} ms |\n",
        f"### 细节\n\n{cjk_text(rng, 250)} {english(rng, 40)}.\n\n```python\ndef score(x: int) -> int:\n    return x * {index} + 1\n```\n",
        f"## 富贵点评\n\n{cjk_text(rng, 250)}\n",
        f"## 要点回顾\n\n- {cjk_text(rng, 30)}\n- {cjk_text(rng, 30)}\n- {english(rng, 10)}\n",
        f"## 常见问题\n\nQ: {cjk_text(rng, 15)}？\n\nA: {cjk_text(rng, 120)} {english(rng, 30)}.\n\n"
        f"Q: {english(rng, 6)}?\n\nA: {cjk_text(rng, 100)} {english(rng, 30)}.\n",
        f"## 参考来源\n\n- [{english(rng, 3)}](https://example.com/{index})\n",
    ]
    yaml = f"---\ntitle: {title}\ndate: {date.isoformat()}\ntags:\n{tag_lines}category: 评论\nauthor: 基准\n---\n\n"
    pelican = f"Title: {title}\nDate: {date:%Y-%m-%d %H:%M}\nTags: {', '.join(chosen)}\nCategory: 评论\nAuthor: 基准\nSlug: post-{index:05d}\n\n"
    return yaml, pelican, "\n".join(sections)


def generate(out: Path, posts: int, seed: int = 7, pelican: Path | None = None) -> Path:
    """The corpus as an aiblog site (Hugo reads the same files); optionally a copy of it
    with Pelican's metadata format under `pelican`."""
    rng = random.Random(seed)
    tags = [f"tag{n:03d}" for n in range(200)]
    folder = out / "content" / "posts"
    folder.mkdir(parents=True, exist_ok=True)
    (out / "site.yml").write_text(
        "title: Bench\nbase_url: https://bench.example.org/\nposts_per_page: 10\n", encoding="utf-8"
    )
    start = datetime(2020, 1, 1, 8, 0)
    if pelican is not None:
        (pelican / "content" / "posts").mkdir(parents=True, exist_ok=True)
    for index in range(posts):
        yaml, pelican_meta, body = post(rng, index, tags, start)
        (folder / f"post-{index:05d}.md").write_text(yaml + body, encoding="utf-8")
        if pelican is not None:
            target = pelican / "content" / "posts" / f"post-{index:05d}.md"
            target.write_text(pelican_meta + body, encoding="utf-8")
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.out, args.posts, args.seed)
    print(f"wrote {args.posts} posts to {args.out}")
