"""`aiblog serve` as a separate process, treated as browsers and careless clients treat it:
connections dropped mid-answer, event streams cut, URLs and headers far too long, a
template that fails at run time. The terminal gets messages for the author, never a
Python traceback, and the server keeps answering."""

from __future__ import annotations

import http.client
import re
import signal
import socket
import struct
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import post

# SO_LINGER on, timeout 0: close() resets the connection, as a browser does when it
# cancels a request (a reload, a closed tab).
RESET_ON_CLOSE = struct.pack("ii", 1, 0)
SERVING = re.compile(r"Serving http://127\.0\.0\.1:(\d+)/")


class ServeProcess:
    def __init__(self, site: Path, logs: Path) -> None:
        self.stdout_path, self.stderr_path = logs / "stdout.txt", logs / "stderr.txt"
        with socket.socket() as probe:  # a free port (serve takes the next one if it is not)
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", str(site), "--port", str(port)],
            stdout=self.stdout_path.open("w"),
            stderr=self.stderr_path.open("w"),
        )
        self.port = int(self.wait_for_output(SERVING).group(1))

    def stdout(self) -> str:
        return self.stdout_path.read_text()

    def stderr(self) -> str:
        return self.stderr_path.read_text()

    def wait_for_output(self, pattern: re.Pattern[str], timeout: float = 30) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if found := pattern.search(self.stdout() + self.stderr()):
                return found
            assert self.process.poll() is None, self.stderr()
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {pattern.pattern}:\n{self.stderr()}")

    def connect(self) -> socket.socket:
        return socket.create_connection(("127.0.0.1", self.port), timeout=10)

    def get(self, path: str) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        conn.request("GET", path)
        response = conn.getresponse()
        status, body = response.status, response.read()
        conn.close()
        return status, body

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=15)


@pytest.fixture
def serve_process(
    make_site: Callable[..., Path], tmp_path: Path
) -> Iterator[Callable[[dict[str, str]], ServeProcess]]:
    started: list[ServeProcess] = []

    def start(files: dict[str, str]) -> ServeProcess:
        running = ServeProcess(make_site(files), tmp_path)
        started.append(running)
        return running

    yield start
    for running in started:
        if running.process.poll() is None:
            running.process.kill()
            running.process.wait()


def raw_answer(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    received = b""
    while chunk := sock.recv(65536):
        received += chunk
    return received


def test_dropped_connections_and_long_urls_get_no_traceback(
    serve_process: Callable[[dict[str, str]], ServeProcess],
) -> None:
    # A page big enough that the server is still writing it when the reset comes.
    body = "\n\n".join(f"第 {n} 段。" * 40 for n in range(200))
    server = serve_process({"content/posts/a.md": post(title="长文", body=body)})
    request = b"GET /blog/posts/a/ HTTP/1.1\r\nHost: x\r\n\r\n"
    for _ in range(60):  # request, then reset before reading the answer
        sock = server.connect()
        sock.sendall(request)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, RESET_ON_CLOSE)
        sock.close()
    for _ in range(30):  # read the first bytes of the answer, then go away
        sock = server.connect()
        sock.sendall(request)
        sock.recv(100)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, RESET_ON_CLOSE)
        sock.close()
    for _ in range(20):  # the live-reload event stream, cut
        sock = server.connect()
        sock.sendall(b"GET /__aiblog/events HTTP/1.1\r\nHost: x\r\n\r\n")
        assert sock.recv(100).startswith(b"HTTP/1.1 200")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, RESET_ON_CLOSE)
        sock.close()

    # Over-long request lines get an answer: 414 from aiblog's own limit (4,096 bytes of
    # path) and from http.server's (a request line of 64 KB), 431 for an over-long header.
    close = b"Connection: close\r\n"
    long_requests = {
        "20,000 segments": (b"GET /blog/" + b"a/" * 20_000 + b" HTTP/1.1\r\n" + close, 414),
        "64 KB path": (b"GET /blog/" + b"x" * 70_000 + b" HTTP/1.1\r\n" + close, 414),
        "1 MB path": (b"GET /blog/" + b"x" * 1_000_000 + b" HTTP/1.1\r\n" + close, 414),
        "64 KB header": (b"GET /blog/ HTTP/1.1\r\n" + close + b"X-Long: " + b"y" * 70_000, 431),
    }
    for name, (data, status) in long_requests.items():
        sock = server.connect()
        sock.sendall(data + b"\r\n\r\n")
        answer = raw_answer(sock)
        sock.close()
        assert answer.startswith(f"HTTP/1.1 {status} ".encode()), (name, answer[:80])

    status, page = server.get("/blog/posts/a/")  # still serving
    assert status == 200 and "长文".encode() in page
    assert server.stop() == 0
    assert "Stopped." in server.stdout()
    assert "Traceback" not in server.stderr() and "Error" not in server.stderr(), server.stderr()


def test_a_template_failing_at_run_time_is_a_message_and_the_fix_is_served(
    serve_process: Callable[[dict[str, str]], ServeProcess], tmp_path: Path
) -> None:
    server = serve_process({"content/posts/a.md": post(title="模板", body="正文。\n")})
    summary = tmp_path / "site/themes/default/templates/components/search_meta.html"
    summary.parent.mkdir(parents=True)
    summary.write_text("<p>\n{{ '%d' | format('x') }}</p>\n")
    expected = (
        "themes/default/templates/components/search_meta.html:2: template error: "
        "TypeError: %d format: a real number is required, not str"
    )
    server.wait_for_output(re.compile(re.escape(expected)))
    status, page = server.get("/blog/posts/a/")  # the last good build, with the script
    assert status == 200 and "模板".encode() in page and b"aiblog-livereload" in page
    summary.write_text("<p>{{ post.title }}</p>\n")
    server.wait_for_output(re.compile(r"Changed themes/default/templates/components/search_meta"))
    assert server.stop() == 0
    assert "Traceback" not in server.stderr(), server.stderr()
