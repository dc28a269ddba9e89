"""The store network: 32 French stores at real city coordinates, and two warehouses.

The first seven stores are within 16 km of central Paris (the click-and-collect scenario
relies on that); Lyon and Marseille have two stores each so "nearest store" has a choice.
"""

from __future__ import annotations

import json
import sqlite3

LONG_HOURS = ("Mon-Sat 09:00-21:00", "Sun 10:00-19:00")
CITY_HOURS = ("Mon-Sat 09:00-20:00",)
TOWN_HOURS = ("Mon-Fri 10:00-19:30", "Sat 09:30-20:00")

# id|code|name|street|postal code|city|latitude|longitude|opening hours
STORES_TABLE = """
S001|PAR-RIVOLI|Paris Rivoli|120 rue de Rivoli|75001|Paris|48.8600|2.3446|long
S002|PAR-MONTPARNASSE|Paris Montparnasse|31 rue du Départ|75014|Paris|48.8420|2.3216|long
S003|PAR-BASTILLE|Paris Bastille|4 boulevard Beaumarchais|75004|Paris|48.8540|2.3690|long
S004|PAR-LA-DEFENSE|La Défense|15 parvis de la Défense|92800|Puteaux|48.8919|2.2384|city
S005|PAR-BOULOGNE|Boulogne|64 route de la Reine|92100|Boulogne-Billancourt|48.8397|2.2399|city
S006|PAR-SAINT-DENIS|Saint-Denis|8 rue de la République|93200|Saint-Denis|48.9362|2.3574|city
S007|PAR-VINCENNES|Vincennes|52 avenue de Paris|94300|Vincennes|48.8476|2.4380|city
S008|VER-PAROISSE|Versailles|10 rue de la Paroisse|78000|Versailles|48.8049|2.1301|town
S009|LYO-PART-DIEU|Lyon Part-Dieu|17 rue du Docteur Bouchut|69003|Lyon|45.7606|4.8575|long
S010|LYO-CONFLUENCE|Lyon Confluence|112 cours Charlemagne|69002|Lyon|45.7413|4.8181|city
S011|MRS-VIEUX-PORT|Marseille Vieux-Port|45 La Canebière|13001|Marseille|43.2973|5.3780|city
S012|MRS-VALENTINE|Marseille La Valentine|Route de la Sablière|13011|Marseille|43.2937|5.4840|city
S013|LIL-FAIDHERBE|Lille Faidherbe|22 rue Faidherbe|59800|Lille|50.6372|3.0679|city
S014|BOD-CENTRE|Bordeaux Centre|92 rue Sainte-Catherine|33000|Bordeaux|44.8378|-0.5736|city
S015|TLS-CAPITOLE|Toulouse Capitole|12 rue d'Alsace-Lorraine|31000|Toulouse|43.6043|1.4455|city
S016|NTE-COMMERCE|Nantes Commerce|3 place du Commerce|44000|Nantes|47.2130|-1.5590|city
S017|NCE-MASSENA|Nice Masséna|30 avenue Jean Médecin|06000|Nice|43.7009|7.2683|city
S018|SXB-KLEBER|Strasbourg Kléber|5 place Kléber|67000|Strasbourg|48.5833|7.7458|city
S019|RNS-REPUBLIQUE|Rennes République|7 quai Émile Zola|35000|Rennes|48.1096|-1.6790|city
S020|MPL-COMEDIE|Montpellier Comédie|1 rue de la Loge|34000|Montpellier|43.6098|3.8776|city
S021|GNB-VICTOR-HUGO|Grenoble Victor-Hugo|8 place Victor Hugo|38000|Grenoble|45.1885|5.7245|town
S022|DIJ-LIBERTE|Dijon Liberté|12 rue de la Liberté|21000|Dijon|47.3220|5.0392|town
S023|REI-ERLON|Reims Erlon|30 place Drouet-d'Erlon|51100|Reims|49.2543|4.0280|town
S024|URO-GROS-HORLOGE|Rouen Gros-Horloge|60 rue du Gros-Horloge|76000|Rouen|49.4411|1.0905|town
S025|TUF-NATIONALE|Tours Nationale|50 rue Nationale|37000|Tours|47.3930|0.6880|town
S026|CFE-JAUDE|Clermont-Ferrand Jaude|2 place de Jaude|63000|Clermont-Ferrand|45.7772|3.0816|town
S027|ANE-LENEPVEU|Angers Lenepveu|10 rue Lenepveu|49100|Angers|47.4712|-0.5518|town
S028|ETZ-SAINT-JACQUES|Metz Saint-Jacques|4 place Saint-Jacques|57000|Metz|49.1193|6.1757|town
S029|ORL-REPUBLIQUE|Orléans République|27 rue de la République|45000|Orléans|47.9046|1.9048|town
S030|TLN-LIBERTE|Toulon Liberté|5 place de la Liberté|83000|Toulon|43.1258|5.9300|town
S031|BES-SIAM|Brest Siam|40 rue de Siam|29200|Brest|48.3896|-4.4876|town
S032|CFR-SAINT-PIERRE|Caen Saint-Pierre|60 rue Saint-Pierre|14000|Caen|49.1838|-0.3638|town
"""

# Warehouses ship online orders; they are not open to the public, hence no opening hours.
WAREHOUSES_TABLE = """
W001|WH-IDF|Entrepôt Île-de-France|1 rue de l'Industrie|77550|Moissy-Cramayel|48.6267|2.5928|none
W002|WH-RHONE|Entrepôt Rhône-Alpes|ZAC de Chesnes|38070|Saint-Quentin-Fallavier|45.6430|5.1110|none
"""

HOURS = {"long": LONG_HOURS, "city": CITY_HOURS, "town": TOWN_HOURS, "none": ()}


def _parse(table: str) -> list[list[str]]:
    return [line.split("|") for line in table.strip().splitlines()]


STORES = _parse(STORES_TABLE)
WAREHOUSES = _parse(WAREHOUSES_TABLE)
STORE_IDS = tuple(fields[0] for fields in STORES)
WAREHOUSE_IDS = tuple(fields[0] for fields in WAREHOUSES)


def seed_stores(conn: sqlite3.Connection) -> None:
    rows = [_row(fields, "STORE") for fields in STORES]
    rows += [_row(fields, "WAREHOUSE") for fields in WAREHOUSES]
    conn.executemany("INSERT INTO locations VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)


def _row(fields: list[str], kind: str) -> tuple[object, ...]:
    id_, code, name, line1, postal_code, city, lat, lon, hours = fields
    location = (float(lat), float(lon))
    opening_hours = json.dumps(HOURS[hours])
    return (id_, code, kind, name, line1, None, city, postal_code, "FR", *location, opening_hours)
