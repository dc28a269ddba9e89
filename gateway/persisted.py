"""Persisted operations on the request path: the text of a request named by `documentId`
(the GraphQL-over-HTTP persisted-documents appendix: a trusted document pushed with
`omnicanal documents push`) or by `extensions.persistedQuery` (Apollo's automatic
persisted queries, APQ).

APQ as Apollo defines it: a hash alone finds its registered text, else the error
`PersistedQueryNotFound` (code PERSISTED_QUERY_NOT_FOUND) that makes Apollo clients retry
with the text; a hash with the text is checked against it, registered, and executed. Only
a document that parses, validates and fits the limits is registered. A trusted document
can be named by its id or its hash either way; `persisted` then says the text is the
operator's, not the client's (persisted-only keys accept nothing else)."""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import psycopg
from graphql import GraphQLSchema

from gateway.apq_store import ApqStore, open_apq_store
from gateway.cache_control import REVALIDATE, CachePolicy
from gateway.keys.model import StoredDocument
from gateway.keys.store import KeyStore, hash_of
from gateway.refusals import BadRequest
from gateway.vetting import DocumentRefused, vet_off_loop
from schema.analysis.lru import Lru
from schema.policy import OperationLimits

log = logging.getLogger("omnicanal.persisted")

PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
NOT_FOUND_MESSAGE = "PersistedQueryNotFound"  # the message Apollo clients look for
HASH_MISMATCH = "PERSISTED_QUERY_HASH_MISMATCH"
APQ_VERSION = 1
MAX_DOCUMENT_ID = 256
# A pushed document is immutable under its hash, so it is cached for good; an id can be
# pushed again to name a newer document, and a miss can become a hit, so those are
# remembered only this long.
ID_TTL_S = 5.0
CACHED_DOCUMENTS = 1024
CACHED_REFERENCES = 4096


@dataclass(frozen=True, slots=True)
class ResolvedDocument:
    text: str
    persisted: bool  # a trusted document, pushed by the operator


class TrustedDocuments:
    """The state store's documents, with the lookups a busy listing repeats cached."""

    def __init__(self, store: KeyStore, clock: Callable[[], float] = time.monotonic) -> None:
        self._store = store
        self._clock = clock
        self._by_hash: Lru[str, StoredDocument] = Lru(CACHED_DOCUMENTS)
        self._recent: Lru[str, tuple[float, StoredDocument | None]] = Lru(CACHED_REFERENCES)

    async def find(self, ref: str) -> StoredDocument | None:
        digest = hash_of(ref)
        if digest is not None and (known := self._by_hash.get(digest)) is not None:
            return known
        now = self._clock()
        recent = self._recent.get(ref)
        if recent is not None and recent[0] > now:
            return recent[1]
        try:
            found = await self._store.find_document(ref)
        except (sqlite3.Error, psycopg.Error, OSError) as exc:
            log.warning("trusted document lookup failed: %r", exc)
            raise BadRequest(
                "STATE_UNAVAILABLE", "the document store is not answering; try again", 503
            ) from exc
        if found is not None:
            self._by_hash.put(found.hash, found)
        self._recent.put(ref, (now + ID_TTL_S, found))
        return found


class PersistedDocuments:
    def __init__(
        self,
        trusted: TrustedDocuments,
        apq: ApqStore,
        schema: GraphQLSchema,
        limits: OperationLimits,
    ) -> None:
        self.trusted = trusted
        self.apq = apq
        self._schema = schema
        self._limits = limits

    async def resolve(self, body: Any) -> ResolvedDocument | None:
        """The document a request body names, or None when it sends plain text (or is
        malformed, which the caller reports)."""
        if not isinstance(body, Mapping):
            return None
        query, document_id = body.get("query"), body.get("documentId")
        if document_id is not None:
            if query is not None:
                raise BadRequest("BAD_REQUEST", "send `query` or `documentId`, not both")
            return await self._by_id(document_id)
        digest = _apq_hash(body.get("extensions"))
        if digest is None:
            return None
        if query is None:
            return await self._by_hash(digest)
        if not isinstance(query, str):
            return None
        return await self._register(digest, query, body.get("variables"))

    async def aclose(self) -> None:
        await self.apq.aclose()

    async def _by_id(self, document_id: Any) -> ResolvedDocument:
        if not isinstance(document_id, str) or not 0 < len(document_id) <= MAX_DOCUMENT_ID:
            raise BadRequest(
                "BAD_REQUEST", f"`documentId` must be a string of 1 to {MAX_DOCUMENT_ID} characters"
            )
        found = await self.trusted.find(document_id)
        if found is None:
            raise not_found()
        return ResolvedDocument(found.body, persisted=True)

    async def _by_hash(self, digest: str) -> ResolvedDocument:
        trusted = await self.trusted.find(digest)
        if trusted is not None:
            return ResolvedDocument(trusted.body, persisted=True)
        registered = await self.apq.get(digest)
        if registered is None:
            raise not_found()
        return ResolvedDocument(registered, persisted=False)

    async def _register(self, digest: str, query: str, variables: Any) -> ResolvedDocument:
        if hashlib.sha256(query.encode()).hexdigest() != digest:
            raise BadRequest(
                HASH_MISMATCH, "provided sha does not match query: hash the exact text sent"
            )
        trusted = await self.trusted.find(digest)
        if trusted is not None:
            return ResolvedDocument(trusted.body, persisted=True)
        given = variables if isinstance(variables, Mapping) else None
        try:
            await vet_off_loop(self._schema, self._limits, query, given)
        except DocumentRefused:
            # Not kept; the execution that follows answers the same refusal, coded.
            return ResolvedDocument(query, persisted=False)
        await self.apq.put(digest, query)
        return ResolvedDocument(query, persisted=False)


def not_found() -> BadRequest:
    # As Apollo Server: status 200, so that every Apollo client reads the error and
    # retries with the text, and never kept by a cache (a GET's URL will work later).
    return BadRequest(
        PERSISTED_QUERY_NOT_FOUND, NOT_FOUND_MESSAGE, 200, {"Cache-Control": REVALIDATE}
    )


def _apq_hash(extensions: Any) -> str | None:
    """The SHA-256 `extensions.persistedQuery` names, if the request uses APQ."""
    persisted = extensions.get("persistedQuery") if isinstance(extensions, Mapping) else None
    if persisted is None:
        return None  # absent or null: not an APQ request
    if not isinstance(persisted, Mapping):
        raise BadRequest("BAD_REQUEST", "`extensions.persistedQuery` must be an object")
    version = persisted.get("version")
    if type(version) is not int or version != APQ_VERSION:
        raise BadRequest(
            "PERSISTED_QUERY_VERSION_NOT_SUPPORTED",
            f"Unsupported persisted query version: send version {APQ_VERSION}",
        )
    digest = persisted.get("sha256Hash")
    text = digest.lower() if isinstance(digest, str) else ""
    if hash_of(text) is None or text.startswith("sha256:"):
        raise BadRequest(
            "BAD_REQUEST", "`extensions.persistedQuery.sha256Hash` must be 64 hexadecimal digits"
        )
    return text


def names_document(params: Mapping[str, Any]) -> bool:
    """Whether GET parameters carry an operation: its text, or a reference to one."""
    return any(name in params for name in ("query", "documentId", "extensions"))


@dataclass(slots=True)
class PersistedOperations:
    """What the app holds for persisted operations: the documents and the GET caching."""

    documents: PersistedDocuments
    cache: CachePolicy

    async def aclose(self) -> None:
        await self.documents.aclose()


def open_persisted(
    state: KeyStore,
    schema: GraphQLSchema,
    limits: OperationLimits,
    redis_url: str | None,
    domain_ttls: Mapping[str, float],
) -> PersistedOperations:
    documents = PersistedDocuments(
        TrustedDocuments(state), open_apq_store(redis_url), schema, limits
    )
    return PersistedOperations(documents, CachePolicy(schema, domain_ttls))
