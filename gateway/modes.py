"""What `[gateway] mode = "production"` requires before the gateway may start."""

from __future__ import annotations

from gateway.config import GatewayConfig
from gateway.config_error import ConfigError
from gateway.config_sections import Mode

SECRET_KEY = "gateway.token_secret"


def check_mode(config: GatewayConfig) -> None:
    """Production signs customer tokens with a configured secret: a key generated into the
    data dir differs per replica and vanishes with the container, signing every customer
    out (or, copied around, leaks with the volume)."""
    if config.mode is Mode.PRODUCTION and not config.token_secret:
        raise ConfigError(
            config.source,
            SECRET_KEY,
            "required in production mode (set it, e.g. to ${OMNICANAL_TOKEN_SECRET},"
            " or set OMNICANAL_TOKEN_SECRET)",
        )
