"""The sample back office's tables. Bump DATA_VERSION whenever this schema or what the
seeders generate changes: a database stamped with another version is rebuilt at start."""

from __future__ import annotations

# 2: transactions (holds, stock commits, postings), coupon validity, voucher amounts, a
# third click-and-collect SKU.
DATA_VERSION = 2

SCHEMA_SQL = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE categories (
    id TEXT PRIMARY KEY, handle TEXT NOT NULL UNIQUE, parent_id TEXT REFERENCES categories(id),
    position INTEGER NOT NULL, title_fr TEXT NOT NULL, title_en TEXT NOT NULL
);

-- Titles, descriptions, attributes and media are stored per language, as a PIM does;
-- search_* and sort_* hold accent-free lower-case text so that "secateur" finds "Sécateur".
CREATE TABLE products (
    id TEXT PRIMARY KEY, number INTEGER NOT NULL UNIQUE, handle TEXT NOT NULL UNIQUE,
    category_id TEXT NOT NULL REFERENCES categories(id),
    department_id TEXT NOT NULL REFERENCES categories(id),
    default_sku TEXT NOT NULL, brand TEXT NOT NULL, created_at TEXT NOT NULL,
    best_selling INTEGER NOT NULL,
    title_fr TEXT NOT NULL, title_en TEXT NOT NULL,
    description_fr TEXT NOT NULL, description_en TEXT NOT NULL,
    attributes_fr TEXT NOT NULL, attributes_en TEXT NOT NULL,
    media_fr TEXT NOT NULL, media_en TEXT NOT NULL,
    search_fr TEXT NOT NULL, search_en TEXT NOT NULL,
    sort_fr TEXT NOT NULL, sort_en TEXT NOT NULL
);
CREATE INDEX products_category ON products(category_id);
CREATE INDEX products_department ON products(department_id);

CREATE TABLE variants (
    sku TEXT PRIMARY KEY, product_id TEXT NOT NULL REFERENCES products(id),
    position INTEGER NOT NULL, title_fr TEXT NOT NULL, title_en TEXT NOT NULL,
    options_fr TEXT NOT NULL, options_en TEXT NOT NULL
);
CREATE INDEX variants_product ON variants(product_id, position);

-- One list price per SKU and currency; compare_at_cents marks a permanent markdown.
CREATE TABLE prices (
    sku TEXT NOT NULL REFERENCES variants(sku), currency TEXT NOT NULL,
    amount_cents INTEGER NOT NULL, compare_at_cents INTEGER,
    PRIMARY KEY (sku, currency)
) WITHOUT ROWID;

-- Channel and group exceptions to the one-price rule are data, not code. A rule with a code
-- applies only to carts carrying it (codes are stored upper case); `advertised` = 0 keeps a
-- code off product prices (one sent by push notification); `valid_until` NULL never lapses.
CREATE TABLE price_rules (
    id TEXT PRIMARY KEY, priority INTEGER NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('all', 'department', 'products')),
    department_id TEXT REFERENCES categories(id), channel TEXT, customer_group TEXT,
    percent_off INTEGER NOT NULL, code TEXT,
    title_fr TEXT NOT NULL, title_en TEXT NOT NULL,
    description_fr TEXT, description_en TEXT,
    valid_until TEXT, advertised INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX price_rules_code ON price_rules(code);
CREATE TABLE price_rule_products (
    rule_id TEXT NOT NULL REFERENCES price_rules(id),
    product_id TEXT NOT NULL REFERENCES products(id),
    PRIMARY KEY (rule_id, product_id)
) WITHOUT ROWID;
CREATE INDEX price_rule_products_product ON price_rule_products(product_id);

CREATE TABLE locations (
    id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, name TEXT NOT NULL,
    line1 TEXT NOT NULL, line2 TEXT, city TEXT NOT NULL, postal_code TEXT NOT NULL,
    country_code TEXT NOT NULL, latitude REAL NOT NULL, longitude REAL NOT NULL,
    opening_hours TEXT NOT NULL
);

-- Sparse: a missing row is a quantity of zero.
CREATE TABLE stock (
    sku TEXT NOT NULL REFERENCES variants(sku),
    location_id TEXT NOT NULL REFERENCES locations(id), quantity INTEGER NOT NULL,
    PRIMARY KEY (sku, location_id)
) WITHOUT ROWID;

CREATE TABLE pages (
    id TEXT PRIMARY KEY, handle TEXT NOT NULL UNIQUE, title_fr TEXT NOT NULL, title_en TEXT NOT NULL
);
CREATE TABLE content_blocks (
    id TEXT PRIMARY KEY, page_id TEXT REFERENCES pages(id),
    product_id TEXT REFERENCES products(id), position INTEGER NOT NULL, type TEXT NOT NULL,
    title_fr TEXT, title_en TEXT, body_fr TEXT, body_en TEXT,
    media_fr TEXT NOT NULL, media_en TEXT NOT NULL
);
CREATE INDEX content_blocks_page ON content_blocks(page_id, position);
CREATE INDEX content_blocks_product ON content_blocks(product_id, position);

CREATE TABLE customers (
    id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, first_name TEXT, last_name TEXT,
    customer_group TEXT NOT NULL, password_hash TEXT NOT NULL, created_at TEXT NOT NULL
);
CREATE INDEX customers_email_nocase ON customers(email COLLATE NOCASE);

CREATE TABLE loyalty_tiers (
    tier TEXT PRIMARY KEY, rank INTEGER NOT NULL, multiplier TEXT NOT NULL
);
CREATE TABLE loyalty_channel_bonuses (
    channel TEXT PRIMARY KEY, multiplier TEXT NOT NULL,
    title_fr TEXT NOT NULL, title_en TEXT NOT NULL
);
CREATE TABLE loyalty_accounts (
    id TEXT PRIMARY KEY, customer_id TEXT NOT NULL UNIQUE REFERENCES customers(id),
    card_number TEXT NOT NULL UNIQUE, tier TEXT NOT NULL REFERENCES loyalty_tiers(tier),
    points_balance INTEGER NOT NULL
);
-- discount_cents: money off a cart (vouchers), NULL for rewards that are not money.
CREATE TABLE loyalty_rewards (
    id TEXT PRIMARY KEY, points_cost INTEGER NOT NULL,
    min_tier TEXT NOT NULL REFERENCES loyalty_tiers(tier),
    title_fr TEXT NOT NULL, title_en TEXT NOT NULL, discount_cents INTEGER
);
-- One row per posting, so that a retried checkout posts once.
CREATE TABLE loyalty_postings (
    idempotency_key TEXT PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES customers(id),
    order_id TEXT, channel TEXT NOT NULL, earned INTEGER NOT NULL, spent INTEGER NOT NULL,
    balance_after INTEGER NOT NULL, created_at TEXT NOT NULL
);

CREATE TABLE orders (
    id TEXT PRIMARY KEY, number TEXT NOT NULL UNIQUE, customer_id TEXT REFERENCES customers(id),
    channel TEXT NOT NULL, created_at TEXT NOT NULL, status TEXT NOT NULL,
    currency TEXT NOT NULL, total_cents INTEGER NOT NULL, pickup_store_id TEXT,
    loyalty_card TEXT, loyalty_points_earned INTEGER,
    discount_cents INTEGER NOT NULL DEFAULT 0, cart_id TEXT, idempotency_key TEXT UNIQUE
);
CREATE INDEX orders_customer ON orders(customer_id, created_at);
CREATE TABLE order_lines (
    order_id TEXT NOT NULL REFERENCES orders(id), position INTEGER NOT NULL,
    sku TEXT NOT NULL, title_fr TEXT NOT NULL, title_en TEXT NOT NULL,
    quantity INTEGER NOT NULL, total_cents INTEGER NOT NULL,
    PRIMARY KEY (order_id, position)
) WITHOUT ROWID;

-- Empty at seed time; checkout writes here. status: 'open', or 'completed' with order_id.
CREATE TABLE carts (
    id TEXT PRIMARY KEY, channel TEXT NOT NULL, currency TEXT NOT NULL,
    customer_id TEXT REFERENCES customers(id), pickup_store_id TEXT,
    promotion_codes TEXT NOT NULL DEFAULT '[]', reward_ids TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL DEFAULT 'open', created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    order_id TEXT REFERENCES orders(id)
);
CREATE TABLE cart_lines (
    id TEXT PRIMARY KEY, cart_id TEXT NOT NULL REFERENCES carts(id),
    position INTEGER NOT NULL, sku TEXT NOT NULL, quantity INTEGER NOT NULL
);
CREATE INDEX cart_lines_cart ON cart_lines(cart_id, position);

-- Click-and-collect holds: units on a store's shelf promised to one customer. A HELD row
-- past expires_at no longer holds anything (reads say EXPIRED); no job rewrites it.
CREATE TABLE reservations (
    id TEXT PRIMARY KEY, idempotency_key TEXT NOT NULL UNIQUE,
    store_id TEXT NOT NULL REFERENCES locations(id), customer_id TEXT REFERENCES customers(id),
    status TEXT NOT NULL, expires_at TEXT NOT NULL, created_at TEXT NOT NULL
);
CREATE INDEX reservations_customer ON reservations(customer_id, created_at);
CREATE TABLE reservation_lines (
    reservation_id TEXT NOT NULL REFERENCES reservations(id), position INTEGER NOT NULL,
    sku TEXT NOT NULL, quantity INTEGER NOT NULL,
    PRIMARY KEY (reservation_id, position)
) WITHOUT ROWID;
CREATE INDEX reservation_lines_sku ON reservation_lines(sku, reservation_id);

-- What each stock commit took (JSON [location, sku, quantity] moves) and which holds it
-- collected, so that a retry takes nothing twice and a release puts back exactly that.
CREATE TABLE stock_commits (
    idempotency_key TEXT PRIMARY KEY, moves TEXT NOT NULL, collected TEXT NOT NULL,
    created_at TEXT NOT NULL, released_at TEXT
);
"""
