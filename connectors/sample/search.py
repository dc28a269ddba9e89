"""Product listing: filter, sort and page in SQL, returning one page of product ids.

Text matching runs on accent-free lower-case columns, so "secateur" finds "Sécateur"; every
word of the query must match. Ties are broken by product id, so pages never overlap.

Every statement stays small whatever the caller sends: SQLite refuses expression trees deeper
than 1,000 and LIKE patterns over 50,000 bytes, so a text of more than MAX_WORDS words, or
with a word longer than MAX_WORD_LENGTH, is not sent to SQL at all and matches nothing (the
schema refuses such text before it gets here; this holds for any other caller).
"""

from __future__ import annotations

from connectors.models import ProductSearch, ProductSort
from connectors.sample.db import SampleDatabase
from connectors.sample.keyed import CURRENCIES
from connectors.sample.naming import fold

# Natural direction of each sort (True = ascending); `reverse` flips it.
SORTS: dict[ProductSort, tuple[str, bool]] = {
    ProductSort.RELEVANCE: ("p.best_selling", False),
    ProductSort.TITLE: ("p.sort_{lang}", True),
    ProductSort.PRICE: ("pr.amount_cents", True),
    ProductSort.CREATED_AT: ("p.created_at", True),
    ProductSort.BEST_SELLING: ("p.best_selling", False),
}

PAGE_SQL = """
SELECT p.id, COUNT(*) OVER () AS total
FROM products p LEFT JOIN prices pr ON pr.sku = p.default_sku AND pr.currency = ?
WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?
"""
COUNT_SQL = "SELECT COUNT(*) AS total FROM products p WHERE {where}"
MAX_WORDS = 32
MAX_WORD_LENGTH = 256


def _escape(text: str) -> str:
    """Make LIKE's wildcards literal (paired with ESCAPE '\\')."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _words(request: ProductSearch) -> list[str] | None:
    """The folded words of the search text, or None when it is beyond what this back end
    evaluates."""
    words = fold(request.query or "").split()
    if len(words) > MAX_WORDS or any(len(word) > MAX_WORD_LENGTH for word in words):
        return None
    return words


def _filters(request: ProductSearch, words: list[str], lang: str) -> tuple[str, list[object]]:
    clauses: list[str] = ["1 = 1"]
    params: list[object] = []
    for word in dict.fromkeys(words):
        clauses.append(f"p.search_{lang} LIKE ? ESCAPE '\\'")
        params.append(f"%{_escape(word)}%")
    if request.category_id is not None:
        clauses.append("(p.category_id = ? OR p.department_id = ?)")
        params += [request.category_id, request.category_id]
    return " AND ".join(clauses), params


def _order(request: ProductSearch, words: list[str], lang: str) -> tuple[str, list[object]]:
    terms: list[tuple[str, bool]] = []
    params: list[object] = []
    query = " ".join(words)
    if request.sort is ProductSort.RELEVANCE and query:
        # Titles starting with the query first, then the best sellers.
        terms.append((f"(p.sort_{lang} NOT LIKE ? ESCAPE '\\')", True))
        params.append(f"{_escape(query)}%")
    column, ascending = SORTS[request.sort]
    terms += [(column.format(lang=lang), ascending), ("p.id", True)]
    flip = request.reverse
    return ", ".join(f"{expr} {'ASC' if asc != flip else 'DESC'}" for expr, asc in terms), params


async def search_page_ids(
    db: SampleDatabase, request: ProductSearch, lang: str, currency: str
) -> tuple[list[str], int]:
    """One page of matching product ids, and the number of matches."""
    words = _words(request)
    if words is None:
        return [], 0
    where, where_params = _filters(request, words, lang)
    order, order_params = _order(request, words, lang)
    # Price sorting needs a price list; other currencies sort by the euro list.
    price_list = currency if currency in CURRENCIES else "EUR"
    limit, offset = max(request.first, 0), max(request.offset, 0)
    sql = PAGE_SQL.format(where=where, order=order)
    rows = await db.fetch(sql, [price_list, *where_params, *order_params, limit, offset])
    if rows:
        return [row["id"] for row in rows], int(rows[0]["total"])
    counted = await db.fetch(COUNT_SQL.format(where=where), where_params)
    return [], int(counted[0]["total"])
