"""The REST routes under /api/rest/v1 the emulator serves: products and product models
(filters, both pagination types, value projections), categories, and the structure a
connector reads once (attributes and their options, families and family variants,
channels). Lists are sorted as Akeneo sorts them: products and models by identifier or
code, categories depth-first."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from typing import Any

from aiohttp import web

from tests.emulators.akeneo import attributes as attributes_
from tests.emulators.akeneo import grammar, params, reference
from tests.emulators.akeneo.catalogue import Catalogue, api_view
from tests.emulators.akeneo.errors import ApiError, json_response
from tests.emulators.akeneo.pages import page
from tests.emulators.akeneo.values import project

Raw = dict[str, Any]
API = "/api/rest/v1"
CATALOGUE = web.AppKey("catalogue", Catalogue)


def _in_tree(record: Raw, scope: str | None) -> bool:
    # With `scope`, Akeneo returns only what is classified in that channel's tree.
    if scope is None:
        return True
    return bool(
        reference.descendants(reference.CHANNELS[scope]["category_tree"]) & {*record["categories"]}
    )


def _listing(
    request: web.Request,
    records: Iterable[Raw],
    resource: grammar.Resource,
    known: Collection[str],
    key: Callable[[Raw], str],
    path: str,
) -> web.Response:
    query = request.query
    params.check_known(query, known)
    paging = params.paging(query, search_after_supported="search_after" in known)
    has_values = "scope" in known
    shown = params.projection(query) if has_values else None
    match = grammar.compile_search(
        resource, query.get("search"), query.get("search_locale"), query.get("search_scope")
    )
    kept = [r for r in records if match(r) and (shown is None or _in_tree(r, shown.scope))]
    if shown is not None:
        kept = [project(r, shown.scope, shown.locales, shown.attributes) for r in kept]
    origin = str(request.url.origin())
    body = page(request, kept, paging, key, lambda r: f"{origin}{API}/{path}/{key(r)}")
    return json_response(body)


def _one(request: web.Request, found: Raw | None, message: str) -> web.Response:
    params.check_known(request.query, ())
    if found is None:
        raise ApiError(404, message)
    return json_response(found)


async def products(request: web.Request) -> web.Response:
    catalogue = request.app[CATALOGUE]
    records = sorted(catalogue.products.values(), key=lambda p: p["identifier"].lower())
    views = (api_view(catalogue, r) for r in records)
    key = _field("identifier")
    return _listing(request, views, grammar.PRODUCTS, params.PRODUCT_LISTING, key, "products")


async def product(request: web.Request) -> web.Response:
    catalogue, identifier = request.app[CATALOGUE], request.match_info["identifier"]
    record = catalogue.products.get(identifier)
    found = None if record is None else api_view(catalogue, record)
    message = f'Product "{identifier}" does not exist or you do not have permission to access it.'
    return _one(request, found, message)


async def product_models(request: web.Request) -> web.Response:
    catalogue = request.app[CATALOGUE]
    models = sorted(catalogue.models.values(), key=lambda m: m["code"].lower())
    records = [api_view(catalogue, m) for m in models]
    known = params.PRODUCT_LISTING
    return _listing(
        request, records, grammar.PRODUCT_MODELS, known, _field("code"), "product-models"
    )


async def product_model(request: web.Request) -> web.Response:
    catalogue, code = request.app[CATALOGUE], request.match_info["code"]
    record = catalogue.models.get(code)
    found = None if record is None else api_view(catalogue, record)
    message = f'Product model "{code}" does not exist or you do not have permission to access it.'
    return _one(request, found, message)


async def categories(request: web.Request) -> web.Response:
    records = reference.CATEGORIES.values()
    resource, known = grammar.CATEGORIES_RESOURCE, params.LISTING
    return _listing(request, records, resource, known, _field("code"), "categories")


async def category(request: web.Request) -> web.Response:
    code = request.match_info["code"]
    return _one(request, reference.CATEGORIES.get(code), f'Category "{code}" does not exist.')


async def attributes(request: web.Request) -> web.Response:
    records = attributes_.ATTRIBUTES.values()
    return _listing(
        request, records, grammar.STRUCTURE, params.LISTING, _field("code"), "attributes"
    )


async def attribute_options(request: web.Request) -> web.Response:
    code = request.match_info["code"]
    if code not in attributes_.ATTRIBUTES:
        raise ApiError(404, f'Attribute "{code}" does not exist.')
    records = attributes_.OPTIONS.get(code, [])
    path = f"attributes/{code}/options"
    return _listing(request, records, grammar.STRUCTURE, params.PAGING, _field("code"), path)


async def families(request: web.Request) -> web.Response:
    records = attributes_.FAMILIES.values()
    return _listing(request, records, grammar.STRUCTURE, params.LISTING, _field("code"), "families")


async def family_variants(request: web.Request) -> web.Response:
    code = request.match_info["code"]
    if code not in attributes_.FAMILIES:
        raise ApiError(404, f'Family "{code}" does not exist.')
    records = attributes_.FAMILY_VARIANTS.get(code, [])
    path = f"families/{code}/variants"
    return _listing(request, records, grammar.STRUCTURE, params.PAGING, _field("code"), path)


async def channel(request: web.Request) -> web.Response:
    code = request.match_info["code"]
    return _one(request, reference.CHANNELS.get(code), f'Channel "{code}" does not exist.')


def _field(name: str) -> Callable[[Raw], str]:
    return lambda record: str(record[name])


def add_routes(app: web.Application) -> None:
    for path, handler in (
        ("products", products),
        ("products/{identifier}", product),
        ("product-models", product_models),
        ("product-models/{code}", product_model),
        ("categories", categories),
        ("categories/{code}", category),
        ("attributes", attributes),
        ("attributes/{code}/options", attribute_options),
        ("families", families),
        ("families/{code}/variants", family_variants),
        ("channels/{code}", channel),
    ):
        app.router.add_get(f"{API}/{path}", handler)
