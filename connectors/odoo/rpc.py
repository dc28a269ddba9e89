"""Odoo's external API: `execute_kw` over JSON-RPC (`POST /jsonrpc`, the user id from
`common.authenticate`), or the JSON-2 API of Odoo 19 (`POST /json/2/<model>/<method>`,
bearer API key), through the project's UpstreamClient (timeouts, retries, 5xx mapping).

Odoo reports failures inside a 200 answer as a JSON-RPC `error` object whose `data.name`
is the Python exception; JSON-2 answers 4xx with the same `name`. AccessDenied and
AccessError mean the configured credentials or rights are wrong (UpstreamAuthError);
any other exception (an invalid field, a missing model) is UpstreamBadResponse.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Mapping
from typing import Any

from connectors.base import ConnectorEnv
from connectors.errors import UpstreamAuthError, UpstreamBadResponse
from connectors.http import RetryPolicy, UpstreamClient
from connectors.odoo.settings import OdooSettings

AUTH_EXCEPTIONS = frozenset({"odoo.exceptions.AccessDenied", "odoo.exceptions.AccessError"})
# JSON-2 answers these with Odoo's error body; they are read here, not raised by the client.
JSON2_ERRORS = frozenset({400, 401, 403, 404, 422})


class OdooRpc:
    def __init__(self, settings: OdooSettings, env: ConnectorEnv) -> None:
        self.name = env.instance
        self._settings = settings
        retry = RetryPolicy(attempts=settings.retry_attempts)
        self._http = UpstreamClient(
            env.instance, env.session, settings.base_url, settings.timeout_s, retry
        )
        self._uid: int | None = None
        self._uid_lock = asyncio.Lock()
        self._ids = itertools.count(1)

    async def authenticate(self) -> int:
        """The API user's id; wrong credentials are UpstreamAuthError (Odoo answers False)."""
        s = self._settings
        uid = await self._call("common", "authenticate", [s.database, s.login, s.api_key, {}])
        if not isinstance(uid, int) or isinstance(uid, bool) or uid <= 0:
            raise UpstreamAuthError(self.name, f"Odoo refused login {s.login!r} on {s.database!r}")
        self._uid = uid
        return uid

    async def execute_kw(
        self, model: str, method: str, args: list[Any], kwargs: Mapping[str, Any]
    ) -> Any:
        if self._settings.api == "json2":
            return await self._json2(model, method, args, kwargs)
        s = self._settings
        uid = await self._user_id()
        return await self._call(
            "object", "execute_kw", [s.database, uid, s.api_key, model, method, args, dict(kwargs)]
        )

    async def search_read(
        self, model: str, domain: list[Any], fields: list[str], **kwargs: Any
    ) -> list[dict[str, Any]]:
        rows = await self.execute_kw(model, "search_read", [domain], {"fields": fields, **kwargs})
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise UpstreamBadResponse(self.name, f"{model}.search_read: expected a list of records")
        return rows

    async def _user_id(self) -> int:
        if self._uid is not None:
            return self._uid
        async with self._uid_lock:
            return self._uid if self._uid is not None else await self.authenticate()

    async def _call(self, service: str, method: str, args: list[Any]) -> Any:
        body = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"service": service, "method": method, "args": args},
            "id": next(self._ids),
        }
        answer = (await self._http.request("POST", "/jsonrpc", json=body)).body
        if not isinstance(answer, dict) or not ("result" in answer or "error" in answer):
            raise UpstreamBadResponse(self.name, f"{service}.{method}: not a JSON-RPC answer")
        if "error" in answer:
            raise self._fault(f"{service}.{method}", _error_data(answer["error"]))
        return answer["result"]

    async def _json2(
        self, model: str, method: str, args: list[Any], kwargs: Mapping[str, Any]
    ) -> Any:
        # JSON-2 takes named arguments only: the first positional one is `ids` for `read`,
        # the `domain` of the search methods.
        first = "ids" if method == "read" else "domain"
        named = {first: args[0]} if args else {}
        headers = {
            "Authorization": f"bearer {self._settings.api_key}",
            "X-Odoo-Database": self._settings.database,
        }
        response = await self._http.request(
            "POST",
            f"/json/2/{model}/{method}",
            headers=headers,
            json={**named, **kwargs},
            expected=JSON2_ERRORS,
        )
        if response.status >= 400:
            body = response.body if isinstance(response.body, dict) else {}
            raise self._fault(f"{model}.{method}", body, response.status)
        return response.body

    def _fault(self, where: str, data: Mapping[str, Any], status: int = 200) -> Exception:
        name = str(data.get("name", ""))
        message = f"{where}: {name or 'error'}: {data.get('message', '')}"
        if name in AUTH_EXCEPTIONS or status in (401, 403):
            return UpstreamAuthError(self.name, message)
        return UpstreamBadResponse(self.name, message)


def _error_data(error: Any) -> Mapping[str, Any]:
    data = error.get("data") if isinstance(error, dict) else None
    return data if isinstance(data, dict) else {}
