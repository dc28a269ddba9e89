"""The emulator as an aiohttp application on 127.0.0.1: Voucherify's `/v1` paths for
customers, loyalty members (cards), balance changes, card transactions, earning rules,
tiers, reward assignments, rewards and reward redemption; `X-App-Id`/`X-App-Token`
authentication; requests counted per route; switches for 429 (with Retry-After), 5xx
outages and canned hostile answers."""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.emulators.voucherify.dataset import APP_ID, APP_TOKEN, CAMPAIGN_ID
from tests.emulators.voucherify.errors import (
    VoucherifyError,
    invalid_payload,
    invalid_query,
    rate_limited,
    unauthorized,
)
from tests.emulators.voucherify.state import Project, page_of, paging

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
CAMPAIGN = "/v1/loyalties/{campaignId}"
MEMBER = CAMPAIGN + "/members/{memberId}"


@dataclass
class Server:
    project: Project = field(default_factory=Project)
    # Requests per route ("GET /v1/loyalties/{campaignId}/members/{memberId}").
    counts: Counter[str] = field(default_factory=Counter)
    # The next this-many requests are answered 429 with `Retry-After: retry_after`.
    throttled: int = 0
    retry_after: str = "0"
    # The next this-many requests are answered 503, as a load balancer does.
    outages: int = 0
    # Canned answers (status, raw body) served, in turn, to the next requests of a route.
    canned: dict[str, deque[tuple[int, bytes]]] = field(default_factory=dict)

    def can(self, route: str, status: int, body: bytes) -> None:
        self.canned.setdefault(route, deque()).append((status, body))


SERVER = web.AppKey("server", Server)


def _route(request: web.Request) -> str:
    resource = request.match_info.route.resource
    return f"{request.method} {resource.canonical if resource else request.path}"


@web.middleware
async def _front(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Counting, then what answers before the API does: auth, rate limit, outages."""
    server = request.app[SERVER]
    route = _route(request)
    server.counts[route] += 1
    try:
        if (request.headers.get("X-App-Id"), request.headers.get("X-App-Token")) != (
            APP_ID,
            APP_TOKEN,
        ):
            raise unauthorized()
        if server.throttled > 0:
            server.throttled -= 1
            return rate_limited().response({"Retry-After": server.retry_after})
        if server.outages > 0:
            server.outages -= 1
            return web.Response(status=503, text="Service Unavailable")
        queue = server.canned.get(route)
        if queue:
            status, body = queue.popleft()
            return web.Response(status=status, body=body, content_type="application/json")
        return await handler(request)
    except VoucherifyError as error:
        return error.response()
    except web.HTTPMethodNotAllowed:
        return VoucherifyError(
            405, "method_not_allowed", "HTTP Method Not Allowed", route
        ).response()
    except web.HTTPNotFound:
        return VoucherifyError(404, "not_found", "Resource not found", request.path).response()


def _list(ref: str, rows: list[dict[str, Any]], query: Any, max_page: int = 100) -> Any:
    limit, page = paging(query, max_page)
    return {"object": "list", "data_ref": ref, ref: page_of(rows, limit, page), "total": len(rows)}


async def _body(request: web.Request) -> Any:
    try:
        return await request.json()
    except ValueError:
        raise invalid_payload("the body is not valid JSON") from None


def _project(request: web.Request) -> Project:
    return request.app[SERVER].project


async def list_customers(request: web.Request) -> web.Response:
    rows = sorted(_project(request).customers.values(), key=lambda c: c["created_at"])
    if "email" in request.query:
        email = request.query["email"]
        rows = [c for c in rows if str(c["email"]).lower() == email.lower()]
    return web.json_response(_list("customers", rows[::-1], request.query, max_page=99))


async def get_customer(request: web.Request) -> web.Response:
    return web.json_response(_project(request).customer(request.match_info["customerId"]))


async def list_members(request: web.Request) -> web.Response:
    project, campaign = _project(request), request.match_info["campaignId"]
    rows = project.members(campaign, request.query)
    ids = request.query.getall("ids", [])
    if ids:
        rows = [c for c in rows if c["id"] in ids]
    return web.json_response(_list("vouchers", rows, request.query))


async def get_member(request: web.Request) -> web.Response:
    m = request.match_info
    return web.json_response(_project(request).card(m["campaignId"], m["memberId"]))


async def adjust_balance(request: web.Request) -> web.Response:
    m, body = request.match_info, await _body(request)
    return web.json_response(_project(request).adjust(m["campaignId"], m["memberId"], body))


async def redeem_reward(request: web.Request) -> web.Response:
    m, body = request.match_info, await _body(request)
    return web.json_response(_project(request).redeem(m["campaignId"], m["memberId"], body))


async def card_transactions(request: web.Request) -> web.Response:
    m = request.match_info
    body = _project(request).card_transactions(m["campaignId"], m["memberId"], request.query)
    return web.json_response(body)


def _campaign_list(attribute: str) -> Handler:
    async def handler(request: web.Request) -> web.Response:
        project = _project(request)
        project.campaign(request.match_info["campaignId"])
        return web.json_response(_list("data", getattr(project, attribute), request.query))

    return handler


async def list_rewards(request: web.Request) -> web.Response:
    if "assignment_id" in request.query:
        raise invalid_query("assignment_id is not emulated")
    return web.json_response(_list("data", _project(request).rewards, request.query))


@dataclass
class RunningVoucherify:
    runner: web.AppRunner
    base_url: str
    server: Server

    @property
    def counts(self) -> Counter[str]:
        return self.server.counts

    @property
    def project(self) -> Project:
        return self.server.project

    def calls(self, route: str | None = None) -> int:
        """Requests to one route (e.g. "GET /v1/customers"), or to all of them."""
        return self.counts[route] if route else sum(self.counts.values())

    async def aclose(self) -> None:
        await self.runner.cleanup()


def application(server: Server) -> web.Application:
    app = web.Application(middlewares=[_front])
    app[SERVER] = server
    r = app.router
    r.add_get("/v1/customers", list_customers)
    r.add_get("/v1/customers/{customerId}", get_customer)
    r.add_get(CAMPAIGN + "/members", list_members)
    r.add_get(MEMBER, get_member)
    r.add_post(MEMBER + "/balance", adjust_balance)
    r.add_post(MEMBER + "/redemption", redeem_reward)
    r.add_get(MEMBER + "/transactions", card_transactions)
    r.add_get(CAMPAIGN + "/earning-rules", _campaign_list("earning_rules"))
    r.add_get(CAMPAIGN + "/tiers", _campaign_list("tiers"))
    r.add_get(CAMPAIGN + "/rewards", _campaign_list("assignments"))
    r.add_get("/v1/rewards", list_rewards)
    return app


def environment(running: RunningVoucherify) -> dict[str, str]:
    """What a configuration reads the emulator's address and keys from (`${VOUCHERIFY_URL}`,
    `${VOUCHERIFY_APP_ID}`, `${VOUCHERIFY_APP_TOKEN}`, `${VOUCHERIFY_CAMPAIGN_ID}`)."""
    return {
        "VOUCHERIFY_URL": running.base_url,
        "VOUCHERIFY_APP_ID": APP_ID,
        "VOUCHERIFY_APP_TOKEN": APP_TOKEN,
        "VOUCHERIFY_CAMPAIGN_ID": CAMPAIGN_ID,
    }


async def serve(host: str = "127.0.0.1", port: int = 0) -> RunningVoucherify:
    """Start on a free port (or `port`); `base_url` is what a connector points at."""
    server = Server()
    runner = web.AppRunner(application(server), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return RunningVoucherify(runner, f"http://{host}:{runner.addresses[0][1]}", server)
