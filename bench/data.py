"""Deterministic upstream records for the benchmark emulator, in the upstreams' own shapes.

The shapes differ from the canonical models on purpose (localised titles, prices as strings,
stock as a flat list of locations), so the bench connector has real normalising to do.
Everything derives from the product number: no randomness, the same data on every run.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

Record = dict[str, Any]

PRODUCT_COUNT = 500
CUSTOMER_COUNT = 50

# (id, handle, fr, en, parent)
_CATEGORIES: tuple[tuple[str, str, str, str, str | None], ...] = (
    ("cat-maison", "maison", "Maison", "Home", None),
    ("cat-mode", "mode", "Mode", "Fashion", None),
    ("cat-sport", "sport", "Sport", "Sport", None),
    ("cat-tech", "high-tech", "High-Tech", "Electronics", None),
    ("cat-cuisine", "cuisine", "Cuisine", "Kitchen", "cat-maison"),
    ("cat-deco", "decoration", "Décoration", "Decoration", "cat-maison"),
    ("cat-homme", "homme", "Homme", "Men", "cat-mode"),
    ("cat-femme", "femme", "Femme", "Women", "cat-mode"),
    ("cat-running", "running", "Running", "Running", "cat-sport"),
    ("cat-velo", "velo", "Vélo", "Cycling", "cat-sport"),
    ("cat-audio", "audio", "Audio", "Audio", "cat-tech"),
    ("cat-photo", "photo", "Photo", "Cameras", "cat-tech"),
)
_LEAF_CATEGORIES = tuple(c for c in _CATEGORIES if c[4] is not None)

_NOUNS: tuple[tuple[str, str], ...] = (
    ("Chaise", "Chair"),
    ("Lampe", "Lamp"),
    ("Veste", "Jacket"),
    ("Chemise", "Shirt"),
    ("Chaussure", "Shoe"),
    ("Casque", "Headphones"),
    ("Sac", "Bag"),
    ("Montre", "Watch"),
    ("Poêle", "Pan"),
    ("Vase", "Vase"),
    ("Gourde", "Bottle"),
    ("Enceinte", "Speaker"),
)
_ADJECTIVES: tuple[tuple[str, str], ...] = (
    ("classique", "classic"),
    ("moderne", "modern"),
    ("nomade", "travel"),
    ("premium", "premium"),
    ("pratique", "handy"),
    ("robuste", "sturdy"),
    ("vintage", "vintage"),
)
_BRANDS = ("Atelier Nord", "Maison Lumen", "Rivage", "Kerlann", "Oppidum")
_SIZES = ("S", "M", "L")
_COLOURS = (("noir", "black"), ("blanc", "white"), ("bleu", "blue"))


@dataclass(frozen=True, slots=True)
class StoreSite:
    id: str
    code: str
    name: str
    line1: str
    postal_code: str
    city: str
    latitude: float
    longitude: float
    kind: str = "store"


# id | code | name | street | postal code | city | latitude | longitude (real places)
_STORE_TABLE = """
st-01 | PAR-RIV | Paris Rivoli | 120 rue de Rivoli | 75001 | Paris | 48.8606 | 2.3376
st-02 | PAR-MTP | Paris Montparnasse | 14 rue du Départ | 75015 | Paris | 48.8421 | 2.3219
st-03 | PAR-BAS | Paris Bastille | 5 place de la Bastille | 75011 | Paris | 48.8532 | 2.3692
st-04 | LDF | La Défense | 15 parvis de la Défense | 92800 | Puteaux | 48.8918 | 2.2380
st-05 | BOU | Boulogne | 60 route de la Reine | 92100 | Boulogne-Billancourt | 48.8352 | 2.2410
st-06 | STD | Saint-Denis | 8 place du Caquet | 93200 | Saint-Denis | 48.9362 | 2.3574
st-07 | VER | Versailles | 4 rue de la Paroisse | 78000 | Versailles | 48.8049 | 2.1204
st-08 | LIL | Lille | 31 rue Neuve | 59000 | Lille | 50.6292 | 3.0573
st-09 | LYO | Lyon Part-Dieu | 17 rue du Dr Bouchut | 69003 | Lyon | 45.7606 | 4.8593
st-10 | MRS | Marseille | 53 La Canebière | 13001 | Marseille | 43.2965 | 5.3698
st-11 | BOD | Bordeaux | 88 rue Sainte-Catherine | 33000 | Bordeaux | 44.8378 | -0.5792
st-12 | TLS | Toulouse | 2 place du Capitole | 31000 | Toulouse | 43.6047 | 1.4442
st-13 | NTE | Nantes | 12 rue Crébillon | 44000 | Nantes | 47.2184 | -1.5536
st-14 | SXB | Strasbourg | 1 place Kléber | 67000 | Strasbourg | 48.5734 | 7.7521
st-15 | NCE | Nice | 30 avenue Jean Médecin | 06000 | Nice | 43.7102 | 7.2620
st-16 | MPL | Montpellier | 1 place de la Comédie | 34000 | Montpellier | 43.6108 | 3.8767
st-17 | RNS | Rennes | 9 rue Le Bastard | 35000 | Rennes | 48.1173 | -1.6778
st-18 | GNB | Grenoble | 5 place Grenette | 38000 | Grenoble | 45.1885 | 5.7245
st-19 | URO | Rouen | 40 rue du Gros-Horloge | 76000 | Rouen | 49.4432 | 1.0999
st-20 | DIJ | Dijon | 22 rue de la Liberté | 21000 | Dijon | 47.3220 | 5.0415
"""
_WAREHOUSE_TABLE = """
wh-idf | WH-IDF | Entrepôt IDF | ZI Petits Carreaux | 94380 | Bonneuil-sur-Marne | 48.7702 | 2.4873
wh-ra | WH-RA | Entrepôt Rhône-Alpes | Parc Mi-Plaine | 69800 | Saint-Priest | 45.7153 | 4.9453
"""


def _sites(table: str, kind: str) -> tuple[StoreSite, ...]:
    sites = []
    for line in table.strip().splitlines():
        sid, code, name, street, postal, city, lat, lon = (c.strip() for c in line.split("|"))
        sites.append(StoreSite(sid, code, name, street, postal, city, float(lat), float(lon), kind))
    return tuple(sites)


STORES = _sites(_STORE_TABLE, "store")
WAREHOUSES = _sites(_WAREHOUSE_TABLE, "warehouse")
LOCATIONS: tuple[StoreSite, ...] = STORES + WAREHOUSES

CURRENCY_RATES: dict[str, Decimal] = {
    "EUR": Decimal("1"),
    "GBP": Decimal("0.86"),
    "CHF": Decimal("0.95"),
    "USD": Decimal("1.08"),
}
GROUP_DISCOUNTS: dict[str, Decimal] = {"default": Decimal("1"), "pro": Decimal("0.90")}
PAGE_HANDLES = ("accueil", "livraison", "cgv")


def product_id(n: int) -> str:
    return f"p{n:04d}"


def product_sku(n: int) -> str:
    return f"SKU-{n:04d}"


def customer_id(n: int) -> str:
    return f"cust-{n:03d}"


def base_price(n: int) -> Decimal:
    """The catalogue price in EUR, between 9.90 and 399.90."""
    return Decimal(990 + (n * 7919) % 39000) / 100


def promoted(n: int) -> bool:
    return n % 4 == 0


def _variants(n: int, leaf: str) -> list[Record]:
    sku = product_sku(n)
    if leaf in ("cat-homme", "cat-femme", "cat-running"):
        return [
            {"sku": f"{sku}-{s}" if i else sku, "label": s, "axes": {"taille": s}}
            for i, s in enumerate(_SIZES)
        ]
    if n % 3 == 0:
        return [
            {"sku": f"{sku}-{en.upper()}" if i else sku, "label": fr, "axes": {"couleur": fr}}
            for i, (fr, en) in enumerate(_COLOURS[:2])
        ]
    return [{"sku": sku, "label": "Unique", "axes": {}}]


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(ascii_text.lower().split())


def _product(n: int) -> Record:
    noun_fr, noun_en = _NOUNS[n % len(_NOUNS)]
    adj_fr, adj_en = _ADJECTIVES[(n // len(_NOUNS)) % len(_ADJECTIVES)]
    leaf = _LEAF_CATEGORIES[n % len(_LEAF_CATEGORIES)]
    title_fr = f"{noun_fr} {adj_fr} {n:03d}"
    return {
        "uuid": product_id(n),
        "slug": _slug(title_fr),
        "name": {"fr": title_fr, "en": f"{adj_en.capitalize()} {noun_en.lower()} {n:03d}"},
        "summary": {
            "fr": f"{title_fr} : une pièce {adj_fr} pour tous les jours.",
            "en": f"{adj_en.capitalize()} {noun_en.lower()} for every day.",
        },
        "brand": _BRANDS[n % len(_BRANDS)],
        "categories": [leaf[4], leaf[0]],
        "variants": _variants(n, leaf[0]),
        "attributes": [
            {"code": "material", "label": {"fr": "Matière", "en": "Material"}, "value": "coton"},
            {"code": "origin", "label": {"fr": "Origine", "en": "Origin"}, "value": "France"},
        ],
        "images": [{"src": f"https://cdn.example.com/p/{n:04d}.jpg", "alt": title_fr}],
        "created": f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}T09:00:00Z",
        "sales_rank": (n * 389) % PRODUCT_COUNT,
        "_price": base_price(n),
    }


PRODUCTS: tuple[Record, ...] = tuple(_product(n) for n in range(1, PRODUCT_COUNT + 1))
PRODUCT_BY_ID: dict[str, Record] = {p["uuid"]: p for p in PRODUCTS}
PRODUCT_BY_HANDLE: dict[str, Record] = {p["slug"]: p for p in PRODUCTS}
PRODUCT_BY_SKU: dict[str, Record] = {v["sku"]: p for p in PRODUCTS for v in p["variants"]}
PRODUCT_NUMBER_BY_SKU: dict[str, int] = {
    sku: int(p["uuid"][1:]) for sku, p in PRODUCT_BY_SKU.items()
}

CATEGORIES: tuple[Record, ...] = tuple(
    {"uuid": cid, "slug": slug, "name": {"fr": fr, "en": en}, "parent": parent}
    for cid, slug, fr, en, parent in _CATEGORIES
)
CATEGORY_BY_ID: dict[str, Record] = {c["uuid"]: c for c in CATEGORIES}
CATEGORY_BY_HANDLE: dict[str, Record] = {c["slug"]: c for c in CATEGORIES}


def location_record(site: StoreSite) -> Record:
    return {
        "locationId": site.id,
        "code": site.code,
        "displayName": site.name,
        "type": site.kind,
        "address": {
            "street": site.line1,
            "zip": site.postal_code,
            "town": site.city,
            "country": "FR",
        },
        "geo": {"lat": site.latitude, "lng": site.longitude},
        "hours": ["Mo-Sa 10:00-19:30"] if site.kind == "store" else [],
    }


LOCATION_BY_ID: dict[str, Record] = {s.id: location_record(s) for s in LOCATIONS}
LOCATION_BY_CODE: dict[str, Record] = {s.code: location_record(s) for s in LOCATIONS}


@functools.cache  # the emulator must stay cheap next to the gateway
def stock_record(sku: str) -> Record | None:
    n = PRODUCT_NUMBER_BY_SKU.get(sku)
    if n is None:
        return None
    salt = sum(sku.encode())
    locations = [
        {"location": site.id, "type": site.kind, "qty": (n * 7 + i * 5 + salt) % 9}
        for i, site in enumerate(LOCATIONS)
    ]
    if n % 10 == 0:  # a few products sold out online
        for loc in locations:
            if loc["type"] == "warehouse":
                loc["qty"] = 0
    return {"sku": sku, "locations": locations}


@functools.cache
def content_record(pid: str) -> Record | None:
    product = PRODUCT_BY_ID.get(pid)
    if product is None:
        return None
    n = int(pid[1:])
    if n % 7 == 0:  # the CMS has nothing for some products
        return None
    blocks: list[Record] = [
        {
            "uid": f"blk-{n:04d}-hero",
            "component": "hero",
            "headline": product["name"]["fr"],
            "text": "Livraison offerte dès 50 €.",
            "assets": [{"url": f"https://cdn.example.com/c/{n:04d}-hero.jpg"}],
        }
    ]
    if n % 3 == 0:
        blocks.append(
            {
                "uid": f"blk-{n:04d}-guide",
                "component": "size-guide",
                "headline": "Guide des tailles",
            }
        )
    return {"product": pid, "blocks": blocks}


@functools.lru_cache(maxsize=16384)
def price_record(sku: str, currency: str, group: str, channel: str) -> Record | None:
    """What the ERP answers for one SKU: the promoted price and, if promoted, the list price."""
    n = PRODUCT_NUMBER_BY_SKU.get(sku)
    rate = CURRENCY_RATES.get(currency)
    if n is None or rate is None:
        return None
    factor = rate * GROUP_DISCOUNTS.get(group, Decimal("1"))
    if channel == "APP":
        factor *= Decimal("0.95")  # app-only 5 % off
    listed = (base_price(n) * factor).quantize(Decimal("0.01"))
    record: Record = {"sku": sku, "currency": currency, "net": str(listed), "list": None}
    record["promos"] = []
    if promoted(n):
        record["net"] = str((listed * Decimal("0.8")).quantize(Decimal("0.01")))
        record["list"] = str(listed)
        record["promos"] = [{"promoCode": "PRINTEMPS20", "label": "-20 % printemps"}]
    return record


def points(sku: str, amount: Decimal, currency: str, channel: str) -> int | None:
    """Points earned by one unit: one per whole euro-equivalent, doubled in the app."""
    rate = CURRENCY_RATES.get(currency)
    if sku not in PRODUCT_NUMBER_BY_SKU or rate is None:
        return None
    earned = int(amount / rate)
    return earned * 2 if channel == "APP" else earned


PAGES: dict[str, Record] = {
    handle: {
        "uid": f"page-{handle}",
        "slug": handle,
        "headline": handle.capitalize(),
        "sections": [{"uid": f"blk-{handle}-1", "component": "rich-text", "text": "…"}],
    }
    for handle in PAGE_HANDLES
}

CUSTOMERS: dict[str, Record] = {
    customer_id(n): {
        "customerId": customer_id(n),
        "email": f"client{n:03d}@example.fr",
        "firstName": "Camille",
        "lastName": f"Martin-{n:03d}",
        "group": "pro" if n % 10 == 0 else "default",
    }
    for n in range(1, CUSTOMER_COUNT + 1)
}

LOYALTY_ACCOUNTS: dict[str, Record] = {
    cid: {
        "accountId": f"loy-{cid}",
        "customer": cid,
        "card": f"2900{int(cid[5:]):08d}",
        "tier": "gold" if int(cid[5:]) % 5 == 0 else "silver",
        "balance": int(cid[5:]) * 137,
        "rewards": [{"rewardId": "rw-10", "label": "Bon de 10 €", "cost": 1000}],
    }
    for cid in CUSTOMERS
    if int(cid[5:]) % 2 == 1
}
