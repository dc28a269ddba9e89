"""The reference storefront at /storefront/: plain JavaScript modules and CSS in
gateway/static/storefront, no build step, served as they are and calling only the public
GraphQL API. Shown when GraphiQL is (development, or `[gateway] graphiql = true`)."""

from __future__ import annotations

from starlette.routing import Mount

from gateway.static_files import HeaderedFiles

PATH = "/storefront"
# Scripts, styles and calls from the gateway only: no inline script or style, no handler
# attribute, no other host, so nothing injected into the page could run or phone out.
POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    )
)
HEADERS = {
    "Content-Security-Policy": POLICY,
    # Unversioned files: revalidated (ETag) on every load, so an upgrade is seen at once.
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
}


def storefront() -> Mount:
    """/storefront/ (index.html; /storefront redirects there) and its modules beside it, so
    that the same directory works from any static host in front of the gateway."""
    files_app = HeaderedFiles(
        lambda _: HEADERS, packages=[("gateway", "static/storefront")], html=True
    )
    return Mount(PATH, app=files_app, name="storefront")
