"""omnicanal.toml: connector instances, their settings, which instance serves each domain,
and the default commerce context. A wrong file fails here, naming the file and the key."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from connectors.base import DOMAINS
from connectors.context import CURRENCY_BY_COUNTRY, Channel, CommerceContext
from gateway.config_access import AccessSettings, Anonymous, parse_access
from gateway.config_cache import CacheSettings, parse_cache
from gateway.config_error import ConfigError as ConfigError
from gateway.config_error import only_keys, sub_table
from gateway.config_identity import IdentitySettings, parse_identity
from gateway.config_observe import OBSERVE_KEYS, Observability, parse_observability
from gateway.config_resilience import RESILIENCE_KEYS, Resilience, parse_resilience
from gateway.config_routing import parse_routing, with_routes
from gateway.config_sections import (
    CorsSettings,
    EdgeLimits,
    Mode,
    parse_cors,
    parse_limits,
    parse_mode,
)
from schema.policy import Executor, OperationLimits, SchemaPolicy

CONFIG_ENV = "OMNICANAL_CONFIG"
DEFAULT_CONFIG = Path("omnicanal.toml")
MIN_SECRET_LENGTH = 32
_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True, slots=True)
class InstanceConfig:
    name: str
    kind: str
    settings: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class GatewayConfig:
    source: str
    defaults: CommerceContext
    data_dir: Path
    instances: Mapping[str, InstanceConfig]
    domains: Mapping[str, str]
    mode: Mode = Mode.DEVELOPMENT
    # None: follow the mode (on in development, off in production).
    graphiql: bool | None = None
    introspection: bool | None = None
    suggestions: bool | None = None
    limits: OperationLimits = field(default_factory=OperationLimits)
    edge: EdgeLimits = field(default_factory=EdgeLimits)
    cors: CorsSettings = field(default_factory=CorsSettings)
    # The request deadline, circuit breakers, retry budgets and readiness checks.
    resilience: Resilience = field(default_factory=Resilience)
    # The shared TTL cache in front of each connector (TTLs from its manifest).
    cache: bool = True
    # Its stale-if-error grace windows (`[gateway.cache]`); `cache` is its `enabled`.
    caching: CacheSettings = field(default_factory=CacheSettings)
    # Signing key of customer access tokens; None: a generated key kept in data_dir.
    token_secret: str | None = None
    token_ttl_hours: float = 168.0
    access: AccessSettings = field(default_factory=AccessSettings)
    # `/metrics` and the log's level and format (`[gateway.metrics]`, `[gateway.log]`).
    observe: Observability = field(default_factory=Observability)
    executor: Executor = Executor.PLANNED
    # `[identity]`: how the OMS's customers are found in loyalty and the ERP.
    identity: IdentitySettings = field(default_factory=IdentitySettings)
    # `[routing.pricing]`: customer group -> the instance pricing it (others: domains.pricing).
    routing: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    @property
    def development(self) -> bool:
        return self.mode is Mode.DEVELOPMENT

    def shows(self, feature: bool | None) -> bool:
        """A discovery feature (GraphiQL, introspection, suggestions) as set, else the mode's."""
        return self.development if feature is None else feature

    @property
    def state_database(self) -> str | None:
        return self.access.state_database

    @property
    def anonymous(self) -> Anonymous:
        if self.access.anonymous is not None:
            return self.access.anonymous
        return Anonymous.PUBLIC if self.development else Anonymous.NONE

    @property
    def schema_policy(self) -> SchemaPolicy:
        return SchemaPolicy(
            limits=self.limits,
            introspection=self.shows(self.introspection),
            suggestions=self.shows(self.suggestions),
            executor=self.executor,
        )


def embedded_default(data_dir: Path | None = None) -> GatewayConfig:
    """No file: the embedded sample back office serves every domain."""
    sample = InstanceConfig("sample", "sample", {})
    return GatewayConfig(
        source="(embedded default)",
        defaults=CommerceContext(),
        data_dir=data_dir or Path(".omnicanal"),
        instances={"sample": sample},
        domains={d: "sample" for d in DOMAINS},
    )


def resolve_path(flag: str | None) -> Path | None:
    """The flag, else $OMNICANAL_CONFIG, else ./omnicanal.toml if present, else None."""
    if flag:
        return Path(flag)
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    return DEFAULT_CONFIG if DEFAULT_CONFIG.exists() else None


def load(path: Path | None) -> GatewayConfig:
    if path is None:
        return embedded_default()
    source = str(path)
    try:
        raw = tomllib.loads(path.read_text())
    except FileNotFoundError as exc:
        raise ConfigError(source, "(file)", "no such file") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(source, "(syntax)", str(exc)) from exc
    return parse(raw, source, base_dir=path.parent)


def parse(raw: Mapping[str, Any], source: str, base_dir: Path = Path(".")) -> GatewayConfig:
    only_keys(raw, {"gateway", "connectors", "domains", "identity", "routing"}, "", source)
    gateway = sub_table(raw, "gateway", source)
    allowed = {
        "defaults",
        "data_dir",
        "mode",
        "graphiql",
        "introspection",
        "suggestions",
        "cache",
        "token_secret",
        "token_ttl_hours",
        "limits",
        "cors",
        "access",
        "state",
        "redis",
        "executor",
        *RESILIENCE_KEYS,
        *OBSERVE_KEYS,
    }
    only_keys(gateway, allowed, "gateway.", source)
    gateway = expand_env(gateway, source, "gateway")
    instances = _instances(sub_table(raw, "connectors", source), source)
    domains = _domains(sub_table(raw, "domains", source), instances, source)
    routing = parse_routing(sub_table(raw, "routing", source), instances, source)
    if routing.get("pricing") and "pricing" not in domains:
        raise ConfigError(source, "routing.pricing", "needs domains.pricing for other groups")
    data_dir = Path(str(gateway.get("data_dir", ".omnicanal")))
    limits, edge = parse_limits(sub_table(gateway, "limits", source, "gateway."), source)
    return GatewayConfig(
        source=source,
        defaults=_defaults(sub_table(gateway, "defaults", source, "gateway."), source),
        data_dir=data_dir if data_dir.is_absolute() else base_dir / data_dir,
        instances=instances,
        domains=domains,
        mode=parse_mode(gateway.get("mode", Mode.DEVELOPMENT.value), source),
        graphiql=_optional_flag(gateway, "graphiql", source),
        introspection=_optional_flag(gateway, "introspection", source),
        suggestions=_optional_flag(gateway, "suggestions", source),
        limits=limits,
        edge=edge,
        cors=parse_cors(sub_table(gateway, "cors", source, "gateway."), source),
        resilience=parse_resilience(gateway, source),
        cache=parse_cache(gateway, source).enabled,
        caching=parse_cache(gateway, source),
        token_secret=_token_secret(gateway, source),
        token_ttl_hours=_positive(gateway, "token_ttl_hours", 168.0, source),
        access=parse_access(gateway, source),
        observe=parse_observability(gateway, source),
        executor=_executor(gateway, source),
        identity=parse_identity(
            sub_table(raw, "identity", source), instances, with_routes(domains, routing), source
        ),
        routing=routing,
    )


def _executor(table: Mapping[str, Any], source: str) -> Executor:
    value = table.get("executor", Executor.PLANNED.value)
    names = sorted(e.value for e in Executor)
    if value not in names:
        raise ConfigError(source, "gateway.executor", f"must be one of {', '.join(names)}")
    return Executor(value)


def _token_secret(table: Mapping[str, Any], source: str) -> str | None:
    secret = table.get("token_secret")
    if secret is None:
        return None
    if not isinstance(secret, str) or len(secret) < MIN_SECRET_LENGTH:
        raise ConfigError(
            source, "gateway.token_secret", f"must be a string of {MIN_SECRET_LENGTH}+ characters"
        )
    return secret


def _positive(table: Mapping[str, Any], key: str, default: float, source: str) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ConfigError(source, f"gateway.{key}", "must be a positive number")
    return float(value)


def _flag(table: Mapping[str, Any], key: str, source: str) -> bool:
    value = table.get(key, True)
    if not isinstance(value, bool):
        raise ConfigError(source, f"gateway.{key}", "must be true or false")
    return value


def _optional_flag(table: Mapping[str, Any], key: str, source: str) -> bool | None:
    return None if key not in table else _flag(table, key, source)


def _instances(table: Mapping[str, Any], source: str) -> dict[str, InstanceConfig]:
    instances: dict[str, InstanceConfig] = {}
    for name, body in table.items():
        key = f"connectors.{name}"
        if not isinstance(body, Mapping):
            raise ConfigError(source, key, "must be a table")
        only_keys(body, {"kind", "settings"}, key + ".", source)
        kind = body.get("kind")
        if not isinstance(kind, str) or not kind:
            raise ConfigError(source, key + ".kind", "required: a connector name or module:ATTR")
        settings = sub_table(body, "settings", source, key + ".")
        instances[name] = InstanceConfig(
            name, kind, expand_env(settings, source, key + ".settings")
        )
    return instances


def _domains(
    table: Mapping[str, Any], instances: Mapping[str, InstanceConfig], source: str
) -> dict[str, str]:
    """Which instance serves each domain. A domain left out is served by nobody (its
    fields answer NOT_CONFIGURED: connectors/unconfigured.py), but one must be served."""
    only_keys(table, set(DOMAINS), "domains.", source)
    if not table:
        raise ConfigError(source, "domains", f"name the instance serving one of {list(DOMAINS)}")
    for domain in DOMAINS:
        if domain in table and table[domain] not in instances:
            raise ConfigError(
                source, f"domains.{domain}", f"no connector instance {table[domain]!r}"
            )
    return {d: str(table[d]) for d in DOMAINS if d in table}


def _defaults(table: Mapping[str, Any], source: str) -> CommerceContext:
    only_keys(table, {"channel", "country", "language", "currency"}, "gateway.defaults.", source)
    key = "gateway.defaults."
    try:
        channel = Channel(table.get("channel", "WEB"))
    except ValueError as exc:
        raise ConfigError(source, key + "channel", f"one of {[c.value for c in Channel]}") from exc
    country = str(table.get("country", "FR")).upper()
    currency = table.get("currency") or CURRENCY_BY_COUNTRY.get(country)
    if currency is None:
        raise ConfigError(source, key + "currency", f"required: no default currency for {country}")
    language = str(table.get("language", "fr")).lower()
    return CommerceContext(channel=channel, country=country, language=language, currency=currency)


def expand_env(value: Any, source: str, key: str) -> Any:
    """Replace `${VAR}` in strings; a reference to an unset variable is a config error."""
    if isinstance(value, Mapping):
        return {k: expand_env(v, source, f"{key}.{k}") for k, v in value.items()}
    if isinstance(value, list):
        return [expand_env(v, source, f"{key}[{i}]") for i, v in enumerate(value)]
    if not isinstance(value, str):
        return value

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in os.environ:
            raise ConfigError(source, key, f"environment variable {name} is not set")
        return os.environ[name]

    return _ENV_REF.sub(substitute, value)
