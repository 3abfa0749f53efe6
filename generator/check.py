"""`aiblog check`: build the site as it would be published (no drafts, no future posts)
into a temporary dir and report what a reader would find broken there.

- every link, image or asset of a page that resolves to no file of the site;
- every `#fragment` with no element of that id on the page it points to;
- XML that does not parse, feeds without the shape of Atom or RSS, feed entries and
  sitemap URLs that are not pages of the site;
- JSON-LD that does not parse;
- with `external`: links to other hosts that do not answer well (check_external.py).

Each problem is a Diagnostic at the Markdown line where the URL was written (or the
site.yml line, for a menu link); where no file of the author's holds it (a template's
link, a feed), at the output file and line.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from generator import ailabel_check
from generator.build import BuildOptions, build
from generator.check_external import ExternalOptions, check_external
from generator.check_feeds import check_xml
from generator.check_html import PageScan, scan_page
from generator.check_links import External, Internal, Locator, classify, page_url, target_file
from generator.check_links import written_forms as _forms
from generator.config import CONFIG_FILE
from generator.errors import Diagnostics

EXTERNAL_CACHE = Path(".aiblog-cache") / "external-links.json"
# Fragments a browser honours without an element of that id.
_IMPLICIT_FRAGMENTS = {"", "top"}


@dataclass
class CheckReport:
    diagnostics: Diagnostics
    pages: int = 0  # HTML pages read
    links: int = 0  # references checked on them (internal and external)
    external_asked: int = 0  # external links requested (not answered from the cache)


@dataclass
class _Problem:
    page: str  # output path of the page it is on
    line: int  # in that page
    url: str  # as found in the page
    message: str


@dataclass
class _Built:
    out: Path
    origin: str
    base_path: str
    sources: dict[str, str]  # output path → the Markdown file it was built from
    scans: dict[str, PageScan] = field(default_factory=dict)

    def resolve(self, url: str, on_page: str) -> Internal | External | None:
        return classify(url, page_url(on_page, self.base_path), self.origin, self.base_path)

    def exists(self, url: str) -> bool:
        where = classify(url, self.base_path, self.origin, self.base_path)
        return (
            isinstance(where, Internal)
            and target_file(self.out, self.base_path, where.path) is not None
        )


def check_site(
    site_dir: Path, external: bool = False, external_options: ExternalOptions | None = None
) -> CheckReport:
    """Raises BuildFailed when the site does not build (its diagnostics say why)."""
    site_dir = site_dir.resolve()
    with tempfile.TemporaryDirectory(prefix="aiblog-check-") as tmp:
        # Not the search index: its files are Pagefind's, and linked to by no page.
        result = build(site_dir, BuildOptions(output=Path(tmp) / "site", search_index=False))
        diags = Diagnostics([d for d in result.diagnostics.items if d.severity == "warning"])
        ailabel_check.report(result.site, diags)  # a model credited in the text, no label
        urls = result.site.urls
        sources = {
            urls.output_path(urls.document(doc.kind, doc.meta.slug)): doc.source
            for doc in (*result.site.posts, *result.site.pages)
        }
        built = _Built(
            result.output_dir, result.site.config.origin, result.site.config.base_path, sources
        )
        report = CheckReport(diags)
        problems, outbound = _check_pages(built, report)
        _check_xml_files(built, diags)
        locator = Locator(site_dir)
        _report(problems, built, locator, diags)
        if external:
            cache = site_dir / EXTERNAL_CACHE
            failed, report.external_asked = check_external(outbound, cache, external_options)
            bad = {status.url: status for status in failed}
            external_problems = [
                _Problem(page, line, url, f"external link {url} {bad[url].describe()}")
                for url, places in outbound.items()
                if url in bad
                for page, line in places
            ]
            _report(external_problems, built, locator, diags)
    # A build warning at a line where check found a broken link or image says the same
    # thing once more (`image x.png not found`): the error alone is enough.
    errors = {(d.path, d.line) for d in diags.errors}
    diags.items = [
        d for d in diags.items if d.severity == "error" or (d.path, d.line) not in errors
    ]
    return report


def _html_files(out: Path) -> list[str]:
    found = []
    for folder, dirs, files in os.walk(out):
        dirs[:] = sorted(d for d in dirs if d != "pagefind")  # Pagefind's bundle: its own UI
        found += [
            (Path(folder) / name).relative_to(out).as_posix()
            for name in sorted(files)
            if name.endswith(".html")
        ]
    return found


def _check_pages(
    built: _Built, report: CheckReport
) -> tuple[list[_Problem], dict[str, list[tuple[str, int]]]]:
    """Problems of every page's references and JSON-LD; external URLs with where they are."""
    for rel in _html_files(built.out):
        built.scans[rel] = scan_page(
            (built.out / rel).read_text(encoding="utf-8", errors="replace")
        )
    report.pages = len(built.scans)
    problems: list[_Problem] = []
    outbound: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for rel, scan in built.scans.items():
        for line, text in scan.json_ld:
            try:
                json.loads(text)
            except ValueError as exc:
                report.diagnostics.error(rel, line, f"JSON-LD does not parse: {exc}")
        for ref in scan.references:
            where = built.resolve(ref.url, rel)
            if where is None:
                continue
            report.links += 1
            if isinstance(where, External):
                outbound[where.url].append((rel, ref.line))
                continue
            target = target_file(built.out, built.base_path, where.path)
            if target is None:
                what = "link" if ref.kind == "link" else ref.kind
                problems.append(
                    _Problem(rel, ref.line, ref.url, f"broken {what}: {ref.url} (no such file)")
                )
            elif (
                where.fragment not in _IMPLICIT_FRAGMENTS
                and not where.fragment.startswith(":~:")  # a text fragment
                and target in built.scans
                and where.fragment not in built.scans[target].ids
            ):
                on = "this page" if target == rel else page_url(target, built.base_path)
                problems.append(
                    _Problem(
                        rel,
                        ref.line,
                        ref.url,
                        f"broken anchor: {ref.url} (no id “{where.fragment}” on {on})",
                    )
                )
    return problems, outbound


def _check_xml_files(built: _Built, diags: Diagnostics) -> None:
    for path in sorted(built.out.rglob("*.xml")):
        rel = path.relative_to(built.out).as_posix()
        for problem in check_xml(rel, path.read_bytes(), built.exists):
            diags.error(rel, problem.line, problem.message)


def _report(problems: list[_Problem], built: _Built, locator: Locator, diags: Diagnostics) -> None:
    """Each problem at the line of the Markdown (or site.yml) that wrote its URL; the rest
    at their output file, once per URL and message (a menu link is on every page)."""
    located_urls: set[str] = set()
    unlocated: dict[tuple[str, str], list[_Problem]] = defaultdict(list)
    seen: set[tuple[str, int, str]] = set()
    for problem in problems:
        forms = _forms(problem.url, built.base_path)
        source = built.sources.get(problem.page)
        lines = locator.find(source, forms) if source else []
        where = source
        if not lines:
            lines, where = locator.find(CONFIG_FILE, forms), CONFIG_FILE
        if not lines or where is None:
            unlocated[(problem.url, problem.message)].append(problem)
            continue
        located_urls.add(problem.url)
        for line in lines:
            if (where, line, problem.message) not in seen:
                seen.add((where, line, problem.message))
                diags.error(where, line, problem.message)
    for (url, message), found in unlocated.items():
        if url in located_urls:
            continue  # the same URL shown elsewhere (e.g. a summary on a list page)
        first = found[0]
        more = len({p.page for p in found}) - 1
        also = f" (and on {more} other page{'s' if more > 1 else ''})" if more else ""
        diags.error(first.page, first.line, message + also)
