"""The emulator as an aiohttp application on 127.0.0.1: Odoo's `/jsonrpc` endpoint with the
`common` service (`authenticate`, `login`, `version`) and the `object` service
(`execute_kw`), counting every call per service and method."""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.emulators.odoo.dataset import DATABASE, LOGIN, PASSWORD, UID, Record, seed
from tests.emulators.odoo.errors import OdooFault, access_denied, envelope
from tests.emulators.odoo.models import Models

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class Server:
    models: Models
    counts: Counter[str] = field(default_factory=Counter)
    # The next this-many requests are answered 503, as a proxy in front of a down Odoo does.
    outages: int = 0

    def dispatch(self, service: str, method: str, args: list[Any]) -> Any:
        self.counts[f"{service}.{method}"] += 1
        if service == "common":
            return self._common(method, args)
        if service == "object" and method == "execute_kw":
            return self._execute_kw(args)
        raise OdooFault("builtins.KeyError", f"No such method {service}.{method}")

    def _common(self, method: str, args: list[Any]) -> Any:
        if method == "version":
            return {"server_version": "17.0", "server_serie": "17.0", "protocol_version": 1}
        if method in ("authenticate", "login"):
            db, login, password = [*args, None, None, None][:3]
            # Odoo answers False, not an error, to a wrong login or password.
            return UID if (db, login, password) == (DATABASE, LOGIN, PASSWORD) else False
        raise OdooFault("builtins.KeyError", f"No such method common.{method}")

    def _execute_kw(self, args: list[Any]) -> Any:
        if len(args) < 5:
            raise OdooFault("builtins.TypeError", "execute_kw() missing required arguments")
        db, uid, password, model, method = args[:5]
        if (db, uid, password) != (DATABASE, UID, PASSWORD):
            raise access_denied()
        positional = args[5] if len(args) > 5 and isinstance(args[5], list) else []
        kwargs = args[6] if len(args) > 6 and isinstance(args[6], dict) else {}
        return self.models.call(str(model), str(method), positional, kwargs)


SERVER = web.AppKey("server", Server)
# JSON-2 answers an exception with an HTTP status and Odoo's error body (no envelope).
JSON2_STATUS = {
    "werkzeug.exceptions.Unauthorized": 401,
    "odoo.exceptions.AccessDenied": 401,
    "werkzeug.exceptions.NotFound": 404,
}


async def _json2(request: web.Request) -> web.Response:
    """`POST /json/2/<model>/<method>` (Odoo 19): bearer API key, named parameters."""
    server = request.app[SERVER]
    server.counts["json2"] += 1
    model, method = request.match_info["model"], request.match_info["method"]
    try:
        if request.headers.get("Authorization", "").lower() != f"bearer {PASSWORD}":
            raise OdooFault("werkzeug.exceptions.Unauthorized", "Invalid apikey")
        if request.headers.get("X-Odoo-Database", DATABASE) != DATABASE:
            raise OdooFault("werkzeug.exceptions.NotFound", "database not found")
        try:
            body = await request.json()
        except ValueError as exc:
            raise OdooFault("werkzeug.exceptions.BadRequest", "Invalid JSON data") from exc
        if not isinstance(body, dict):
            raise OdooFault("werkzeug.exceptions.BadRequest", "expected a JSON object")
        named = {k: v for k, v in body.items() if k not in ("context", "domain", "ids")}
        positional = [body.get("ids", []) if method == "read" else body.get("domain", [])]
        return web.json_response(server.models.call(model, method, positional, named))
    except OdooFault as fault:
        error = envelope(None, fault)["error"]["data"]
        return web.json_response(error, status=JSON2_STATUS.get(fault.name, 422))


async def _jsonrpc(request: web.Request) -> web.Response:
    server = request.app[SERVER]
    try:
        body = await request.json()
    except ValueError:
        return web.json_response(
            envelope(None, OdooFault("werkzeug.exceptions.BadRequest", "Invalid JSON data"))
        )
    request_id = body.get("id") if isinstance(body, dict) else None
    params = body.get("params") if isinstance(body, dict) else None
    try:
        if not isinstance(params, dict) or not isinstance(params.get("args"), list):
            raise OdooFault("werkzeug.exceptions.BadRequest", "Invalid JSON-RPC params")
        result = server.dispatch(
            str(params.get("service")), str(params.get("method")), params["args"]
        )
    except OdooFault as fault:
        return web.json_response(envelope(request_id, fault))
    return web.json_response({"jsonrpc": "2.0", "id": request_id, "result": result})


@web.middleware
async def _outages(request: web.Request, handler: Handler) -> web.StreamResponse:
    server = request.app[SERVER]
    if server.outages > 0:
        server.outages -= 1
        server.counts["outage"] += 1
        return web.Response(status=503, text="Service Unavailable")
    return await handler(request)


@dataclass
class RunningOdoo:
    runner: web.AppRunner
    base_url: str
    server: Server

    @property
    def counts(self) -> Counter[str]:
        return self.server.counts

    def calls(self) -> int:
        """Data calls (`execute_kw`, JSON-2); authentication is not data and is not counted."""
        return self.counts["object.execute_kw"] + self.counts["json2"]

    async def aclose(self) -> None:
        await self.runner.cleanup()


async def serve(
    host: str = "127.0.0.1", port: int = 0, tables: dict[str, list[Record]] | None = None
) -> RunningOdoo:
    """Start on a free port (or `port`), on the seed or on `tables` (another company)."""
    server = Server(Models(seed() if tables is None else tables))
    app = web.Application(middlewares=[_outages])
    app[SERVER] = server
    app.router.add_post("/jsonrpc", _jsonrpc)
    app.router.add_post("/json/2/{model}/{method}", _json2)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return RunningOdoo(runner, f"http://{host}:{runner.addresses[0][1]}", server)
