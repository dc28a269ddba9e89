"""The app factory uvicorn imports (`gateway.asgi:app_from_env`, factory=True), so that
several worker processes each build their own app from the same configuration."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from starlette.applications import Starlette

from gateway.app import create_app
from gateway.config import MIN_SECRET_LENGTH, ConfigError, GatewayConfig, load, resolve_path
from gateway.config_access import database_url, redis_url
from gateway.config_sections import origins_from_list, parse_mode
from gateway.modes import check_mode

DATA_DIR_ENV = "OMNICANAL_DATA_DIR"
GRAPHIQL_ENV = "OMNICANAL_GRAPHIQL"
TOKEN_SECRET_ENV = "OMNICANAL_TOKEN_SECRET"
MODE_ENV = "OMNICANAL_MODE"
CORS_ENV = "OMNICANAL_CORS_ORIGINS"
DATABASE_ENV = "OMNICANAL_DATABASE_URL"
REDIS_ENV = "OMNICANAL_REDIS_URL"


def config_from_env(flag: str | None = None) -> GatewayConfig:
    config = load(resolve_path(flag))
    if os.environ.get(DATA_DIR_ENV):
        config = replace(config, data_dir=Path(os.environ[DATA_DIR_ENV]))
    if os.environ.get(TOKEN_SECRET_ENV):
        secret = os.environ[TOKEN_SECRET_ENV]
        if len(secret) < MIN_SECRET_LENGTH:
            message = f"must be {MIN_SECRET_LENGTH}+ characters"
            raise ConfigError("environment", TOKEN_SECRET_ENV, message)
        config = replace(config, token_secret=secret)
    if os.environ.get(GRAPHIQL_ENV):
        config = replace(config, graphiql=os.environ[GRAPHIQL_ENV].lower() in ("1", "true", "yes"))
    if os.environ.get(MODE_ENV):
        config = replace(config, mode=parse_mode(os.environ[MODE_ENV], "environment", MODE_ENV))
    if os.environ.get(CORS_ENV):
        origins = origins_from_list(os.environ[CORS_ENV].split(","), "environment")
        config = replace(config, cors=replace(config.cors, allow_origins=tuple(origins)))
    check_mode(config)  # after the overrides: the mode or the secret may come from them
    return _access_from_env(config)


def _access_from_env(config: GatewayConfig) -> GatewayConfig:
    access = config.access
    if os.environ.get(DATABASE_ENV):
        url = database_url(os.environ[DATABASE_ENV], "environment", DATABASE_ENV)
        access = replace(access, state_database=url)
    if os.environ.get(REDIS_ENV):
        url = redis_url(os.environ[REDIS_ENV], "environment", REDIS_ENV)
        access = replace(access, redis_url=url)
    return replace(config, access=access)


def app_from_env() -> Starlette:
    return create_app(config_from_env())
