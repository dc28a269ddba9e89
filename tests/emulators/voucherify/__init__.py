"""A Voucherify emulator, written from Voucherify's API reference (voucherify-openapi):
`X-App-Id`/`X-App-Token` authentication, the `/v1` paths of customers, loyalty members
(cards), balance changes with their transactions, earning rules, tiers, rewards and reward
redemption, the error object `{code, key, message, details, request_id}`, paging (`limit`
1..100, `page` from 1), 429 with Retry-After on a switch. It counts requests per route.

    voucherify = await serve()  # on a free port of 127.0.0.1
    os.environ.update(environment(voucherify))  # for ${VOUCHERIFY_URL} and the keys
    ...  # point a connector at voucherify.base_url with APP_ID, APP_TOKEN, CAMPAIGN_ID
    voucherify.server.throttled = 1  # the next request answers 429
    await voucherify.aclose()
"""

from tests.emulators.voucherify.app import RunningVoucherify, Server, environment, serve
from tests.emulators.voucherify.dataset import APP_ID, APP_TOKEN, CAMPAIGN_ID

__all__ = [
    "APP_ID",
    "APP_TOKEN",
    "CAMPAIGN_ID",
    "RunningVoucherify",
    "Server",
    "environment",
    "serve",
]
