"""The six departments of the sample catalogue and their leaf categories.

A leaf is (handle, "French|English" title, variant kind, EUR price range, weight range in kg,
then its nouns as "French|English|gender").
"""

from __future__ import annotations

from connectors.sample.catalog_words import (
    Department,
    VariantKind,
    Word,
    adjectives,
    leaf,
    words,
)

SINGLE, COLOUR, APPAREL, SHOES = (
    VariantKind.SINGLE,
    VariantKind.COLOUR,
    VariantKind.APPAREL,
    VariantKind.SHOES,
)

GARDEN = Department(
    handle="garden",
    title=Word("Jardin", "Garden"),
    adjectives=adjectives(
        "ergonomique|ergonomique|ergonomic",
        "robuste|robuste|sturdy",
        "léger|légère|lightweight",
        "compact|compacte|compact",
        "écologique|écologique|eco-friendly",
        "pliant|pliante|folding",
        "professionnel|professionnelle|professional",
    ),
    brands=("Verdalis", "Jardimax", "Floralia", "Terrao"),
    materials=words(
        "Acier|Steel", "Aluminium|Aluminium", "Bois d'acacia|Acacia wood", "Résine|Resin",
    ),
    benefits=words(
        "Pensé pour les longues séances au jardin.|Designed for long days in the garden.",
        "Résiste aux intempéries saison après saison.|Weatherproof, season after season.",
        "Se range facilement dans l'abri.|Stores easily in the shed.",
    ),
    leaves=(
        leaf("garden-tools", "Outils de jardin|Garden tools", SINGLE,
             (6, 60), (0.2, 2.5), "Sécateur de jardin|garden shears|m", "Râteau|rake|m",
             "Bêche|spade|f", "Binette|hoe|f", "Cisaille à haie|hedge shears|f",
             "Transplantoir|hand trowel|m"),
        leaf("watering", "Arrosage|Watering", COLOUR,
             (5, 120), (0.2, 8.0), "Arrosoir|watering can|m", "Tuyau d'arrosage|garden hose|m",
             "Pistolet d'arrosage|spray gun|m", "Enrouleur de tuyau|hose reel|m",
             "Asperseur|sprinkler|m", "Récupérateur d'eau|rain barrel|m"),
        leaf("garden-furniture", "Mobilier de jardin|Garden furniture", COLOUR,
             (30, 450), (2.0, 30.0), "Chaise de jardin|garden chair|f",
             "Table de jardin|garden table|f", "Bain de soleil|sun lounger|m",
             "Banc de jardin|garden bench|m", "Parasol|parasol|m", "Hamac|hammock|m"),
        leaf("barbecues", "Barbecues et planchas|Barbecues and planchas", SINGLE,
             (40, 650), (4.0, 45.0), "Barbecue à charbon|charcoal barbecue|m",
             "Barbecue à gaz|gas barbecue|m", "Plancha|plancha|f", "Brasero|fire pit|m",
             "Fumoir|smoker|m"),
    ),
)  # fmt: skip

HOME = Department(
    handle="home",
    title=Word("Maison", "Home"),
    adjectives=adjectives(
        "moderne|moderne|modern",
        "scandinave|scandinave|Scandinavian",
        "élégant|élégante|elegant",
        "minimaliste|minimaliste|minimalist",
        "rustique|rustique|rustic",
        "coloré|colorée|colourful",
        "naturel|naturelle|natural",
    ),
    brands=("Maison Lumen", "Nordhem", "Atelier Sève", "Casalina"),
    materials=words("Coton|Cotton", "Lin|Linen", "Chêne|Oak", "Céramique|Ceramic", "Verre|Glass"),
    benefits=words(
        "Apporte une touche chaleureuse à chaque pièce.|Brings warmth to every room.",
        "Facile à associer à votre intérieur.|Easy to match with your interior.",
        "Fabriqué dans des matières durables.|Made from durable materials.",
    ),
    leaves=(
        leaf("decoration", "Décoration|Decoration", COLOUR,
             (8, 140), (0.2, 6.0), "Vase|vase|m", "Miroir mural|wall mirror|m",
             "Cadre photo|photo frame|m", "Coussin|cushion|m", "Bougeoir|candle holder|m",
             "Horloge murale|wall clock|f"),
        leaf("lighting", "Luminaires|Lighting", COLOUR,
             (15, 260), (0.3, 9.0), "Lampe de chevet|bedside lamp|f", "Lampadaire|floor lamp|m",
             "Suspension|pendant light|f", "Applique murale|wall light|f",
             "Guirlande lumineuse|string lights|f"),
        leaf("home-textiles", "Linge de maison|Home textiles", COLOUR,
             (9, 220), (0.3, 7.0), "Plaid|throw|m", "Housse de couette|duvet cover|f",
             "Rideau|curtain|m", "Tapis|rug|m", "Serviette de bain|bath towel|f",
             "Nappe|tablecloth|f"),
        leaf("storage", "Rangement|Storage", COLOUR,
             (9, 320), (0.5, 40.0), "Panier de rangement|storage basket|m", "Étagère|shelf unit|f",
             "Boîte de rangement|storage box|f", "Portemanteau|coat rack|m",
             "Commode|chest of drawers|f"),
    ),
)  # fmt: skip

KITCHEN = Department(
    handle="kitchen",
    title=Word("Cuisine", "Kitchen"),
    adjectives=adjectives(
        "professionnel|professionnelle|professional",
        "compact|compacte|compact",
        "élégant|élégante|elegant",
        "durable|durable|long-lasting",
        "multifonction|multifonction|multi-purpose",
        "classique|classique|classic",
        "en inox|en inox|stainless steel",
    ),
    brands=("Cuisivo", "Chef & Co", "Inoxa", "Tablea"),
    materials=words(
        "Inox|Stainless steel", "Fonte|Cast iron", "Porcelaine|Porcelain", "Hêtre|Beech",
    ),
    benefits=words(
        "Le compagnon des cuisiniers exigeants.|The companion of demanding cooks.",
        "Passe au lave-vaisselle.|Dishwasher safe.",
        "Compatible avec tous les feux, induction comprise.|Works on every hob, induction too.",
    ),
    leaves=(
        leaf("utensils", "Ustensiles de cuisine|Kitchen utensils", SINGLE,
             (4, 95), (0.05, 1.5), "Couteau de chef|chef's knife|m",
             "Planche à découper|chopping board|f", "Spatule|spatula|f", "Fouet|whisk|m",
             "Râpe|grater|f", "Économe|peeler|m"),
        leaf("cookware", "Casseroles et poêles|Pots and pans", SINGLE,
             (15, 190), (0.6, 6.0), "Poêle|frying pan|f", "Casserole|saucepan|f",
             "Faitout|stockpot|m", "Cocotte|casserole dish|f", "Wok|wok|m", "Sauteuse|sauté pan|f"),
        leaf("small-appliances", "Petit électroménager|Small appliances", COLOUR,
             (20, 480), (0.8, 9.0), "Bouilloire|kettle|f", "Grille-pain|toaster|m",
             "Blender|blender|m", "Cafetière|coffee maker|f", "Robot pâtissier|stand mixer|m",
             "Presse-agrumes|citrus press|m"),
        leaf("tableware", "Art de la table|Tableware", COLOUR,
             (3, 65), (0.1, 2.0), "Assiette plate|dinner plate|f", "Bol|bowl|m",
             "Verre à vin|wine glass|m", "Carafe|carafe|f", "Tasse|cup|f", "Saladier|salad bowl|m"),
    ),
)  # fmt: skip

SPORT = Department(
    handle="sport",
    title=Word("Sport", "Sport"),
    adjectives=adjectives(
        "léger|légère|lightweight",
        "respirant|respirante|breathable",
        "technique|technique|technical",
        "confortable|confortable|comfortable",
        "robuste|robuste|rugged",
        "performant|performante|high-performance",
        "imperméable|imperméable|waterproof",
    ),
    brands=("Stridex", "Altaïr Sport", "Veloce", "Summitra"),
    materials=words("Polyester recyclé|Recycled polyester", "Mesh|Mesh", "Caoutchouc|Rubber"),
    benefits=words(
        "Conçu avec des athlètes amateurs.|Designed with amateur athletes.",
        "Reste performant sous la pluie.|Keeps performing in the rain.",
        "Testé sur des centaines de kilomètres.|Tested over hundreds of kilometres.",
    ),
    leaves=(
        leaf("running", "Running|Running", SHOES,
             (45, 190), (0.2, 0.4), "Chaussure de running|running shoe|f",
             "Chaussure de trail|trail shoe|f", "Basket de course|racing shoe|f",
             "Chaussure d'entraînement|training shoe|f"),
        leaf("fitness", "Fitness|Fitness", SINGLE,
             (5, 260), (0.1, 25.0), "Tapis de yoga|yoga mat|m", "Haltère|dumbbell|m",
             "Kettlebell|kettlebell|m", "Élastique de résistance|resistance band|m",
             "Corde à sauter|skipping rope|f", "Banc de musculation|weight bench|m"),
        leaf("cycling", "Vélo|Cycling", COLOUR,
             (8, 160), (0.1, 2.0), "Casque de vélo|bike helmet|m", "Antivol|bike lock|m",
             "Éclairage de vélo|bike light|m", "Gourde|water bottle|f", "Pompe à vélo|bike pump|f",
             "Sacoche de vélo|pannier bag|f"),
        leaf("hiking", "Randonnée|Hiking", APPAREL,
             (20, 230), (0.2, 1.2), "Veste de randonnée|hiking jacket|f", "Polaire|fleece|f",
             "Pantalon de randonnée|hiking trousers|m", "T-shirt de randonnée|hiking T-shirt|m",
             "Doudoune|down jacket|f", "Coupe-vent|windbreaker|m"),
    ),
)  # fmt: skip

FASHION = Department(
    handle="fashion",
    title=Word("Mode", "Fashion"),
    adjectives=adjectives(
        "ajusté|ajustée|slim-fit",
        "oversize|oversize|oversized",
        "classique|classique|classic",
        "élégant|élégante|elegant",
        "décontracté|décontractée|casual",
        "rayé|rayée|striped",
        "uni|unie|plain",
    ),
    brands=("Maison Émile", "Urbanista", "Lin & Coton", "Orée"),
    materials=words("Coton bio|Organic cotton", "Lin|Linen", "Laine|Wool", "Cuir|Leather"),
    benefits=words(
        "Une coupe pensée pour tous les jours.|A cut made for every day.",
        "Se lave en machine à 30 °C.|Machine washable at 30 °C.",
        "Confectionné au Portugal.|Made in Portugal.",
    ),
    leaves=(
        leaf("tops", "T-shirts et hauts|T-shirts and tops", APPAREL,
             (10, 95), (0.15, 0.6), "T-shirt|T-shirt|m", "Chemise|shirt|f", "Pull|jumper|m",
             "Sweat à capuche|hoodie|m", "Polo|polo shirt|m", "Débardeur|vest top|m"),
        leaf("trousers", "Pantalons|Trousers", APPAREL,
             (20, 130), (0.2, 0.8), "Jean|jeans|m", "Chino|chinos|m", "Pantalon|trousers|m",
             "Short|shorts|m", "Jogging|joggers|m", "Jupe|skirt|f"),
        leaf("jackets", "Vestes et manteaux|Jackets and coats", APPAREL,
             (40, 320), (0.5, 2.0), "Veste|jacket|f", "Manteau|coat|m", "Blouson|bomber jacket|m",
             "Trench|trench coat|m", "Parka|parka|f", "Blazer|blazer|m"),
        leaf("shoes", "Chaussures|Shoes", SHOES,
             (30, 210), (0.3, 1.2), "Basket|trainer|f", "Bottine|ankle boot|f", "Mocassin|loafer|m",
             "Sandale|sandal|f", "Derby|derby shoe|m", "Espadrille|espadrille|f"),
    ),
)  # fmt: skip

DIY = Department(
    handle="diy",
    title=Word("Bricolage", "DIY"),
    adjectives=adjectives(
        "compact|compacte|compact",
        "professionnel|professionnelle|professional",
        "robuste|robuste|heavy-duty",
        "polyvalent|polyvalente|versatile",
        "précis|précise|precision",
        "renforcé|renforcée|reinforced",
        "ergonomique|ergonomique|ergonomic",
    ),
    brands=("Bricopro", "Forgeline", "Outilis", "Atelier Fer"),
    materials=words("Acier trempé|Hardened steel", "Fibre de verre|Fibreglass", "ABS|ABS"),
    benefits=words(
        "Pour les petits travaux comme les grands chantiers.|For small jobs and big projects.",
        "Livré avec un coffret de rangement.|Comes with a storage case.",
        "Pièces détachées disponibles dix ans.|Spare parts available for ten years.",
    ),
    leaves=(
        leaf("power-tools", "Outillage électroportatif|Power tools", SINGLE,
             (40, 380), (1.0, 6.0), "Perceuse-visseuse|drill driver|f", "Scie sauteuse|jigsaw|f",
             "Ponceuse|sander|f", "Meuleuse|angle grinder|f", "Perforateur|hammer drill|m",
             "Scie circulaire|circular saw|f"),
        leaf("hand-tools", "Outillage à main|Hand tools", SINGLE,
             (4, 65), (0.1, 1.5), "Marteau|hammer|m", "Tournevis|screwdriver|m",
             "Clé à molette|adjustable spanner|f", "Pince multiprise|water pump pliers|f",
             "Niveau à bulle|spirit level|m", "Mètre ruban|tape measure|m"),
        leaf("hardware", "Quincaillerie|Hardware", SINGLE,
             (2, 85), (0.05, 2.0), "Coffret de vis|screw assortment|m",
             "Lot de chevilles|wall plug set|m", "Serrure|door lock|f", "Cadenas|padlock|m",
             "Charnière|hinge|f", "Crochet mural|wall hook|m"),
        leaf("paint", "Peinture|Paint", COLOUR,
             (3, 95), (0.1, 12.0), "Peinture murale|wall paint|f", "Pinceau|paintbrush|m",
             "Rouleau à peinture|paint roller|m", "Lasure|wood stain|f",
             "Bac à peinture|paint tray|m", "Enduit de rebouchage|filler|m"),
    ),
)  # fmt: skip

DEPARTMENTS = (GARDEN, HOME, KITCHEN, SPORT, FASHION, DIY)
