"""No silent wrong base URL: `build` and `deploy` refuse a placeholder or an address without
a host; `deploy` also refuses a domain reserved for documentation; `serve` previews any."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import post

from generator.baseurl import placeholder_problem, publish_problem
from generator.cli import main

PLACEHOLDERS = [
    "https://USERNAME.github.io/REPOSITORY/",  # what `aiblog init` writes without a remote
    "https://username.github.io/blog/",
    "https://wangfugui.github.io/your-repo/",
    "https://you.github.io/blog/",  # the examples of aiblog's docs
    "https://user.github.io/blog/",
    "https://<user>.github.io/<repository>/",
    "https://{user}.github.io/",
]
NO_HOST = ["https:///blog/", "/blog/", "blog.example.cn", "https://:8080/"]
PUBLISHABLE = [
    "https://wangfugui.github.io/ai-notes/",
    "https://wangfugui.github.io/",
    "https://blog.wangfugui.cn/",
    "http://127.0.0.1:8000/blog/",
    "https://users.github.io/repositories/",  # near the words, not them
]
DOCUMENTATION_ONLY = [
    "https://example.org/blog/",
    "https://example.com/",
    "https://blog.example.net/",
    "https://myblog.test/",
    "http://localhost:8000/",
]


@pytest.mark.parametrize("url", PLACEHOLDERS)
def test_placeholders(url: str) -> None:
    problem = placeholder_problem(url)
    assert problem is not None and url in problem
    assert "placeholder" in problem or "template" in problem


@pytest.mark.parametrize("url", NO_HOST)
def test_no_host(url: str) -> None:
    assert placeholder_problem(url) == (
        f"{url!r} is not a full address (https:// and a host): give one, e.g. "
        "https://<user>.github.io/<repository>/"
    )


@pytest.mark.parametrize("url", PUBLISHABLE)
def test_real_addresses_pass_both_checks(url: str) -> None:
    assert placeholder_problem(url) is None and publish_problem(url) is None


@pytest.mark.parametrize("url", DOCUMENTATION_ONLY)
def test_documentation_domains_may_be_built_but_not_deployed(url: str) -> None:
    assert placeholder_problem(url) is None
    problem = publish_problem(url)
    assert problem is not None and "a domain reserved for documentation" in problem


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(args), out=out, err=err), out.getvalue(), err.getvalue()


CONFIG = "title: T\nlanguage: zh-CN\nbase_url: {url}\n"


def test_build_refuses_a_placeholder_in_site_yml(make_site: Callable[..., Path]) -> None:
    url = "https://USERNAME.github.io/REPOSITORY/"
    site = make_site({"content/posts/a.md": post()}, config=CONFIG.format(url=url))
    code, out, err = cli("build", str(site))
    assert code == 1 and out == ""
    assert err == (
        f"site.yml:3: `base_url`: {url} is a placeholder (USERNAME, REPOSITORY): set the address "
        "the site is published at, e.g. https://<user>.github.io/<repository>/\n"
        "Build failed: 1 error; the previous output is unchanged.\n"
    )
    assert not (site / "public").exists()
    # --base-url replaces site.yml's address, so the placeholder is not in the way then.
    code, _, err = cli("build", str(site), "--base-url", "https://wangfugui.github.io/blog")
    assert code == 0, err
    assert "USERNAME" not in (site / "public/posts/a/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("override", ["https://you.github.io/blog/", "/blog/"])
def test_build_refuses_a_placeholder_or_hostless_base_url_flag(
    make_site: Callable[..., Path], override: str
) -> None:
    site = make_site({"content/posts/a.md": post()})
    code, _, err = cli("build", str(site), "--base-url", override)
    assert code == 2
    assert err.startswith(f"--base-url: {override if override != '/blog/' else repr(override)}")
    assert len(err.splitlines()) == 1 and not (site / "public").exists()


def test_an_example_org_site_builds(make_site: Callable[..., Path]) -> None:
    """Tests and local previews use example.org: only `deploy` refuses it."""
    site = make_site(
        {"content/posts/a.md": post()}, config=CONFIG.format(url="https://example.org/")
    )
    code, _, err = cli("build", str(site), "--strict")
    assert code == 0 and err == ""


def test_serve_previews_a_placeholder_site(serving: Callable[..., object]) -> None:
    url = "https://USERNAME.github.io/REPOSITORY/"
    server = serving({"site.yml": CONFIG.format(url=url), "content/posts/a.md": post()})
    status, _, body = server.request("/REPOSITORY/posts/a/")  # type: ignore[attr-defined]
    assert status == 200 and "标题".encode() in body
