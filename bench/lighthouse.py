"""Lighthouse scores of the default theme, mobile and desktop.

    python bench/lighthouse.py [--pages home,post,tag,search] [--node-dir DIR]

Builds the example blog plus the kitchen-sink post of the theme tests (code, a wide table,
images, FAQ) into a temporary dir, serves it on 127.0.0.1 with gzip (as GitHub Pages does),
and runs Lighthouse 12 (from npm, installed once into --node-dir; Lighthouse 13 needs Node
22) in Debian's chromium on each page, printing the four category scores. It takes about
a minute per page and form factor on two cores, which is why it is a bench and not a test:
the tests run axe on every page kind instead (tests/test_accessibility.py).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.build import BuildOptions, build  # noqa: E402

LIGHTHOUSE = "lighthouse@12.2.3"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PAGES = {
    "home": "/",
    "post": "/posts/kitchen-sink/",  # code, a table, images, FAQ
    "tag": "/tags/deepseek/",
    "search": "/search/",  # measured when the build has it
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
COMPRESSIBLE = (".html", ".css", ".js", ".svg", ".xml", ".json", ".txt")


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, gzipped when the client accepts it (as GitHub Pages serves them)."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.suffix in COMPRESSIBLE and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)


def lighthouse_cli(node_dir: Path) -> Path:
    cli = node_dir / "node_modules" / ".bin" / "lighthouse"
    if not cli.exists():
        node_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "-E", LIGHTHOUSE],
            cwd=node_dir,
            check=True,
        )
    return cli


def build_site(work: Path, origin: str) -> Path:
    blog = work / "blog"
    blog.mkdir()
    shutil.copy(ROOT / "site.yml", blog / "site.yml")
    shutil.copytree(ROOT / "content", blog / "content")
    shutil.copytree(ROOT / "tests/fixtures/theme/kitchen-sink", blog / "content/posts/kitchen-sink")
    out = work / "out"
    build(blog, BuildOptions(output=out, base_url=origin + "/", jobs=1))
    return out


def scores(cli: Path, url: str, preset: str, report: Path) -> dict[str, int]:
    command = [
        str(cli),
        url,
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-background-networking",
        "--quiet",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
    result = json.loads(report.read_text(encoding="utf-8"))
    return {c: round(result["categories"][c]["score"] * 100) for c in CATEGORIES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument(
        "--node-dir", type=Path, default=Path.home() / ".cache" / "aiblog-lighthouse"
    )
    parser.add_argument("--reports", type=Path, help="keep the JSON reports in this dir")
    args = parser.parse_args()
    cli = lighthouse_cli(args.node_dir)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler))
        origin = f"http://127.0.0.1:{server.server_address[1]}"
        out = build_site(work, origin)
        server.RequestHandlerClass = functools.partial(GzipHandler, directory=str(out))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(f"{'page':<8} {'form':<8} " + " ".join(f"{c:>14}" for c in CATEGORIES))
        for name in args.pages.split(","):
            path = PAGES[name]
            if not (out / path.lstrip("/") / "index.html").is_file():
                print(f"{name:<8} (no {path} in this build)")
                continue
            for preset in ("mobile", "desktop"):
                reports = args.reports or work
                reports.mkdir(parents=True, exist_ok=True)
                got = scores(cli, origin + path, preset, reports / f"{name}-{preset}.json")
                print(f"{name:<8} {preset:<8} " + " ".join(f"{got[c]:>14}" for c in CATEGORIES))
        server.shutdown()


if __name__ == "__main__":
    main()
