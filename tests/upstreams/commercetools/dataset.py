"""What the test commercetools project holds, deterministic, shaped like commercetools'
documented drafts; `seed.py` posts it, the tests read it to know what to expect.

- 6 categories on two levels (garden and home), names and slugs in `fr-FR` and `en-GB`;
- 40 products of one product type (`brand` same for all variants; `color` and `size`
  `CombinationUnique`, the variant axes), single-variant or 2-3 variants;
- per variant, embedded prices: EUR (first, unscoped), GBP (unscoped), EUR for Belgium on
  even products, EUR and GBP for the `b2b` customer group (-15 %), EUR on the `app`
  distribution channel for every third product (-10 %); every fifth product's EUR price
  carries an external product discount ("Soldes", -30 %);
- channels: `app` (ProductDistribution), six stores and one warehouse (InventorySupply) with
  real French addresses and coordinates; inventory per SKU per supply channel, some zero;
- two customers (one in `b2b`), a cart type for omnicanal's cart fields, a customer type
  whose `loyaltyCard` field holds the demo customer's loyalty card (the Voucherify
  emulator's card of the same address; the pro customer has none), a live discount
  code (SPRING10, -10 % on every line) and an expired one (WINTER2025).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

PROJECT_KEY = "omnicanal-test"
CLIENT_ID = "omnicanal-tests"
CLIENT_SECRET = "omnicanal-tests-secret-0123456789"
LOCALES = ("fr-FR", "en-GB")
CART_TYPE = "omnicanal-cart"
CUSTOMER_TYPE = "omnicanal-customer"
LOYALTY_CARD_FIELD = "loyaltyCard"
DEMO_CARD = "OC1987000001"  # tests/emulators/voucherify/dataset.py: demo@omnicanal.dev's
APP_CHANNEL = "app"
B2B_GROUP = "b2b"
WAREHOUSE = "wh-saran"
DEMO_EMAIL = "demo@omnicanal.dev"
DEMO_PASSWORD = "omnicanal-demo"
PRO_EMAIL = "pro@omnicanal.dev"
PRO_PASSWORD = "omnicanal-pro"
LIVE_CODE = "SPRING10"
EXPIRED_CODE = "WINTER2025"
CDN = "https://cdn.omnicanal.dev/ct"

Json = dict[str, Any]


@dataclass(frozen=True, slots=True)
class CategorySpec:
    key: str
    fr: str
    en: str
    slug_fr: str
    slug_en: str
    parent: str | None = None


CATEGORIES = (
    CategorySpec("garden", "Jardin", "Garden", "jardin", "garden"),
    CategorySpec("home", "Maison", "Home", "maison", "home"),
    CategorySpec(
        "garden-tools", "Outils de jardin", "Garden tools", "outils-de-jardin", "garden-tools",
        "garden",
    ),
    CategorySpec("watering", "Arrosage", "Watering", "arrosage", "watering", "garden"),
    CategorySpec("kitchen", "Cuisine", "Kitchen", "cuisine", "kitchen", "home"),
    CategorySpec("lighting", "Éclairage", "Lighting", "eclairage", "lighting", "home"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Template:
    fr: str
    en: str
    category: str
    brand: str
    euro_cents: int
    axis: str | None = None  # "size" or "color"
    values: tuple[str, ...] = ()


COLORS = {"green": ("Vert", "Green"), "grey": ("Gris", "Grey"), "blue": ("Bleu", "Blue"),
          "white": ("Blanc", "White"), "black": ("Noir", "Black")}  # fmt: skip

TEMPLATES = (
    Template("Sécateur", "Pruning shears", "garden-tools", "Verdure", 2490),
    Template("Gants de jardinage", "Gardening gloves", "garden-tools", "Verdure", 1290, "size",
             ("S", "M", "L")),
    Template("Râteau", "Rake", "garden-tools", "Jardimax", 1990),
    Template("Bêche", "Spade", "garden-tools", "Jardimax", 3490),
    Template("Cisaille à haie", "Hedge shears", "garden-tools", "Verdure", 2990),
    Template("Arrosoir", "Watering can", "watering", "Jardimax", 1490, "color",
             ("green", "grey")),
    Template("Tuyau d'arrosage", "Garden hose", "watering", "Jardimax", 2990, "size",
             ("15M", "25M")),
    Template("Pistolet d'arrosage", "Spray gun", "watering", "Verdure", 990),
    Template("Enrouleur", "Hose reel", "watering", "Jardimax", 4990),
    Template("Couteau de chef", "Chef's knife", "kitchen", "Cuisinor", 3990),
    Template("Planche à découper", "Chopping board", "kitchen", "Cuisinor", 1990, "size",
             ("S", "L")),
    Template("Poêle", "Frying pan", "kitchen", "Cuisinor", 2990, "size", ("24", "28")),
    Template("Tablier", "Apron", "kitchen", "Cuisinor", 1590, "color", ("green", "blue")),
    Template("Lampe de table", "Table lamp", "lighting", "Lumina", 4490, "color",
             ("white", "black")),
    Template("Guirlande lumineuse", "String lights", "lighting", "Lumina", 1990),
    Template("Lanterne", "Lantern", "lighting", "Lumina", 2490),
    Template("Applique murale", "Wall light", "lighting", "Lumina", 5990),
)  # fmt: skip

MODELS = (("Classique", "Classic", 100), ("Pro", "Pro", 150), ("Compact", "Compact", 80))
PRODUCT_COUNT = 40


def _slug(text: str) -> str:
    table = str.maketrans("éèêâàôîûç'", "eeeaaoiuc-")
    return "-".join(text.lower().translate(table).split())


@dataclass(frozen=True, slots=True)
class VariantSpec:
    sku: str
    axis: str | None
    value: str | None
    eur_cents: int
    gbp_cents: int


@dataclass(frozen=True, slots=True)
class ProductSpec:
    number: int
    key: str
    name_fr: str
    name_en: str
    slug_fr: str
    slug_en: str
    category: str
    brand: str
    variants: tuple[VariantSpec, ...]

    @property
    def discounted(self) -> bool:
        """Every fifth product is on sale (external product discount, -30 %)."""
        return self.number % 5 == 0

    @property
    def belgian_price(self) -> bool:
        return self.number % 2 == 0

    @property
    def app_price(self) -> bool:
        return self.number % 3 == 0


def _rounded(cents: int) -> int:
    """Shelf prices end in .90."""
    return max(190, (cents // 100) * 100 + 90)


def _products() -> tuple[ProductSpec, ...]:
    found = []
    for index in range(PRODUCT_COUNT):
        number = index + 1
        template = TEMPLATES[index % len(TEMPLATES)]
        model_fr, model_en, factor = MODELS[index // len(TEMPLATES)]
        eur = _rounded(template.euro_cents * factor // 100)
        gbp = _rounded(eur * 86 // 100)
        base = f"CT-{number:04d}"
        values: tuple[str | None, ...] = template.values or (None,)
        variants = tuple(
            VariantSpec(
                sku=f"{base}-{value.upper()}" if value else base,
                axis=template.axis if value else None,
                value=value,
                # The larger sizes cost a little more.
                eur_cents=eur + position * 200,
                gbp_cents=gbp + position * 200,
            )
            for position, value in enumerate(values)
        )
        name_fr, name_en = f"{template.fr} {model_fr}", f"{template.en} {model_en}"
        found.append(
            ProductSpec(
                number=number,
                key=f"ct-p{number:03d}",
                name_fr=name_fr,
                name_en=name_en,
                slug_fr=_slug(name_fr),
                slug_en=_slug(name_en),
                category=template.category,
                brand=template.brand,
                variants=variants,
            )
        )
    return tuple(found)


PRODUCTS = _products()
ALL_SKUS = tuple(v.sku for p in PRODUCTS for v in p.variants)


def percent(cents: int, pct: int) -> int:
    """`pct` per cent of `cents`, rounded half up to the cent."""
    return (cents * pct + 50) // 100


def money(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


# --- channels ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChannelSpec:
    key: str
    name: str
    roles: tuple[str, ...]
    street: str = ""
    number: str = ""
    postal_code: str = ""
    city: str = ""
    latitude: float | None = None
    longitude: float | None = None


STORES = (
    ChannelSpec("paris-rivoli", "Omnicanal Paris Rivoli", ("InventorySupply",), "Rue de Rivoli",
                "112", "75001", "Paris", 48.8605, 2.3440),
    ChannelSpec("paris-bastille", "Omnicanal Paris Bastille", ("InventorySupply",),
                "Rue du Faubourg Saint-Antoine", "28", "75012", "Paris", 48.8520, 2.3730),
    ChannelSpec("lyon-part-dieu", "Omnicanal Lyon Part-Dieu", ("InventorySupply",),
                "Rue du Docteur Bouchut", "17", "69003", "Lyon", 45.7610, 4.8560),
    ChannelSpec("marseille-vieux-port", "Omnicanal Marseille Vieux-Port", ("InventorySupply",),
                "Quai des Belges", "1", "13001", "Marseille", 43.2952, 5.3744),
    ChannelSpec("lille-centre", "Omnicanal Lille Centre", ("InventorySupply",), "Rue Neuve",
                "31", "59000", "Lille", 50.6365, 3.0650),
    ChannelSpec("bordeaux-sainte-catherine", "Omnicanal Bordeaux Sainte-Catherine",
                ("InventorySupply",), "Rue Sainte-Catherine", "50", "33000", "Bordeaux",
                44.8395, -0.5735),
)  # fmt: skip
WAREHOUSE_CHANNEL = ChannelSpec(
    WAREHOUSE, "Entrepôt Saran", ("InventorySupply",), "Rue de la Tuilerie", "6", "45770",
    "Saran", 47.9500, 1.8760,
)  # fmt: skip
DISTRIBUTION = (ChannelSpec(APP_CHANNEL, "Application mobile", ("ProductDistribution",)),)
SUPPLY = (*STORES, WAREHOUSE_CHANNEL)


def stock(sku_index: int, channel_index: int) -> int:
    """On-stock quantity of ALL_SKUS[sku_index] in SUPPLY[channel_index] (the warehouse is
    the last supply channel): every seventh SKU is out of stock online but on the shelf in
    the two Paris stores; stores have zeros too."""
    warehouse = channel_index == len(SUPPLY) - 1
    if sku_index % 7 == 3:
        return 0 if warehouse else (4 if channel_index < 2 else 0)
    if warehouse:
        return 20 + (sku_index * 11) % 80
    return (sku_index * 5 + channel_index * 3) % 9


def dataset_summary() -> Json:
    return {
        "products": len(PRODUCTS),
        "skus": len(ALL_SKUS),
        "inventory_entries": len(ALL_SKUS) * len(SUPPLY),
        "stores": len(STORES),
    }


@dataclass(frozen=True, slots=True)
class SeedOrder:
    number: str
    channel: str
    lines: tuple[tuple[str, int], ...]


# Orders of the demo customer, oldest first (placed in this order).
DEMO_ORDERS = (
    SeedOrder("CT-SEED-0001", "WEB", (("CT-0001", 1), ("CT-0002-M", 2))),
    SeedOrder("CT-SEED-0002", "APP", (("CT-0006-GREEN", 1),)),
    SeedOrder("CT-SEED-0003", "STORE", (("CT-0010", 1), ("CT-0015", 3))),
)


def connector_settings(base_url: str) -> Json:
    """Settings of a commercetools connector for this project, served at `base_url`. The
    mock has no `POST /{projectKey}/login`: sign-in takes the OAuth password flow."""
    return {
        "api_url": base_url,
        "auth_url": base_url,
        "project_key": PROJECT_KEY,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "distribution_channels": {"APP": APP_CHANNEL},
        "customer_groups": {"pro": B2B_GROUP},
        "warehouse_channels": [WAREHOUSE],
        "cart_type_key": CART_TYPE,
        "loyalty_card_field": LOYALTY_CARD_FIELD,
        "sign_in": "password",
    }


@dataclass
class Seeded:
    """Ids commercetools gave the seeded resources (they are random UUIDs)."""

    categories: dict[str, str] = field(default_factory=dict)  # key -> id
    channels: dict[str, str] = field(default_factory=dict)  # key -> id
    products: dict[str, str] = field(default_factory=dict)  # key -> id
    customer_groups: dict[str, str] = field(default_factory=dict)
    customers: dict[str, str] = field(default_factory=dict)  # email -> id
    orders: dict[str, str] = field(default_factory=dict)  # order number -> id
    product_discount: str = ""
