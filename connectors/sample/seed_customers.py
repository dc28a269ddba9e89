"""Generates customers: French names, e-mail addresses, scrypt password hashes.

The demo customer has a known password hashed at full cost. The others get random,
unpublished passwords hashed at a lower scrypt cost: 200 full-cost hashes would take
~8 s, far beyond the start-up budget, and nobody can log in as them anyway.
"""

from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass
from datetime import timedelta

from connectors.sample.naming import slugify
from connectors.sample.passwords import hash_password
from connectors.sample.seed_catalog import REFERENCE_DATE

DEMO_CUSTOMER_ID = "CU0001"
DEMO_EMAIL = "demo@omnicanal.dev"
DEMO_PASSWORD = "omnicanal-demo"
CUSTOMER_COUNT = 200
PRO_SHARE = 0.08
GENERATED_HASH_N = 2**10

FIRST_NAMES = (
    "Camille", "Léa", "Manon", "Chloé", "Emma", "Inès", "Sarah", "Julie", "Claire", "Anne",
    "Sophie", "Lucie", "Élodie", "Nathalie", "Isabelle", "Hugo", "Lucas", "Louis", "Gabriel",
    "Arthur", "Jules", "Thomas", "Nicolas", "Julien", "Antoine", "Pierre", "Mathieu",
    "François", "Olivier", "Théo", "Maxime", "Étienne", "Yanis", "Karim", "Mehdi",
)  # fmt: skip
LAST_NAMES = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
    "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David",
    "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Lefèvre",
    "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Le Gall", "Benali",
    "Nguyen", "Chevalier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class SeedCustomer:
    id: str
    group: str


def seed_customers(conn: sqlite3.Connection, rng: random.Random) -> list[SeedCustomer]:
    demo_hash = hash_password(DEMO_PASSWORD, salt=rng.randbytes(16))
    rows: list[tuple[object, ...]] = [
        (DEMO_CUSTOMER_ID, DEMO_EMAIL, "Camille", "Martin", "default", demo_hash, "2023-09-14")
    ]
    for number in range(2, CUSTOMER_COUNT + 1):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        email = f"{slugify(first)}.{slugify(last)}{number}@example.fr"
        group = "pro" if rng.random() < PRO_SHARE else "default"
        secret = rng.randbytes(12).hex()
        hashed = hash_password(secret, salt=rng.randbytes(16), n=GENERATED_HASH_N)
        joined = (REFERENCE_DATE - timedelta(days=rng.randint(30, 1500))).date().isoformat()
        rows.append((f"CU{number:04d}", email, first, last, group, hashed, joined))
    conn.executemany("INSERT INTO customers VALUES (?,?,?,?,?,?,?)", rows)
    return [SeedCustomer(str(row[0]), str(row[4])) for row in rows]
