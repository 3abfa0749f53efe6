"""Shared fixtures: tiny sites written from dicts, and one build of the example blog."""

from __future__ import annotations

import http.client
import io
import shutil
import socket
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it.utils import read_fixture_file
from PIL import Image
from sitecheck import BuiltSite

from generator.build import BuildOptions, BuildResult, build
from generator.cli import main
from generator.serve import serve

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPORA = ROOT.parent / "shared" / "corpora"  # real blogs written for other generators

# Search off: Pagefind's Chinese segmenter costs ~0.3 s per index, even of one page, and
# most tests build many sites. tests/test_search.py builds sites with it on.
BASIC_CONFIG = """\
title: Test Blog
base_url: https://example.org/blog/
language: zh-CN
author:
  name: Tester
search: false
"""


def faq_shapes() -> list[tuple[str, str]]:
    """(title, Markdown) of every Q&A shape of the spec: the cases of the FAQ fixture file
    whose title starts `shape:`. Each asks the same two questions with the same answers."""
    cases = read_fixture_file(FIXTURES / "markdown" / "faq.md")
    return [(title, source) for _line, title, source, _html in cases if title.startswith("shape:")]


# What every shape of faq_shapes() says: (question, answer HTML).
FAQ_SHAPE_PAIRS = [("为什么？", "<p>因为。</p>"), ("然后呢？", "<p>没有了。</p>")]


# Debian's chromium (`.ci/run` installs it), driven by Playwright: one browser per session.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
BROWSER_TESTS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="needs Debian's chromium (.ci/run installs it)"
    ),
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium, offline: no request of its own (background networking off)."""
    from playwright.sync_api import sync_playwright  # imported here: skipped without it

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        yield chromium
        chromium.close()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden output files")


def write_site(root: Path, files: dict[str, str | bytes], config: str = BASIC_CONFIG) -> Path:
    """Write a site: `files` maps paths (relative to the site) to text or bytes."""
    root.mkdir(parents=True, exist_ok=True)
    if "site.yml" not in files:
        (root / "site.yml").write_text(config, encoding="utf-8")
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def files_under(root: Path) -> dict[str, bytes]:
    """Every file under `root` by its posix path relative to it: a built site, compared.
    Not the search bundle (`pagefind/`): Pagefind writes its filter index in hash-map
    order, so two indexes of the same pages differ in bytes (Pagefind issue #638);
    tests/test_search.py compares bundles by what they hold."""
    return {
        rel: p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not (rel := p.relative_to(root).as_posix()).startswith("pagefind/")
    }


def post(title: str = "标题", date: str = "2026-02-06", body: str = "正文。", **extra: str) -> str:
    lines = [f"title: {title}", f"date: {date}"] + [f"{k}: {v}" for k, v in extra.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + textwrap.dedent(body)


def write_png(path: Path, size: tuple[int, int]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, "teal").save(path)


def write_image_assets(site: Path) -> None:
    """The files the fixture's bundle post (content/posts/bundle/index.md) refers to."""
    bundle = site / "content/posts/bundle"
    write_png(bundle / "wide.png", (40, 20))
    write_png(bundle / "图表.png", (50, 25))
    write_png(site / "content/static/img/logo.png", (16, 16))
    photo = Image.new("RGB", (30, 10), "navy")  # stored 30×10, shown turned: 10×30
    exif = photo.getexif()
    exif[0x0112] = 6
    photo.save(bundle / "photo.jpg", exif=exif)
    (bundle / "chart.svg").write_text(
        '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="600px" '
        'height="300"><rect width="10" height="10"/></svg>\n',
        encoding="utf-8",
    )
    (bundle / "box.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 120 80"></svg>',
        encoding="utf-8",
    )
    (bundle / "broken.png").write_text("not an image", encoding="utf-8")


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Path]:
    def make(files: dict[str, str | bytes], config: str = BASIC_CONFIG, name: str = "site") -> Path:
        return write_site(tmp_path / name, files, config)

    return make


@pytest.fixture(scope="session")
def example_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository's example blog (tests must not write into the repo)."""
    target = tmp_path_factory.mktemp("example") / "blog"
    target.mkdir()
    shutil.copy(ROOT / "site.yml", target / "site.yml")
    shutil.copytree(ROOT / "content", target / "content")
    return target


@pytest.fixture(scope="session")
def example_build(example_copy: Path) -> BuildResult:
    return build(example_copy, BuildOptions(jobs=1))


@dataclass(frozen=True)
class CorpusBuild:
    corpus: Path
    site: BuiltSite
    code: int
    err: str


@pytest.fixture(scope="session")
def build_corpus(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], CorpusBuild]:
    """`aiblog build CORPUS --output TMP`, once per corpus and test session (the corpus
    stays read-only: the output and the cache beside it are in a temporary dir)."""
    built: dict[str, CorpusBuild] = {}

    def build_once(name: str) -> CorpusBuild:
        corpus = CORPORA / name
        if not (corpus / "site.yml").is_file():
            pytest.skip(f"{corpus} is absent: the corpora live in ../shared/corpora")
        if name not in built:
            out = tmp_path_factory.mktemp(name) / "public"
            err = io.StringIO()
            argv = ["build", str(corpus), "--output", str(out), "--quiet"]
            code = main(argv, out=io.StringIO(), err=err)
            config = yaml.safe_load((corpus / "site.yml").read_text(encoding="utf-8"))
            built[name] = CorpusBuild(
                corpus, BuiltSite(out, config["base_url"]), code, err.getvalue()
            )
        return built[name]

    return build_once


def site_builder(**options: object) -> Callable[[Path], BuildResult]:
    return lambda site: build(site, BuildOptions(**options))  # type: ignore[arg-type]


class Running:
    def __init__(self, site: Path, output: Path) -> None:
        self.out, self.err = io.StringIO(), io.StringIO()
        self.ready, self.stop = threading.Event(), threading.Event()
        self.port = _free_port()
        self.output = output
        self.thread = threading.Thread(
            target=serve,
            args=(site, "127.0.0.1", self.port),
            kwargs={
                "output": output,
                "out": self.out,
                "err": self.err,
                "ready": self.ready,
                "stop": self.stop,
            },
            daemon=True,
        )

    def request(self, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        conn.request(method, path)
        response = conn.getresponse()
        body = response.read()
        conn.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            time.sleep(0.05)
        raise AssertionError(
            f"timed out; server said:\n{self.out.getvalue()}\n{self.err.getvalue()}"
        )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def serving(
    make_site: Callable[..., Path], tmp_path: Path
) -> Iterator[Callable[[dict[str, str]], Running]]:
    """Start `aiblog serve` (in a thread, on a free port) over a site made from files."""
    started: list[Running] = []

    def start(files: dict[str, str]) -> Running:
        site = make_site(files)
        server = Running(site, tmp_path / "preview")
        server.site = site  # type: ignore[attr-defined]
        server.thread.start()
        assert server.ready.wait(30)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop.set()
        server.thread.join(10)
