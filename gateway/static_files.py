"""Packaged static files with headers of their own (GraphiQL's vendored IDE, the reference
storefront): Starlette's StaticFiles, each response given what `headers_for` says."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

HeadersFor = Callable[[str], dict[str, str]]


class HeaderedFiles(StaticFiles):
    def __init__(self, headers_for: HeadersFor, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._headers_for = headers_for

    def file_response(
        self,
        full_path: str | os.PathLike[str],
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers.update(self._headers_for(os.fspath(full_path)))
        return response
