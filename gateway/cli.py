"""`omnicanal serve | check-config | sdl | consistency` (and the keys, documents and sample
commands)."""

from __future__ import annotations

import argparse
import os
import sys

from connectors.base import DOMAINS
from gateway.config import CONFIG_ENV, ConfigError, GatewayConfig
from gateway.consistency_cli import add_commands as add_consistency_commands
from gateway.documents_cli import add_commands as add_document_commands
from gateway.keys_cli import add_commands as add_key_commands
from gateway.metrics_dir import fresh_metrics_dir
from gateway.registry import available, plan
from gateway.sample_cli import add_commands as add_sample_commands


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "serve" and args.workers > 1:
        # Before prometheus_client is imported, and the workers fork. One worker keeps
        # prometheus_client's in-process values: a shared-file write per sample (a lock, a
        # pid check, a struct pack) cost about a tenth of `{ __typename }`'s CPU.
        fresh_metrics_dir()
    if args.config:
        os.environ[CONFIG_ENV] = args.config  # worker processes read it too
    if getattr(args, "data_dir", None):
        os.environ["OMNICANAL_DATA_DIR"] = args.data_dir
    try:
        from gateway.asgi import config_from_env

        config = config_from_env()
        planned = plan(config)
    except ConfigError as exc:
        print(f"omnicanal: configuration error: {exc}", file=sys.stderr)
        return 2
    if args.command == "check-config":
        from gateway.capability_check import check_capabilities

        try:
            check_capabilities(config, planned)
        except ConfigError as exc:
            print(f"omnicanal: configuration error: {exc}", file=sys.stderr)
            return 2
        _print_wiring(config, [(p.name, p.spec.name, p.domains) for p in planned])
        return 0
    if args.command == "keys":
        from gateway.keys_cli import run as run_keys

        return run_keys(args, config)
    if args.command == "documents":
        from gateway.documents_cli import run as run_documents

        return run_documents(args, config)
    if args.command == "sample":
        from gateway.sample_cli import run as run_sample

        return run_sample(args, config)
    if args.command == "consistency":
        from gateway.consistency_cli import run as run_consistency

        return run_consistency(args, config)
    if args.command == "sdl":
        from schema.build import build_schema, render_sdl

        sys.stdout.write(render_sdl(build_schema()))
        return 0
    return _serve(args, config)


def _serve(args: argparse.Namespace, config: GatewayConfig) -> int:
    import uvicorn

    from gateway.server import uvicorn_options

    uvicorn.run(
        "gateway.asgi:app_from_env",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=args.log_level,
        **uvicorn_options(config),
    )
    return 0


def _print_wiring(config: GatewayConfig, planned: list[tuple[str, str, tuple[str, ...]]]) -> None:
    print(f"configuration: {config.source}")
    d = config.defaults
    print(
        f"defaults: channel={d.channel.value} country={d.country}"
        f" language={d.language} currency={d.currency}"
    )
    print(f"data dir: {config.data_dir}")
    for instance, kind, domains in planned:
        print(f"  {instance} ({kind}): {', '.join(domains)}")
    missing = [d for d in DOMAINS if d not in config.domains]
    if missing:
        print(f"  not configured (fields answer NOT_CONFIGURED): {', '.join(missing)}")
    print(f"installed connectors: {', '.join(available())}")


def _parser() -> argparse.ArgumentParser:
    env = os.environ.get
    parser = argparse.ArgumentParser(
        prog="omnicanal", description="GraphQL gateway for composable commerce"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="start the gateway")
    serve.add_argument("--host", default=env("OMNICANAL_HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(env("OMNICANAL_PORT", "8000")))
    serve.add_argument("--workers", type=int, default=int(env("OMNICANAL_WORKERS", "1")))
    serve.add_argument("--log-level", default=env("OMNICANAL_LOG_LEVEL", "info"))
    for command in (
        serve,
        sub.add_parser("check-config", help="print the resolved wiring"),
        sub.add_parser("sdl", help="print the schema"),
    ):
        _common_arguments(command)
    add_key_commands(sub, _common_arguments)
    add_sample_commands(sub, _common_arguments)
    add_document_commands(sub, _common_arguments)
    add_consistency_commands(sub, _common_arguments)
    return parser


def _common_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("--config", help=f"path to omnicanal.toml (env {CONFIG_ENV})")
    command.add_argument(
        "--data-dir",
        help="where the sample database and the key store live (env OMNICANAL_DATA_DIR)",
    )


if __name__ == "__main__":
    sys.exit(main())
