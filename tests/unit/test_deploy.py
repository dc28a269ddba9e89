"""The deployments that scale out: docker-compose.yml (two replicas behind nginx, Redis and
PostgreSQL) and deploy/kubernetes/. Neither Docker nor a cluster runs here, so the manifests
are checked against the Kubernetes JSON schemas (kubernetes-validate bundles them: offline),
both omnicanal.toml files go through the gateway's own loader with the environment their
deployment gives them, and the probed paths are asked of a running gateway."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from gateway.asgi import config_from_env
from gateway.config import CONFIG_ENV, GatewayConfig
from gateway.config_sections import Mode
from tests.support.server import GraphQLClient

ROOT = Path(__file__).resolve().parents[2]
KUBERNETES = ROOT / "deploy" / "kubernetes"
COMPOSE = ROOT / "docker-compose.yml"
# The oldest Kubernetes still commonly run, and the newest the package knows.
KUBERNETES_VERSIONS = ("1.29.0", kubernetes_validate.latest_version())
SECRET = "omnicanal-secrets"
SECRET_ENV = {
    "token-secret": "OMNICANAL_TOKEN_SECRET",
    "database-url": "OMNICANAL_DATABASE_URL",
    "redis-url": "OMNICANAL_REDIS_URL",
}
# What a user's .env or Secret would hold: values of the right shape, none committed.
EXAMPLE_ENV = {
    "OMNICANAL_TOKEN_SECRET": "s" * 64,
    "OMNICANAL_DATABASE_URL": "postgresql://omnicanal:pw@postgres:5432/omnicanal",
    "OMNICANAL_REDIS_URL": "redis://redis:6379/0",
    "POSTGRES_PASSWORD": "pw",
}


def manifests() -> list[dict[str, Any]]:
    files = sorted(p for p in KUBERNETES.glob("*.yaml") if p.name != "kustomization.yaml")
    return [doc for path in files for doc in yaml.safe_load_all(path.read_text()) if doc]


def manifest(kind: str) -> dict[str, Any]:
    (found,) = [doc for doc in manifests() if doc["kind"] == kind]
    return found


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize("resource", manifests(), ids=lambda doc: doc["kind"])
def test_every_manifest_validates_against_the_kubernetes_schemas(
    resource: dict[str, Any], version: str
) -> None:
    # strict: an unknown or misspelt field is an error, not silently dropped by the API.
    kubernetes_validate.validate(resource, version, strict=True)


def test_the_manifests_are_the_ones_a_scaled_out_gateway_needs() -> None:
    kinds = {(doc["apiVersion"], doc["kind"]) for doc in manifests()}
    assert kinds == {
        ("v1", "ConfigMap"),
        ("apps/v1", "Deployment"),
        ("v1", "Service"),
        ("autoscaling/v2", "HorizontalPodAutoscaler"),
        ("policy/v1", "PodDisruptionBudget"),
    }, "and no Secret: its values are never committed"
    kustomization = yaml.safe_load((KUBERNETES / "kustomization.yaml").read_text())
    listed = {p.name for p in KUBERNETES.glob("*.yaml")} - {"kustomization.yaml"}
    assert set(kustomization["resources"]) == listed


def test_the_deployment_probes_and_runs_unprivileged() -> None:
    deployment = manifest("Deployment")
    pod = deployment["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert deployment["spec"]["replicas"] == 2
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["resources"]["requests"]["cpu"], "the autoscaler measures against it"
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    writable = {m["mountPath"] for m in container["volumeMounts"] if not m.get("readOnly")}
    assert writable == {"/data", "/tmp"}, "the data dir and the metrics directory"


def test_the_deployment_takes_its_secrets_by_reference_only() -> None:
    (container,) = manifest("Deployment")["spec"]["template"]["spec"]["containers"]
    from_secret = {
        e["name"]: e["valueFrom"]["secretKeyRef"] for e in container["env"] if "valueFrom" in e
    }
    assert {name: ref["key"] for name, ref in from_secret.items()} == {
        v: k for k, v in SECRET_ENV.items()
    }
    assert {ref["name"] for ref in from_secret.values()} == {SECRET}
    assert "create secret generic " + SECRET in (KUBERNETES / "README.md").read_text()


def test_service_autoscaler_and_budget_point_at_the_deployment() -> None:
    deployment = manifest("Deployment")
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    port = deployment["spec"]["template"]["spec"]["containers"][0]["ports"][0]["name"]
    service = manifest("Service")
    assert service["spec"]["selector"].items() <= labels.items()
    assert service["spec"]["ports"][0]["targetPort"] == port
    hpa = manifest("HorizontalPodAutoscaler")
    assert hpa["spec"]["scaleTargetRef"]["name"] == deployment["metadata"]["name"]
    assert hpa["spec"]["minReplicas"] >= 2
    assert hpa["spec"]["metrics"][0]["resource"]["name"] == "cpu"
    pdb = manifest("PodDisruptionBudget")
    assert pdb["spec"]["selector"]["matchLabels"].items() <= labels.items()
    volumes = deployment["spec"]["template"]["spec"]["volumes"]
    config_maps = {v["configMap"]["name"] for v in volumes if "configMap" in v}
    assert config_maps == {manifest("ConfigMap")["metadata"]["name"]}


def test_the_configmap_configuration_loads_with_the_secret_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "omnicanal.toml"
    path.write_text(manifest("ConfigMap")["data"]["omnicanal.toml"])
    config = _load_as_deployed(monkeypatch, path, _container_env())
    assert config.mode is Mode.PRODUCTION
    _assert_shared_state(config)


def test_the_compose_configuration_loads_with_the_compose_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (service, *_) = _gateway_services(_compose()).values()
    config = _load_as_deployed(monkeypatch, ROOT / "deploy/compose/omnicanal.toml", service)
    _assert_shared_state(config)


def test_compose_runs_two_replicas_behind_a_proxy_over_shared_state() -> None:
    compose = _compose()
    gateways = _gateway_services(compose)
    assert len(gateways) == 2
    for name in ("proxy", "postgres", "redis", *gateways):
        assert compose["services"][name]["healthcheck"]["test"], name
    for service in gateways.values():
        assert "/readyz" in " ".join(service["healthcheck"]["test"])
        assert {"postgres", "redis"} <= set(service["depends_on"])
        assert "ports" not in service, "only the proxy is reached from outside"
        mounts = {m.split(":")[1]: m.split(":")[0] for m in service["volumes"]}
        assert mounts[service["environment"]["OMNICANAL_CONFIG"]].endswith("omnicanal.toml")
    shared = ("OMNICANAL_TOKEN_SECRET", "OMNICANAL_DATABASE_URL", "OMNICANAL_REDIS_URL")
    for variable in shared:
        assert len({s["environment"][variable] for s in gateways.values()}) == 1, variable
    assert len({tuple(s["volumes"]) for s in gateways.values()}) == 1


def test_the_proxy_round_robins_to_both_replicas_within_the_body_cap(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    compose = _compose()
    proxy = compose["services"]["proxy"]
    assert "8000:8000" in proxy["ports"]
    (conf_mount,) = [m for m in proxy["volumes"] if "nginx.conf" in m]
    nginx = (ROOT / conf_mount.split(":")[0]).read_text()
    upstream = re.search(r"upstream omnicanal \{(.*?)\}", nginx, re.S)
    assert upstream is not None
    servers = set(re.findall(r"^\s*server ([\w-]+):8000", upstream.group(1), re.M))
    assert servers == set(_gateway_services(compose))
    for header in ("X-Forwarded-For", "X-Forwarded-Proto", "Host", "Upgrade"):
        assert f"proxy_set_header {header} " in nginx
    cap = re.search(r"client_max_body_size (\d+)m;", nginx)
    assert cap is not None
    service = next(iter(_gateway_services(compose).values()))
    gateway_cap = _load_as_deployed(
        monkeypatch, ROOT / "deploy/compose/omnicanal.toml", service
    ).edge.max_body_bytes
    # At or above the gateway's cap, so that the gateway's coded 413 is what clients see.
    assert gateway_cap <= int(cap.group(1)) * 2**20 <= 4 * gateway_cap


async def test_the_probed_paths_answer_on_a_running_gateway(gateway: GraphQLClient) -> None:
    (container,) = manifest("Deployment")["spec"]["template"]["spec"]["containers"]
    probes = ("startupProbe", "readinessProbe", "livenessProbe")
    paths = {container[probe]["httpGet"]["path"] for probe in probes}
    for service in _gateway_services(_compose()).values():
        paths |= set(re.findall(r"/\w+z", " ".join(service["healthcheck"]["test"])))
    assert paths == {"/readyz", "/healthz"}
    for path in sorted(paths):
        status, _, _ = await gateway.raw("GET", path)
        assert status == 200, path


def _compose() -> dict[str, Any]:
    compose: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())
    return compose


def _gateway_services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    services: dict[str, dict[str, Any]] = compose["services"]
    return {
        name: service
        for name, service in services.items()
        if service.get("command", [])[:2] == ["omnicanal", "serve"]
    }


def _container_env() -> dict[str, Any]:
    """The Deployment's environment, the Secret's references filled from EXAMPLE_ENV."""
    (container,) = manifest("Deployment")["spec"]["template"]["spec"]["containers"]
    env = {e["name"]: e.get("value") or EXAMPLE_ENV[e["name"]] for e in container["env"]}
    return {"environment": env}


def _load_as_deployed(
    monkeypatch: pytest.MonkeyPatch, path: Path, service: dict[str, Any]
) -> GatewayConfig:
    """What a replica starts with: the file at `path`, the service's environment (compose
    `${VAR:-default}` and `${VAR:?error}` interpolated from EXAMPLE_ENV)."""
    for name, value in service["environment"].items():
        monkeypatch.setenv(name, _interpolate(str(value)))
    monkeypatch.setenv(CONFIG_ENV, str(path))
    return config_from_env()


def _interpolate(value: str) -> str:
    def substitute(match: re.Match[str]) -> str:
        name, operator, default = match.group(1, 2, 3)
        return EXAMPLE_ENV.get(name) or (default if operator == ":-" else "")

    return re.sub(r"\$\{(\w+)(?:(:[-?])([^}]*))?\}", substitute, value)


def _assert_shared_state(config: GatewayConfig) -> None:
    assert config.token_secret == EXAMPLE_ENV["OMNICANAL_TOKEN_SECRET"]
    assert config.state_database == EXAMPLE_ENV["OMNICANAL_DATABASE_URL"]
    assert config.access.redis_url == EXAMPLE_ENV["OMNICANAL_REDIS_URL"]
    assert config.data_dir == Path("/data")
    assert config.instances["backoffice"].kind == "sample"
