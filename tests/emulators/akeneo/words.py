"""The words the emulated catalogue is made of: kinds of product, styles, brands; French
and English side by side."""

from __future__ import annotations

MEDIA = "https://media.akeneo.test"
BRANDS = ("Atelier Nord", "Maison Lumen", "Summitra", "Velours & Co")

# (kind, family, category, material, fr, en)
MODEL_KINDS = (
    ("tshirt", "clothing", "clothing_tops", "cotton", "T-shirt", "T-shirt"),
    ("sweater", "clothing", "clothing_knitwear", "wool", "Pull", "Sweater"),
    ("chino", "clothing", "clothing_trousers", "cotton", "Pantalon chino", "Chino trousers"),
    ("shirt", "clothing", "clothing_shirts", "linen", "Chemise", "Shirt"),
    ("sneaker", "footwear", "footwear_sneakers", "canvas", "Baskets", "Sneakers"),
    ("boot", "footwear", "footwear_boots", "leather", "Bottines", "Boots"),
)
SIMPLE_KINDS = (
    ("bag", "accessories", "accessories_bags", "canvas", "Sac", "Bag"),
    ("cap", "accessories", "accessories_caps", "cotton", "Casquette", "Cap"),
    ("scarf", "accessories", "accessories_scarves", "wool", "Écharpe", "Scarf"),
    ("mug", "home", "home_tableware", "stoneware", "Tasse", "Mug"),
    ("cushion", "home", "home_textiles", "linen", "Coussin", "Cushion"),
    ("candle", "home", "home_candles", "plant_wax", "Bougie", "Candle"),
)
# (code, fr, en): French adjectives follow the noun, English ones precede it.
STYLES = (
    ("classic", "classique", "Classic"),
    ("urban", "urbain", "Urban"),
    ("organic", "bio", "Organic"),
    ("vintage", "vintage", "Vintage"),
    ("striped", "rayé", "Striped"),
    ("minimal", "minimaliste", "Minimal"),
    ("coastal", "côtier", "Coastal"),
    ("alpine", "alpin", "Alpine"),
    ("studio", "d'atelier", "Studio"),
)
CLOTHING_AXES = (("blue", "s"), ("blue", "m"), ("black", "s"), ("black", "m"))
OUTERWEAR = (("windbreaker", "clothing_outerwear", "Coupe-vent", "Windbreaker"),)
FOOTWEAR_SIZES = ("size_39", "size_40", "size_41", "size_42")
