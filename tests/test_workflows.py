"""The GitHub Actions workflows: this repository's and the one `aiblog init` writes, all
checked against GitHub's workflow schema (check-jsonschema's vendored copy: offline), and
what each must do."""

from __future__ import annotations

import io
import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT

from generator import __version__
from generator.cli import main

REQUIREMENTS = {
    "pinned": None,
    "git-tag": "git+https://github.com/example/aiblog@v0.2.0",
    "pep508-with-spaces": "aiblog @ git+https://github.com/example/aiblog.git@v0.2.0",
    "vendored-wheel": "vendor/aiblog-0.2.0-py3-none-any.whl",
}


def init_blog(target: Path, *extra: str) -> Path:
    out, err = io.StringIO(), io.StringIO()
    code = main(["init", str(target), "--title", "T", *extra], out=out, err=err)
    assert code == 0, err.getvalue()
    return target


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Pages workflow `aiblog init` writes, for each kind of --install requirement."""
    root = tmp_path_factory.mktemp("workflows")
    blogs = {}
    for name, requirement in REQUIREMENTS.items():
        extra = ("--install", requirement) if requirement else ()
        blogs[name] = init_blog(root / name, *extra) / ".github/workflows/pages.yml"
    return blogs


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(workflow: dict[str, Any], job: str) -> list[dict[str, Any]]:
    return workflow["jobs"][job]["steps"]


def step_named(workflow: dict[str, Any], job: str, name: str) -> dict[str, Any]:
    return next(s for s in steps(workflow, job) if s.get("name") == name)


def test_every_workflow_matches_the_github_schema(scaffolded: dict[str, Path]) -> None:
    ours = sorted((ROOT / ".github/workflows").glob("*.yml"))
    assert {p.name for p in ours} >= {"pages.yml", "release.yml"}
    files = [*ours, *scaffolded.values()]
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows"]
        + [str(f) for f in files],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("workflow", ["repository", "scaffolded"])
def test_pages_workflows_build_and_publish_with_the_pages_actions(
    workflow: str, scaffolded: dict[str, Path]
) -> None:
    path = (
        ROOT / ".github/workflows/pages.yml" if workflow == "repository" else scaffolded["pinned"]
    )
    data = load(path)
    assert data["on"]["push"]["branches"] == ["main"] and data["on"]["schedule"]
    uses = [s.get("uses", "") for job in data["jobs"] for s in steps(data, job)]
    for action in (
        "actions/configure-pages@",
        "actions/upload-pages-artifact@",
        "actions/deploy-pages@",
    ):
        assert any(u.startswith(action) for u in uses), action
    build = step_named(data, "build", "Build")["run"]
    assert '--base-url "${{ steps.pages.outputs.base_url }}/"' in build
    # Social cards need a CJK font, installed before the build.
    names = [s.get("name") for s in steps(data, "build")]
    font = step_named(data, "build", "Install a CJK font for social cards")["run"]
    assert "apt-get install" in font and "fonts-noto-cjk" in font.split()
    assert names.index("Install a CJK font for social cards") < names.index("Build")


@pytest.mark.parametrize("name", list(REQUIREMENTS))
def test_the_scaffolded_workflow_installs_the_aiblog_that_ran_init(
    name: str, scaffolded: dict[str, Path]
) -> None:
    command = step_named(load(scaffolded[name]), "build", "Install aiblog")["run"]
    requirement = REQUIREMENTS[name] or f"aiblog=={__version__}"
    assert shlex.split(command) == ["python", "-m", "pip", "install", requirement]


def test_the_scaffolded_workflow_caches_the_build_cache(scaffolded: dict[str, Path]) -> None:
    data = load(scaffolded["pinned"])
    names = [s.get("name") or s.get("uses") or s.get("id") for s in steps(data, "build")]
    cache = next(s for s in steps(data, "build") if s.get("uses", "").startswith("actions/cache@"))
    # Installed, then its version noted, then the cache restored, then the build.
    assert names.index("Install aiblog") < names.index("Note aiblog's version")
    assert names.index("Note aiblog's version") < names.index(cache["uses"]) < names.index("Build")
    assert cache["with"]["path"] == ".aiblog-cache"
    key, restore = cache["with"]["key"], cache["with"]["restore-keys"].strip()
    assert "${{ steps.aiblog.outputs.version }}" in key
    assert "hashFiles('site.yml', 'content/**', 'themes/**')" in key
    assert key.startswith(restore) and restore.endswith("${{ steps.aiblog.outputs.version }}-")


def test_the_version_step_prints_the_installed_version(tmp_path: Path) -> None:
    data = load(init_blog(tmp_path / "blog") / ".github/workflows/pages.yml")
    script = step_named(data, "build", "Note aiblog's version")["run"]
    outputs = tmp_path / "github-output"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_OUTPUT": str(outputs),
    }
    subprocess.run(["bash", "-euo", "pipefail", "-c", script], check=True, env=env)
    assert outputs.read_text() == f"version={__version__}\n"


def test_the_workflow_build_step_overrides_a_placeholder_base_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A blog pushed with init's placeholder base_url still builds on GitHub: the workflow
    passes the Pages address, and a placeholder in site.yml is then not in the way."""
    blog = init_blog(tmp_path / "blog")
    assert "USERNAME.github.io/REPOSITORY" in (blog / "site.yml").read_text(encoding="utf-8")
    command = step_named(load(blog / ".github/workflows/pages.yml"), "build", "Build")["run"]
    # What configure-pages outputs for a project site: no trailing slash.
    command = command.replace(
        "${{ steps.pages.outputs.base_url }}", "https://wangfugui.github.io/blog"
    )
    words = shlex.split(command)
    assert words[0] == "aiblog"
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.chdir(blog)  # the step runs at the root of the checkout
    code = main(words[1:], out=out, err=err)
    assert code == 0, err.getvalue()
    html = (blog / "public/index.html").read_text(encoding="utf-8")
    assert 'href="https://wangfugui.github.io/blog/"' in html and "USERNAME" not in html


def test_release_publishes_the_tested_files_with_trusted_publishing() -> None:
    data = load(ROOT / ".github/workflows/release.yml")
    assert data["on"] == {"push": {"tags": ["v*"]}}
    assert data["permissions"] == {"contents": "read"}  # id-token only where it is used
    publish = data["jobs"]["publish"]
    assert set(publish["needs"]) == {"build", "test", "try-the-wheel"}
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["environment"]["name"] == "pypi"
    uses = [s.get("uses", "") for s in publish["steps"]]
    assert uses[0].startswith("actions/download-artifact@")
    assert uses[-1] == "pypa/gh-action-pypi-publish@release/v1"
    assert "with" not in publish["steps"][-1]  # no password, no token: trusted publishing
    build = [s.get("run", "") for s in steps(data, "build")]
    assert "python -m build" in build
    upload = steps(data, "build")[-1]
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["with"]["name"] == publish["steps"][0]["with"]["name"] == "dist"
    assert any(s.get("run") == "./.ci/run" for s in steps(data, "test"))
    check = step_named(data, "try-the-wheel", "The tag names the version in the wheel")["run"]
    assert check == 'test "$(aiblog --version)" = "aiblog ${GITHUB_REF_NAME#v}"'
