"""The Pagefind service client (search_service.py): bundles made by one process with its
dictionary loaded once, and every way the service can fail said in one line, never a
traceback or a hang. The failures are played by a fake service (a script that speaks the
protocol as told); the rest runs the real Pagefind."""

from __future__ import annotations

import gzip
import json
import sys
import threading
import time
from pathlib import Path

import pytest

from generator import search, search_pagefind
from generator.search_service import PagefindService, SearchIndexError, Services

FAKE = """\
import base64, json, sys, time
mode = {mode!r}
buffer = b""
while True:
    data = sys.stdin.buffer.read1(65536)
    if not data:
        break
    buffer += data
    *messages, buffer = buffer.split(b",")
    for message in messages:
        request = json.loads(base64.b64decode(message))
        if mode == "silent":
            time.sleep(60)
        elif mode == "garbage":
            sys.stdout.buffer.write(b"warning: not base64!,")
        elif mode == "exit":
            sys.stderr.write("fake: out of memory\\n")
            sys.exit(3)
        elif mode == "noid":  # an answer of another shape (another version)
            answer = {{"type": "NewIndex"}}
            reply = {{"message_id": request["message_id"], "payload": answer}}
            sys.stdout.buffer.write(base64.b64encode(json.dumps(reply).encode()) + b",")
        else:
            answer = {{"type": "Error", "message": "cannot index that"}}
            reply = {{"message_id": request["message_id"], "payload": answer}}
            sys.stdout.buffer.write(base64.b64encode(json.dumps(reply).encode()) + b",")
        sys.stdout.buffer.flush()
"""


def _fake(tmp_path: Path, mode: str) -> str:
    script = tmp_path / f"fake-pagefind-{mode}"
    script.write_text(f"#!{sys.executable}\n" + FAKE.format(mode=mode), encoding="utf-8")
    script.chmod(0o755)
    return str(script)


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "posts/a").mkdir(parents=True)
    (site / "posts/a/index.html").write_text(
        '<html lang="zh-CN"><body><main data-pagefind-body><h1>稀疏模型</h1>'
        "<p>混合专家架构让推理更便宜。</p></main></body></html>",
        encoding="utf-8",
    )
    return site


@pytest.mark.parametrize(
    ("mode", "said"),
    [
        ("error", "Pagefind failed: cannot index that"),
        ("garbage", "Pagefind's answer is not understood: 'warning: not base64!'"),
        ("exit", "Pagefind failed (exit 3): fake: out of memory"),
        ("noid", "Pagefind made no index (answer: None)"),
    ],
)
def test_a_failing_service_is_said_in_one_line(tmp_path: Path, mode: str, said: str) -> None:
    service = PagefindService(_fake(tmp_path, mode))
    try:
        with pytest.raises(SearchIndexError) as failed:
            service.bundle(_site(tmp_path), "zh-cn", tmp_path / "bundle", [])
        assert str(failed.value) == said
    finally:
        service.close()


def test_a_wait_for_a_silent_service_ends_when_cancelled(tmp_path: Path) -> None:
    service = PagefindService(_fake(tmp_path, "silent"))
    cancel = threading.Event()
    threading.Timer(0.3, cancel.set).start()
    started = time.monotonic()
    try:
        with pytest.raises(SearchIndexError, match="^cancelled$"):
            service.bundle(_site(tmp_path), "zh-cn", tmp_path / "bundle", [], cancel)
    finally:
        service.close()
    assert time.monotonic() - started < 5


def test_a_missing_program_is_said(tmp_path: Path) -> None:
    with pytest.raises(SearchIndexError, match="^Pagefind did not run: "):
        PagefindService(str(tmp_path / "no-such-pagefind"))


def test_a_warmed_service_makes_the_bundles_one_after_another(tmp_path: Path) -> None:
    site = _site(tmp_path)
    with search_pagefind.services() as services:
        services.warm("zh-cn")
        for n in range(2):
            with services.lease() as service:
                pages = service.bundle(site, "zh-cn", tmp_path / f"bundle{n}", [".anchor"])
            assert pages == 1
        assert len(services._all) == 1  # the warmed process made both
    for n in range(2):
        [fragment] = (tmp_path / f"bundle{n}/fragment").iterdir()
        page = json.loads(gzip.decompress(fragment.read_bytes())[len(b"pagefind_dcd") :])
        assert page["url"] == "/posts/a/"  # relative to the dir indexed, as `--site` is
        assert "混合专家架构" in page["content"].replace("\u200b", "")


def test_a_service_that_failed_is_not_lent_again(tmp_path: Path) -> None:
    services, site = Services(_fake(tmp_path, "error")), _site(tmp_path)
    with services:
        for _ in range(2):
            with pytest.raises(SearchIndexError), services.lease() as service:
                service.bundle(site, "zh-cn", tmp_path / "bundle", [])
            assert services._all == []  # stopped and dropped: its pipe may hold stale answers


def test_a_build_without_pagefind_warms_nothing_and_says_why_at_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "missing"))
    with search.warmed("zh-cn") as services:
        assert services is None
    tree = _site(tmp_path)
    with pytest.raises(SearchIndexError, match="^no Pagefind binary: reinstall aiblog"):
        search.index_site(tree, ["posts/a/index.html"], "zh-cn")


def test_the_preview_keeps_one_pagefind_process_for_every_edit(tmp_path: Path) -> None:
    """`aiblog serve` indexes after each rebuild with the same process (its dictionary
    loaded once), and stops it with the server."""
    import io

    from generator.search_background import BackgroundIndexer

    tree = _site(tmp_path)
    indexer = BackgroundIndexer(io.StringIO())
    pages = ["posts/a/index.html"]
    try:
        for n in range(2):
            page = tree / "posts/a/index.html"
            page.write_text(page.read_text("utf-8").replace("</p>", f"第{n}版</p>"), "utf-8")
            with indexer._changed:
                indexer._pending = (tree, pages, "zh-cn", tmp_path / "bundle")
                indexer._changed.notify_all()
            assert indexer.wait_idle(60)
            assert indexer.last is not None and indexer.last.reindexed
        assert indexer._services is not None
        [process] = [s._process for s in indexer._services._all]
    finally:
        indexer.stop()
    assert process.poll() is not None  # stopped with the server


def test_a_service_that_died_while_idle_is_not_lent(tmp_path: Path) -> None:
    """`aiblog serve` keeps its services: one killed between edits (out of memory) must not
    fail the next edit's index."""
    site = _site(tmp_path)
    with search_pagefind.services() as services:
        with services.lease() as service:
            service.bundle(site, "en", tmp_path / "first", [])
        service._process.kill()
        service._process.wait()
        with services.lease() as fresh:
            assert fresh is not service
            assert fresh.bundle(site, "en", tmp_path / "second", []) == 1
        assert services._all == [fresh]


def test_a_pagefind_wheel_without_its_binary_is_said(monkeypatch: pytest.MonkeyPatch) -> None:
    import pagefind.service

    def missing() -> Path:
        raise FileNotFoundError("pagefind_extended")

    monkeypatch.setattr(pagefind.service, "get_executable", missing)
    with search.warmed("zh-cn") as services:
        assert services is None  # the build goes on; its index stage says why
    with pytest.raises(SearchIndexError, match="^no Pagefind binary: reinstall aiblog"):
        search_pagefind.services()
