"""What users deploy with: the container files are parsed (Docker does not run here), and
the environment overrides they rely on are honoured."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from gateway.asgi import config_from_env
from gateway.config import ConfigError

ROOT = Path(__file__).resolve().parents[2]


def test_compose_runs_the_gateway_with_a_shared_data_volume() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert "8000:8000" in compose["services"]["proxy"]["ports"]  # the replicas behind it
    for name in ("gateway-1", "gateway-2"):
        gateway = compose["services"][name]
        assert gateway["command"][:2] == ["omnicanal", "serve"]
        assert gateway["environment"]["OMNICANAL_DATA_DIR"] == "/data"
        volume = gateway["volumes"][0].split(":")[0]
        assert volume in compose["volumes"]
        assert "/readyz" in " ".join(gateway["healthcheck"]["test"])


def test_dockerfile_installs_the_package_and_serves() -> None:
    lines = (ROOT / "Dockerfile").read_text().splitlines()
    assert any(line.startswith("RUN pip install") and line.endswith(" .") for line in lines)
    for package in ("gateway", "connectors", "schema"):
        assert f"COPY {package} {package}" in lines
    assert lines[-1] == 'CMD ["omnicanal", "serve"]'


def test_the_token_secret_may_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("OMNICANAL_CONFIG", raising=False)
    monkeypatch.setenv("OMNICANAL_TOKEN_SECRET", "k" * 40)
    assert config_from_env().token_secret == "k" * 40
    monkeypatch.setenv("OMNICANAL_TOKEN_SECRET", "short")
    with pytest.raises(ConfigError) as refused:
        config_from_env()
    assert refused.value.key == "OMNICANAL_TOKEN_SECRET"


def test_an_install_carries_the_graphiql_page_and_the_vendored_ide(tmp_path: Path) -> None:
    """A non-editable install serves GraphiQL offline only if package-data takes every file:
    setuptools' build_py, the step that fills a wheel, runs on a clean copy of the sources."""
    source, built = tmp_path / "source", tmp_path / "built"
    for package in ("gateway", "connectors", "schema"):
        ignore = shutil.ignore_patterns("__pycache__")
        shutil.copytree(ROOT / package, source / package, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    build_py = [sys.executable, "-c", "import setuptools; setuptools.setup()", "--quiet"]
    build_py += ["build_py", "--build-lib", str(built)]
    subprocess.run(build_py, cwd=source, check=True, capture_output=True, timeout=120)
    vendored = _files_under(ROOT / "gateway" / "static")
    installed = _files_under(built / "gateway" / "static")
    assert Path("graphiql/VERSIONS") in vendored
    assert len(vendored) >= 8, "the page, three scripts, a stylesheet and their licences"
    assert vendored <= installed


def _files_under(directory: Path) -> set[Path]:
    return {path.relative_to(directory) for path in directory.rglob("*") if path.is_file()}
