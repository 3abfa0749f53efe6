"""What parsing and rendering a post's Markdown costs, in ms per post, on the synthetic
corpus of generate.py: as generated (the plugins only look), and with a paragraph of the
constructs they handle appended to every post (wrapped CJK lines, a callout, a shortcode,
inline and display math, raw HTML with something to remove).

    python bench/markdown_cost.py --posts 1000
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from generate import generate

from generator.analyse import analyse
from generator.errors import Diagnostics
from generator.markdown import MarkdownOptions, create_markdown

CONSTRUCTS = """
模型在长上下文里
会反复读取缓存，
Latin words
wrap too.

> [!TIP]
> 先看 $O(n^2)$ 的注意力开销。

{{< youtube dQw4w9WgXcQ >}}

$$
\\sum_{i=1}^{n} x_i = \\frac{n(n+1)}{2}
$$

<details><summary>展开</summary>

<img src="chart.png" onerror="alert(1)"> 细节 <kbd>Ctrl</kbd>

</details>
"""


def bodies(site: Path) -> list[str]:
    return [
        path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        for path in sorted((site / "content" / "posts").glob("*.md"))
    ]


def ms_per_post(texts: list[str], repeat: int) -> float:
    md = create_markdown(MarkdownOptions(cjk_breaks=True))
    for text in texts[:20]:  # warm: lexers compiled, templates loaded
        md.render(text, {"lang": "zh"})
    best = float("inf")  # CPU time: the machine may be shared
    for _ in range(repeat):
        started = time.process_time()
        for text in texts:
            md.render(text, {"lang": "zh", "source": "content/posts/x.md", "body_line": 1})
        best = min(best, time.process_time() - started)
    return best * 1000 / len(texts)


def analyse_ms_per_post(texts: list[str], repeat: int) -> float:
    """The read stage's whole Markdown work: parse, heading ids, sections, FAQ pairs,
    reading time and the blocks rendered (what a post costs before templates)."""
    options = MarkdownOptions(cjk_breaks=True)

    def run(text: str) -> None:
        analyse(
            text,
            rel="content/posts/x.md",
            body_line=1,
            markdown=options,
            cjk_per_minute=300,
            words_per_minute=200,
            diags=Diagnostics(),
            lang="zh",
        )

    for text in texts[:20]:
        run(text)
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        for text in texts:
            run(text)
        best = min(best, time.process_time() - started)
    return best * 1000 / len(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        texts = bodies(generate(Path(tmp), args.posts))
    plain = ms_per_post(texts, args.repeat)
    rich = ms_per_post([text + CONSTRUCTS for text in texts], args.repeat)
    print(f"parse+render, {args.posts} posts: {plain:.2f} ms/post as generated")
    print(f"parse+render, {args.posts} posts: {rich:.2f} ms/post with the constructs appended")
    print(
        f"parse+analyse, {args.posts} posts: {analyse_ms_per_post(texts, args.repeat):.2f} ms/post"
    )


if __name__ == "__main__":
    main()
