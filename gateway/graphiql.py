"""GraphiQL served by the gateway itself: the page, with the example operations as tabs, and
the IDE's vendored JavaScript and CSS (gateway/static/graphiql, see scripts/refresh-graphiql),
so that it works with no network at all."""

from __future__ import annotations

import base64
import hashlib
import os
import re
from dataclasses import dataclass
from importlib.resources import files

import orjson
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount

from gateway.examples import graphiql_tabs
from gateway.static_files import HeaderedFiles

ASSETS_PATH = "/graphiql/static"
EXAMPLES_PLACEHOLDER = "/*EXAMPLES*/[]"
# A vendored file's directory names its version (react@18.3.1/…): its content never changes.
IMMUTABLE = "public, max-age=31536000, immutable"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


@dataclass(frozen=True)
class GraphiQLPage:
    html: str
    headers: dict[str, str]

    def response(self) -> Response:
        return HTMLResponse(self.html, headers=self.headers)


def graphiql_page() -> GraphiQLPage:
    template = files("gateway").joinpath("static/graphiql.html").read_text()
    # "<" escaped so that no example text can close the <script> element it is written into.
    tabs = orjson.dumps(graphiql_tabs()).decode().replace("<", "\\u003c")
    html = template.replace(EXAMPLES_PLACEHOLDER, tabs)
    return GraphiQLPage(
        html, {"Content-Security-Policy": _policy(html), "Cache-Control": "no-cache"}
    )


def _policy(html: str) -> str:
    """The page may load only from the gateway and talk only to it; its one inline script is
    allowed by hash, so nothing injected could run."""
    hashes = " ".join(f"'sha256-{_digest(script)}'" for script in _INLINE_SCRIPT.findall(html))
    return "; ".join(
        (
            "default-src 'none'",
            f"script-src 'self' {hashes}",
            # GraphiQL and CodeMirror set style attributes; its fonts and icons are data: URLs.
            "style-src 'self' 'unsafe-inline'",
            "font-src 'self' data:",
            "img-src 'self' data:",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        )
    )


def _digest(script: str) -> str:
    return base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()


def _vendored_headers(full_path: str) -> dict[str, str]:
    versioned = "@" in os.path.basename(os.path.dirname(full_path))
    return {"Cache-Control": IMMUTABLE} if versioned else {}


def graphiql_assets() -> Mount:
    """/graphiql/static/…: the vendored IDE, versioned paths cached for a year."""
    files_app = HeaderedFiles(_vendored_headers, packages=[("gateway", "static/graphiql")])
    return Mount(ASSETS_PATH, app=files_app, name="graphiql-assets")
