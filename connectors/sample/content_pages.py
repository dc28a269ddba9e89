"""The CMS pages of the sample store, in French and English.

Each block is (type, title fr, title en, body fr, body en, image or None). A
product-carousel's body lists product ids separated by spaces: that is how the sample CMS
references products, and the schema floor resolves them.
"""

from __future__ import annotations

BlockSpec = tuple[str, str, str, str, str, str | None]

CAROUSEL = "{carousel}"  # replaced by product ids at generation time

PAGES: dict[str, tuple[str, str, tuple[BlockSpec, ...]]] = {
    "home": ("Accueil", "Home", (
        ("hero", "Le printemps s'installe au jardin", "Spring has come to the garden",
         "Outils, arrosage et mobilier : tout pour profiter des beaux jours.",
         "Tools, watering and furniture: everything for sunny days.", "home/hero-spring.jpg"),
        ("product-carousel", "Nos meilleures ventes", "Our best sellers", CAROUSEL, CAROUSEL,
         None),
        ("banner", "Double points en magasin", "Double points in store",
         "Avec votre carte fidélité, chaque euro dépensé en magasin rapporte deux fois plus.",
         "With your loyalty card, every euro spent in store earns twice the points.",
         "home/banner-loyalty.jpg"),
        ("text", "Retrait en magasin en 2 heures", "Click and collect in 2 hours",
         "Commandez en ligne, retirez gratuitement dans l'un de nos 32 magasins.",
         "Order online and collect free of charge from any of our 32 stores.", None),
    )),
    "about": ("Qui sommes-nous ?", "About us", (
        ("text", "Notre histoire", "Our story",
         "Né à Paris en 1987, Omnicanal équipe la maison, le jardin et les sportifs.",
         "Founded in Paris in 1987, Omnicanal equips homes, gardens and athletes.", None),
        ("text", "Nos engagements", "Our commitments",
         "Des pièces détachées pendant dix ans et une reprise de vos anciens produits.",
         "Spare parts for ten years and a take-back scheme for your old products.", None),
    )),
    "click-and-collect": ("Retrait en magasin", "Click and collect", (
        ("hero", "Commandez en ligne, retirez en magasin", "Order online, collect in store",
         "Gratuit, prêt en 2 heures dans le magasin de votre choix.",
         "Free, ready within 2 hours at the store of your choice.", "pages/click-collect.jpg"),
        ("text", "Comment ça marche ?", "How does it work?",
         "1. Choisissez un magasin qui a le produit en stock. 2. Payez en ligne. "
         "3. Retirez votre commande sur présentation de l'e-mail de confirmation.",
         "1. Choose a store that has the product in stock. 2. Pay online. "
         "3. Collect your order by showing the confirmation e-mail.", None),
        ("banner", "Indisponible en ligne ?", "Out of stock online?",
         "Un produit épuisé sur le site est souvent encore en rayon près de chez vous.",
         "A product sold out online is often still on a shelf near you.", None),
    )),
    "size-guide": ("Guide des tailles", "Size guide", (
        ("text", "Hauts et vestes", "Tops and jackets",
         "XS : 82-86 cm · S : 87-94 cm · M : 95-102 cm · L : 103-110 cm · XL : 111-118 cm "
         "· XXL : 119-126 cm (tour de poitrine).",
         "XS: 82-86 cm · S: 87-94 cm · M: 95-102 cm · L: 103-110 cm · XL: 111-118 cm "
         "· XXL: 119-126 cm (chest).", None),
        ("text", "Chaussures", "Shoes",
         "Pointures européennes 37 à 45 ; entre deux pointures, prenez la plus grande.",
         "European sizes 37 to 45 (UK 4 to 11); between two sizes, take the larger one.",
         None),
    )),
    "delivery-returns": ("Livraison et retours", "Delivery and returns", (
        ("text", "Livraison", "Delivery",
         "Livraison à domicile en 48 heures, offerte dès 50 € d'achat.",
         "Home delivery within 48 hours, free over €50.", None),
        ("text", "Retours", "Returns",
         "30 jours pour changer d'avis, en magasin ou par la poste.",
         "30 days to change your mind, in store or by post.", None),
    )),
}  # fmt: skip
