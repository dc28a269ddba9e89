"""The emulator as an aiohttp application on 127.0.0.1 (a random port by default), and the
handle a test holds: its base URL, the token store and fault switches, request counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web

from tests.emulators.akeneo import handlers
from tests.emulators.akeneo.catalogue import Catalogue, build
from tests.emulators.akeneo.errors import ApiError, json_response
from tests.emulators.akeneo.faults import Faults
from tests.emulators.akeneo.tokens import TokenStore, token_endpoint

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
TOKEN_PATH = "/api/oauth/v1/token"
CLIENT_ID, SECRET = "omnicanal_client", "s3cret-omnicanal"
USERNAME, PASSWORD = "omnicanal_api", "api-password"
TOKENS = web.AppKey("tokens", TokenStore)


@web.middleware
async def _errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except ApiError as exc:
        return json_response(exc.body(), status=exc.status)


@web.middleware
async def _bearer(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.path.startswith(handlers.API + "/"):
        request.app[TOKENS].authorise(request.headers.get("Authorization"))
    return await handler(request)


def build_app(tokens: TokenStore, faults: Faults, catalogue: Catalogue) -> web.Application:
    app = web.Application(middlewares=[faults.middleware(), _errors, _bearer])
    app[TOKENS] = tokens
    app[handlers.CATALOGUE] = catalogue

    async def token(request: web.Request) -> web.Response:
        return await token_endpoint(request, request.app[TOKENS])

    app.router.add_post(TOKEN_PATH, token)
    handlers.add_routes(app)
    return app


@dataclass
class RunningAkeneo:
    """An emulator served from the current event loop."""

    runner: web.AppRunner
    base_url: str
    tokens: TokenStore
    faults: Faults
    catalogue: Catalogue

    @property
    def counts(self) -> Counter[str]:
        return self.faults.counts

    def calls(self, prefix: str = handlers.API + "/") -> int:
        """Requests on paths under `prefix`; by default every REST call, token calls aside."""
        return sum(n for path, n in self.counts.items() if path.startswith(prefix))

    def token_calls(self) -> int:
        return self.counts[TOKEN_PATH]

    async def aclose(self) -> None:
        await self.runner.cleanup()


async def serve(
    token_lifetime_s: int = 3600,
    host: str = "127.0.0.1",
    port: int = 0,
    catalogue: Catalogue | None = None,
) -> RunningAkeneo:
    """The emulator on its own catalogue, or on `catalogue` (a composed setup's)."""
    tokens = TokenStore(CLIENT_ID, SECRET, USERNAME, PASSWORD, lifetime_s=token_lifetime_s)
    faults, catalogue = Faults(), catalogue or build()
    runner = web.AppRunner(build_app(tokens, faults, catalogue), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    bound = runner.addresses[0][1]
    return RunningAkeneo(runner, f"http://{host}:{bound}", tokens, faults, catalogue)
