"""The omnicanal.toml a benchmark run hands the gateway: every domain on the bench connector."""

from __future__ import annotations

from pathlib import Path

from connectors.base import DOMAINS

INSTANCE = "upstream"
UNCACHED = "bench.connector:SPEC"
CACHED = "bench.connector:CACHED_SPEC"
EXECUTORS = ("planned", "standard")


def gateway_config(base_url: str, spec: str = UNCACHED, executor: str = "planned") -> str:
    domains = "".join(f'{domain} = "{INSTANCE}"\n' for domain in DOMAINS)
    return (
        "# Written by bench.run for one benchmark run.\n"
        "[gateway]\n"
        f'executor = "{executor}"\n\n'
        f"[connectors.{INSTANCE}]\n"
        f'kind = "{spec}"\n\n'
        f"[connectors.{INSTANCE}.settings]\n"
        f'base_url = "{base_url}"\n\n'
        "[domains]\n"
        f"{domains}"
    )


def write_config(
    directory: Path, base_url: str, spec: str = UNCACHED, executor: str = "planned"
) -> Path:
    path = directory / "omnicanal.toml"
    path.write_text(gateway_config(base_url, spec, executor))
    return path
