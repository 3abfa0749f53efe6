"""The preview server: safe paths, HTTP behaviour, incremental rebuilds, concurrency."""

from __future__ import annotations

import http.client
import io
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import Running, files_under, post

from generator import markdown, preview_http
from generator.build import Builder, BuildOptions
from generator.preview_http import BuildState, Located, PreviewServer, bind, locate

# -- locate(): what a request path may serve ---------------------------------------------


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    (out / "posts" / "a").mkdir(parents=True)
    (out / "index.html").write_text("home")
    (out / "posts" / "a" / "index.html").write_text("post")
    (out / "标签").mkdir()
    (out / "标签" / "index.html").write_text("tag")
    (tmp_path / "secret.txt").write_text("secret")
    (out / "leak").symlink_to(tmp_path / "secret.txt")
    return out


@pytest.mark.parametrize(
    ("path", "status", "served"),
    [
        ("/blog/", 200, "index.html"),
        ("/blog/posts/a/", 200, "posts/a/index.html"),
        ("/blog/posts/a/index.html?x=1", 200, "posts/a/index.html"),
        ("/blog/%E6%A0%87%E7%AD%BE/", 200, "标签/index.html"),
        ("/blog/posts/a", 301, None),
        ("/", 302, None),
        ("/blog", 302, None),
        ("/blog/../secret.txt", 403, None),
        ("/blog/%2e%2e/secret.txt", 403, None),
        ("/blog/%2E%2E/%2e%2e/etc/passwd", 403, None),
        ("/blog//etc/passwd", 403, None),
        ("/blog/posts/%2F..%2F..%2Fsecret.txt", 403, None),
        ("/blog/leak", 403, None),  # a symlink out of the output dir
        ("/blog/..%5csecret.txt", 400, None),
        ("/blog/%00", 400, None),
        ("/blog/nope/", 404, None),
        ("/elsewhere/", 404, None),
    ],
)
def test_locate(out_dir: Path, path: str, status: int, served: str | None) -> None:
    found = locate(out_dir, "/blog/", path)
    assert found.status == status
    if served:
        assert found.file == (out_dir / served).resolve()


# -- a real server on a free port --------------------------------------------------------


@pytest.fixture
def running(serving: Callable[[dict[str, str]], Running]) -> Running:
    return serving(
        {
            "content/posts/a.md": post(
                title="第一篇", date="2026-01-01", body="原来的正文。\n", tags="[共同]"
            ),
            "content/posts/b.md": post(
                title="第二篇", date="2026-01-02", body="第二篇正文。\n", tags="[共同]"
            ),
            "content/posts/c.md": post(
                title="第三篇", date="2026-01-03", body="第三篇正文。\n", tags="[另一个]"
            ),
            "content/posts/d.md": post(title="草稿", date="2026-01-04", draft="true"),
            "content/posts/e.md": post(title="明年", date="2999-01-01"),
        }
    )


def test_serves_under_base_path_with_types_and_no_cache(running: Running) -> None:
    status, headers, _ = running.request("/")
    assert status == 302 and headers["location"] == "/blog/"
    status, headers, body = running.request("/blog/")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert headers["cache-control"] == "no-store"
    assert b"aiblog-livereload" in body  # injected by the server...
    assert (
        b"aiblog-livereload" not in (running.output / "index.html").read_bytes()
    )  # ...not built in
    assert (
        f"http://127.0.0.1:{running.port}/blog/".encode() in body
    )  # canonical uses the preview URL
    status, headers, _ = running.request("/blog/feed.xml")
    assert headers["content-type"] == "application/xml; charset=utf-8"
    status, headers, _ = running.request("/blog/static/css/style.css")
    assert headers["content-type"] == "text/css; charset=utf-8"
    status, headers, body = running.request("/blog/posts/a/", method="HEAD")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 0
    status, _, body = running.request("/blog/no/such/page/")
    assert status == 404 and "页面不存在".encode() in body
    assert running.request("/blog/%2e%2e/%2e%2e/etc/passwd")[0] == 403


def test_drafts_are_served_and_marked(running: Running) -> None:
    status, _, body = running.request("/blog/posts/d/")
    assert status == 200 and b'class="badge badge-draft"' in body
    assert (
        f"Serving http://127.0.0.1:{running.port}/blog/".encode() in running.out.getvalue().encode()
    )


def test_an_edit_rebuilds_and_bad_input_keeps_the_last_good_site(running: Running) -> None:
    site: Path = running.site  # type: ignore[attr-defined]
    (site / "content/posts/a.md").write_text(
        post(title="第一篇", date="2026-01-01", body="新的正文。\n", tags="[共同]")
    )
    running.wait_for(lambda: "新的正文".encode() in running.request("/blog/posts/a/")[2])
    (site / "content/posts/a.md").write_text("---\ntitle: [broken\n---\n")
    running.wait_for(lambda: "content/posts/a.md:2: invalid YAML" in running.err.getvalue())
    assert "新的正文".encode() in running.request("/blog/posts/a/")[2]  # last good build


def test_busy_port_moves_to_the_next(tmp_path: Path) -> None:
    err = io.StringIO()
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        server = bind("127.0.0.1", port, BuildState(tmp_path, "/"), err)
        try:
            assert server.server_address[1] > port
            assert (
                f"Port {port} is busy; using {server.server_address[1]} instead." in err.getvalue()
            )
        finally:
            server.server_close()


def test_one_post_edit_rerenders_only_what_shows_it(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    files = {
        f"content/posts/p{i}.md": post(
            title=f"文章{i}", date=f"2026-01-{i:02d}", body=f"正文{i}。\n", tags=f"[标签{i % 3}]"
        )
        for i in range(1, 13)
    }
    site = make_site(files, config="title: T\nbase_url: https://example.org/\nposts_per_page: 5\n")
    builder = Builder(site, BuildOptions(output=tmp_path / "out"), keep_caches=True)
    first = builder.build()
    assert first.rendered == first.pages
    assert builder.build().rendered == 0  # nothing changed, nothing rendered
    path = site / "content/posts/p4.md"

    def edit(title: str, body: str) -> None:
        path.write_text(post(title=title, date="2026-01-04", body=body, tags="[标签1]"))
        os.utime(path, ns=(time.time_ns(), time.time_ns() + 10_000_000))

    # A body edit that leaves the card (title, summary, tags…) alone: the post and the site
    # feeds that carry its full text (a tag's feed carries summaries).
    edit("文章4", "正文4。\n\n新增的一段。\n")
    result = builder.build()
    # (and its Markdown copy, and llms-full.txt that holds it; its social card is the same)
    assert result.rendered_paths == {
        "posts/p4/index.html",
        "posts/p4/index.md",
        "feed.xml",
        "rss.xml",
        "llms-full.txt",
    }

    # A new title: every page that shows the post's card too, and nothing else.
    edit("改名的文章4", "正文4。\n\n新增的一段。\n")
    result = builder.build()
    # p3 and p5 link to it as neighbours; p1, p7 and p10 share 标签1 and list it as related.
    assert result.rendered_paths == {
        "posts/p4/index.html",
        "posts/p3/index.html",
        "posts/p5/index.html",
        "posts/p1/index.html",
        "posts/p7/index.html",
        "posts/p10/index.html",
        "page/2/index.html",  # the second index page (p12–p8 are on the first)
        "tags/标签1/index.html",
        "tags/标签1/feed.xml",
        "feed.xml",
        "rss.xml",
        "archive/index.html",
        "sitemap.xml",
        "posts/p4/index.md",  # its Markdown copy, llms.txt and llms-full.txt, its card
        "llms.txt",
        "llms-full.txt",
        "cards/posts/p4.png",
    }, sorted(result.rendered_paths)
    # and the output is what a clean build makes
    clean = Builder(site, BuildOptions(output=tmp_path / "clean")).build()
    assert files_under(result.output_dir) == files_under(clean.output_dir)


def test_concurrent_requests_during_rebuilds_get_complete_pages(running: Running) -> None:
    site: Path = running.site  # type: ignore[attr-defined]
    stop = threading.Event()

    def keep_editing() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            body = f"第 {n} 版正文。" + "长" * (n % 7) * 500 + "\n"
            (site / "content/posts/b.md").write_text(
                post(title="第二篇", date="2026-01-02", body=body, tags="[共同]")
            )
            time.sleep(0.05)

    editor = threading.Thread(target=keep_editing)
    editor.start()
    paths = [
        "/blog/",
        "/blog/posts/b/",
        "/blog/tags/",
        "/blog/feed.xml",
        "/blog/static/css/style.css",
    ]
    try:
        with ThreadPoolExecutor(20) as pool:
            results = list(pool.map(lambda n: running.request(paths[n % len(paths)]), range(200)))
    finally:
        stop.set()
        editor.join()
    for status, headers, body in results:
        assert status == 200
        assert int(headers["content-length"]) == len(body)
        if headers["content-type"].startswith("text/html"):
            assert body.rstrip().endswith(b"</html>")
        elif headers["content-type"].startswith("application/xml"):
            assert body.rstrip().endswith(b"</feed>")
    assert "re-rendered" in running.out.getvalue() or "rendered" in running.out.getvalue()


def test_editor_saves_give_one_build_and_swap_files_none(running: Running) -> None:
    site: Path = running.site  # type: ignore[attr-defined]
    folder = site / "content/posts"

    def builds() -> int:
        return running.out.getvalue().count("Changed ")

    before = builds()
    # vim-style noise: a swap file and the "4913" write test are not changes
    (folder / ".a.md.swp").write_text("swap")
    (folder / "4913").write_text("")
    (folder / "4913").unlink()
    time.sleep(0.6)
    assert builds() == before
    # save by rename (write a temp file, then replace the post): exactly one rebuild
    temp = folder / ".a.md.tmp-save"
    temp.write_text(
        post(title="第一篇", date="2026-01-01", body="改名保存的正文。\n", tags="[共同]")
    )
    os.replace(temp, folder / "a.md")
    running.wait_for(lambda: "改名保存的正文".encode() in running.request("/blog/posts/a/")[2])
    time.sleep(0.6)
    assert builds() == before + 1, running.out.getvalue()


def test_serve_first_build_warms_this_process_for_the_first_edit(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    # The first build parses in worker processes; the edits after it parse here, and must not
    # start by compiling a lexer.
    code = "```haskell\nmain = print 1\n```\n"
    files = {f"content/posts/p{i}.md": post(title=f"文章{i}", body=code) for i in range(70)}
    site = make_site(files)
    markdown._lexer.cache_clear()
    Builder(site, BuildOptions(output=tmp_path / "out", jobs=2), keep_caches=True).build()
    assert markdown._lexer.cache_info().currsize == 1  # haskell's, compiled in this process


# -- the HTTP side under stress ----------------------------------------------------------


def test_a_burst_of_connections_is_queued_not_dropped(tmp_path: Path) -> None:
    """A browser opens six connections at once. Beyond the listen backlog the kernel drops
    a connection's first packet and retries a second later: with socketserver's default
    backlog (5) a page's assets stalled. Here nothing accepts until all have connected."""
    server = bind("127.0.0.1", 0, BuildState(tmp_path, "/"), io.StringIO())
    clients = []
    try:
        for _ in range(24):
            clients.append(
                socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=0.5)
            )
    finally:
        for client in clients:
            client.close()
        server.server_close()
    assert len(clients) == 24


@pytest.fixture
def bare_server(tmp_path: Path) -> Iterator[tuple[PreviewServer, io.StringIO]]:
    """A preview server over a tiny output dir, with no builder behind it."""
    out = tmp_path / "out"
    (out / "a").mkdir(parents=True)
    (out / "a" / "index.html").write_text("<html><body><p>A</p></body></html>")
    err = io.StringIO()
    server = bind("127.0.0.1", 0, BuildState(out, "/"), err)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server, err
    server.shutdown()
    server.server_close()


def _get(server: PreviewServer, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=5)
    conn.request("GET", path)
    response = conn.getresponse()
    result = response.status, response.read()
    conn.close()
    return result


def test_a_page_carries_the_number_of_the_build_it_is_from(
    bare_server: tuple[PreviewServer, io.StringIO],
) -> None:
    """The live-reload script compares it with the build the event stream announces: a
    page opened while the build was broken knows, when the fix arrives, that it is old."""
    server, _ = bare_server
    assert b"const served = 0;" in _get(server, "/a/")[1]
    server.state.published("content/posts/a.md:2: invalid YAML")  # a failed build: no new number
    assert b"const served = 0;" in _get(server, "/a/")[1]
    server.state.published(None)
    assert b"const served = 1;" in _get(server, "/a/")[1]


def test_a_file_gone_between_finding_and_reading_is_looked_up_again(
    bare_server: tuple[PreviewServer, io.StringIO], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild swaps the site between `locate` and the read: the new site answers."""
    server, err = bare_server
    real = preview_http.locate
    calls: list[str] = []

    def swapped_once(*args: object, **kwargs: object) -> Located:
        calls.append("locate")
        if len(calls) == 1:  # found in the old site, which the swap then took away
            return Located(200, server.state.out_dir / "gone" / "index.html")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(preview_http, "locate", swapped_once)
    status, body = _get(server, "/a/")
    assert (status, len(calls)) == (200, 2) and b"<p>A</p>" in body
    assert err.getvalue() == ""


def test_an_unexpected_error_in_a_request_is_one_line(
    bare_server: tuple[PreviewServer, io.StringIO], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, err = bare_server

    def broken(*args: object, **kwargs: object) -> Located:
        raise ValueError("something aiblog did not expect")

    monkeypatch.setattr(preview_http, "locate", broken)
    with pytest.raises((http.client.HTTPException, ConnectionError)):
        _get(server, "/a/")
    for _ in range(100):  # the handler's thread writes it after the connection closes
        if err.getvalue():
            break
        time.sleep(0.01)
    assert err.getvalue() == (
        "aiblog: a request failed: ValueError: something aiblog did not expect\n"
    )


def test_a_field_added_to_the_card_view_invalidates_what_shows_the_card(
    make_site: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A card's key is made of the card view itself, not of a list of fields kept by hand:
    a field added to `views.card_view` re-renders every output that shows that card. (Code
    changes between processes: each build here is a new `aiblog build` with its cache, as
    `aiblog serve` keeps cards' hashes only while its code cannot change.)"""
    from generator import views

    files = {
        f"content/posts/p{i}.md": post(
            title=f"文章{i}", date=f"2026-01-{i:02d}", tags=f"[t{i % 2}]"
        )
        for i in range(1, 9)
    }
    site = make_site(
        files, config="title: T\nbase_url: https://example.org/\nposts_per_page: 3\nsearch: false\n"
    )
    options = BuildOptions(output=tmp_path / "out", cache=True)
    Builder(site, options).build()
    real = views.card_view
    cover = {"文章4": ""}

    def with_cover(site_: object, index: int, views_: object) -> dict[str, object]:
        card = real(site_, index, views_)  # type: ignore[arg-type]
        return {**card, "cover": cover.get(str(card["title"]), "")}

    monkeypatch.setattr(views, "card_view", with_cover)
    # A new field: every output that shows a card is made again; the site's feeds, which
    # show posts in full, are not.
    result = Builder(site, options).build()
    assert {"index.html", "archive/index.html", "posts/p1/index.html"} <= result.rendered_paths
    assert not result.rendered_paths & {"feed.xml", "rss.xml"}
    # A value of it for one post: exactly the outputs that show that post's card. p4 is on
    # the home list's second page, t0's list and feed, the archive and the sitemap, beside
    # p3 and p5 as their neighbour, and related on the posts that share t0.
    cover["文章4"] = "p4.png"
    result = Builder(site, options).build()
    assert result.rendered_paths == {
        "page/2/index.html",
        "tags/t0/index.html",
        "tags/t0/feed.xml",
        "archive/index.html",
        "sitemap.xml",
        "posts/p3/index.html",
        "posts/p5/index.html",
        "posts/p2/index.html",
        "posts/p6/index.html",
        "posts/p8/index.html",
        "llms.txt",  # it lists every post with its title and summary
    }, sorted(result.rendered_paths)


def test_serve_makes_a_card_again_when_what_it_is_made_of_changes(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    """`aiblog serve` keeps each card's hash by what its view is made of (the post's source,
    the config and terms, being scheduled): a site.yml change that every card shows (the
    author) re-renders the lists, and a post that becomes due is no longer marked."""
    files = {
        f"content/posts/p{i}.md": post(title=f"文章{i}", date=f"2026-01-{i:02d}")
        for i in range(1, 5)
    }
    files["content/posts/later.md"] = post(title="定时", date="2026-03-01")
    config = "title: T\nbase_url: https://example.org/\nsearch: false\nauthor: {}\n"
    site = make_site(files, config=config.format("甲"))
    options = BuildOptions(output=tmp_path / "out", preview=True)
    builder = Builder(site, options, keep_caches=True)
    before = datetime(2026, 2, 1, tzinfo=UTC)
    builder.build(now=before)
    assert builder.build(now=before).rendered == 0
    (site / "site.yml").write_text(config.format("乙"), encoding="utf-8")
    assert "index.html" in builder.build(now=before).rendered_paths
    assert builder.build(now=before).rendered == 0
    home = tmp_path / "out" / "index.html"
    marked = home.read_text(encoding="utf-8")
    result = builder.build(now=datetime(2026, 3, 2, tzinfo=UTC))  # `later` is due now
    assert "index.html" in result.rendered_paths
    assert home.read_text(encoding="utf-8") != marked
    clean = Builder(site, BuildOptions(output=tmp_path / "clean", preview=True))
    clean_result = clean.build(now=datetime(2026, 3, 2, tzinfo=UTC))
    assert files_under(result.output_dir) == files_under(clean_result.output_dir)
