"""Writes sceaux-residents.json, the labelled set of `upcampus matching evaluate`.

People and needs are written the way residents write on the site: short, in French (a few
in English), with typos, and half of the time without the skill's own word. Each person
has one thing they are good at (listed as a skill by only half of them, the others just
say it); a facilitator would expect, for a need, the people and organisations who have
that ability. Fixed seed: running it again writes the same file.

    .venv/bin/python tests/data/matching/make_set.py
"""

import json
import random
from pathlib import Path

PLACES = ["Centre", "Les Blagis", "Robinson", "Les Chéneaux", "Petit-Chambord"]

# skill code: (what people say about themselves, what holders ask for)
BANK = {
    "accounting": (
        ["expert-comptable à la retraite", "je tiens les comptes de ma copro depuis 10 ans",
         "tresoriere d'une asso de parents", "compta, factures, bilan : je connais",
         "ancien comptable chez un artisan", "bookkeeper, happy to help with accounts"],
        ["qqn pour tenir la compta de l'asso", "on cherche un trésorier bénévole",
         "aide pour faire notre bilan annuel", "besoin d'une personne pour suivre le budget",
         "quelqu'un qui s'y connait en comptabilité"]),
    "graphic-design": (
        ["graphiste freelance", "je fais des logos et des affiches pour le plaisir",
         "maquettiste, mise en page de flyers", "designer graphique, identité visuelle",
         "j'adore faire des affiches sur canva"],
        ["besoin d'un logo pour notre épicerie", "qqn pour faire l'affiche de la fete",
         "un graphiste pour notre flyer", "créer une identité visuelle pour le café"]),
    "website-building": (
        ["je fais des sites wordpress", "développeur web, je peux faire un petit site",
         "j'ai monté le site de mon club de judo", "webmaster à mes heures"],
        ["on voudrait un site internet simple", "qqn pour mettre à jour notre site wordpress",
         "créer une page web pour l'asso", "need someone to build our website"]),
    "it-support": (
        ["je répare les ordis des voisins", "informaticien, dépannage pc et imprimante",
         "bidouilleur informatique, installations, wifi", "IT technician"],
        ["notre ordi rame, qqn pour le réparer ?", "installer le wifi dans la salle",
         "aide pour l'imprimante et les pc de l'asso", "dépannage informatique urgent"]),
    "digital-inclusion": (
        ["j'aide les seniors avec leur smartphone", "médiatrice numérique",
         "j'accompagne les gens pour les démarches en ligne",
         "patient avec les débutants sur ordinateur"],
        ["aider des personnes âgées à utiliser une tablette",
         "atelier démarches en ligne pour débutants",
         "qqn pour montrer le smartphone à nos aînés"]),
    "gardening": (
        ["jardinier amateur, potager depuis 20 ans", "j'ai la main verte",
         "je fais mes semis et mes légumes", "passionée de plantes et de fleurs",
         "jardinage, taille, arrosage"],
        ["qqn pour s'occuper du potager de l'école", "des conseils pour nos semis",
         "entretenir les bacs à fleurs de la rue", "un jardinier pour le jardin partagé"]),
    "composting": (
        ["guide composteur", "j'ai un lombricomposteur chez moi",
         "maitre composteur formé par l'agglo"],
        ["installer un composteur collectif", "qqn qui s'y connait en compost pour la résidence",
         "que faire de nos épluchures ?"]),
    "cooking": (
        ["j'adore cuisiner pour 30", "cuisinière du dimanche, plats familiaux",
         "ancien chef de cuisine", "je fais de la patisserie",
         "recettes du monde, popote pour les amis"],
        ["qqn pour cuisiner le repas de quartier", "un chef pour l'atelier cuisine",
         "préparer des gâteaux pour la kermesse", "aide en cuisine pour le repas solidaire"]),
    "plant-based-cooking": (
        ["cuisine vegan et végétarienne", "je cuisine sans viande depuis 8 ans",
         "recettes veggie et légumineuses"],
        ["un cuisinier végétarien pour notre pop-up", "des recettes vegan pour la cantine",
         "qqn pour un atelier cuisine végétale"]),
    "bike-repair": (
        ["je répare les vélos", "mécano vélo bénévole à l'atelier",
         "crevaisons, freins, dérailleurs",
         "bike mechanic"],
        ["qqn pour l'atelier réparation vélo", "réparer les vélos des enfants du centre",
         "un mécanicien vélo pour la bourse aux vélos"]),
    "carpentry": (
        ["menuisier à la retraite", "je bricole le bois, meubles en palettes",
         "j'ai un atelier et des outils pour le bois", "ébéniste amateur"],
        ["construire des bancs en palettes", "qqn pour fabriquer des étagères",
         "fabriquer une boite à livres en bois", "monter des bacs en bois"]),
    "sewing": (
        ["couturière", "je couds tout, retouches et costumes", "machine à coudre et tricot",
         "sewing and knitting"],
        ["coudre des costumes pour le spectacle", "qqn pour un atelier couture",
         "faire des sacs en tissu récup"]),
    "tutoring": (
        ["prof de maths retraitée", "je donne des cours particuliers", "étudiant, aide aux devoirs",
         "soutien scolaire collège lycée"],
        ["aide aux devoirs pour des collégiens", "qqn pour du soutien scolaire le mercredi",
         "des bénévoles pour accompagner les élèves en maths"]),
    "languages": (
        ["j'enseigne le français langue étrangère", "cours d'anglais et conversation",
         "prof d'espagnol", "alphabétisation pour adultes"],
        ["cours de français pour des réfugiés", "atelier conversation anglaise",
         "apprendre le français aux parents"]),
    "elderly-visits": (
        ["je rends visite à des personnes âgées isolées", "bénévole en ehpad",
         "j'aime passer du temps avec nos aînés", "visiting older neighbours"],
        ["des visites aux seniors isolés", "tenir compagnie à des personnes âgées",
         "qqn pour passer voir mamie Jeanne le jeudi", "lutter contre l'isolement des aînés"]),
    "childcare": (
        ["nounou agréée", "baby-sitting le soir", "animatrice périscolaire"],
        ["garde d'enfants pendant les réunions",
         "qqn pour s'occuper des petits pendant l'atelier"]),
    "music": (
        ["guitariste dans un groupe", "je chante dans une chorale", "pianiste amateur",
         "j'ai une sono et je joue du saxo"],
        ["un musicien pour la fête de la musique", "qqn pour animer en musique le bal",
         "monter une chorale de quartier"]),
    "theatre": (
        ["comédienne amateur", "je fais de l'impro depuis 5 ans", "metteur en scène"],
        ["qqn pour un atelier théâtre", "mettre en scène le spectacle des enfants"]),
    "photography": (
        ["photographe amateur", "j'ai un bon appareil photo", "je fais des portraits"],
        ["des photos de l'inauguration", "un photographe pour le reportage de la fete"]),
    "video": (
        ["vidéaste, montage", "je filme et je monte des clips", "youtubeur à mes heures"],
        ["faire une petite vidéo de présentation", "qqn pour filmer et monter notre clip"]),
    "social-media": (
        ["community manager", "je gère l'instagram de mon club",
         "réseaux sociaux, facebook, linkedin"],
        ["animer notre page instagram", "qqn pour les réseaux sociaux de l'asso",
         "faire connaître le projet sur facebook"]),
    "fundraising": (
        ["j'ai monté des dossiers de subvention", "recherche de mécénat pour des assos",
         "crowdfunding, j'ai fait 3 campagnes"],
        ["monter un dossier de subvention", "qqn pour trouver des financements",
         "lancer une campagne de crowdfunding"]),
    "legal-advice": (
        ["juriste", "avocate en droit des associations", "je connais bien les statuts loi 1901"],
        ["rédiger les statuts de l'association", "un conseil juridique pour notre bail",
         "qqn qui s'y connait en droit pour le contrat"]),
    "event-organisation": (
        ["j'organise la brocante du quartier chaque année", "organisatrice d'événements",
         "logistique de festivals", "fêtes de voisins, vide-greniers"],
        ["organiser la fête de quartier", "qqn pour la logistique du festival",
         "aide pour monter le vide grenier"]),
    "driving": (
        ["j'ai une camionnette et je peux conduire", "chauffeur bénévole",
         "covoiturage, j'ai une voiture"],
        ["transporter du matériel avec une camionnette", "qqn pour conduire des seniors au marché",
         "un chauffeur pour la sortie"]),
    "small-repairs": (
        ["bricoleur, petits travaux", "je répare tout ce qui traîne", "bénévole au repair café"],
        ["petits travaux dans la salle", "qqn de bricoleur pour réparer des chaises",
         "animer un repair café"]),
    "energy-renovation": (
        ["thermicien, isolation", "conseiller rénovation énergétique",
         "j'ai isolé ma maison moi-même"],
        ["conseils pour isoler l'école", "qqn pour un diagnostic énergie de la copro"]),
    "sport-coaching": (
        ["coach sportif", "éducateur foot", "prof de yoga", "entraîneur de course à pied"],
        ["animer une séance de sport au parc", "qqn pour entrainer l'équipe de foot des jeunes",
         "un cours de yoga pour les seniors"]),
}
# Neighbouring abilities a facilitator would accept too.
ALSO = {"plant-based-cooking": ["cooking"], "website-building": ["it-support"],
        "composting": ["gardening"], "small-repairs": ["carpentry"],
        "cooking": ["plant-based-cooking"]}
# Words that do not say the skill (noise people: no ability anyone asked for).
NOISE = ["retraitée, j'aime les balades", "nouveau dans le quartier !", "maman de 3 enfants",
         "étudiant en socio", "j'aime lire et les jeux de société", "", "",
         "disponible le week-end", "je veux m'investir dans ma ville", "hello"]
TYPOS = [("é", "e"), ("è", "e"), ("qu'un", "qu un"), ("ss", "s"), ("mm", "m"), ("ll", "l")]

ORGS = [  # kind, description, offers, skills, resources it meets
    ("funder", "Fondation qui soutient les projets locaux", ["funding"], [], ["funding"]),
    ("funder", "Fonds de dotation de la banque du coin", ["funding", "advice"], [], ["funding"]),
    ("city_service", "Service vie associative de la mairie, prêt de salles", ["premises", "advice"],
     [], ["premises"]),
    ("city_service", "Service des espaces verts", ["skills"], ["gardening"], []),
    ("support", "Incubateur de l'ESS, on accompagne les porteurs", ["advice", "training"],
     ["business-plan"], ["advice"]),
    ("support", "Couveuse d'entreprises, conseil et formation", ["advice", "training"], [],
     ["advice"]),
    ("association", "Atelier vélo participatif", ["skills"], ["bike-repair"], []),
    ("association", "Repair café du quartier", ["skills", "network"], ["small-repairs"], []),
    ("association", "Club informatique, dépannage et ateliers", ["skills", "training"],
     ["it-support", "digital-inclusion"], []),
    ("school", "Lycée avec une grande salle polyvalente", ["premises"], [], ["premises"]),
    ("business", "Imprimerie et studio graphique", ["skills"], ["graphic-design"], []),
    ("association", "Réseau de bénévoles du centre social", ["network"], [], ["volunteers"]),
    ("business", "Location de matériel : tables, barnums, sono", ["skills"], [], ["equipment"]),
    ("public_institution", "Médiathèque : salles et ateliers", ["premises", "training"], [],
     ["premises"]),
]
RESOURCE_NEEDS = {
    "funding": ["trouver des sous pour le projet", "un financement pour acheter les bacs",
                "need money for the festival"],
    "premises": ["une salle pour nos réunions du mardi", "un local pour stocker",
                 "un lieu pour l'atelier du samedi"],
    "advice": ["un accompagnement pour lancer notre activité", "des conseils pour démarrer"],
    "volunteers": ["des bras pour le jour J", "des bénévoles pour tenir les stands"],
    "equipment": ["emprunter des tables et des chaises", "une sono pour la fête"],
}


def typo(rng, text: str) -> str:
    if rng.random() < 0.35:
        a, b = rng.choice(TYPOS)
        text = text.replace(a, b, 1)
    return text


def build(seed: int = 13) -> dict:
    rng = random.Random(seed)  # noqa: S311 - a reproducible data set, no secret
    members, by_skill = [], {code: [] for code in BANK}
    codes = sorted(BANK)
    for i in range(190):
        key = f"m{i:03d}"
        if i % 10 == 9:  # one in ten says nothing useful
            members.append({"key": key, "bio": rng.choice(NOISE), "offers": "", "skills": [],
                            "interests": [], "neighbourhood": rng.choice(PLACES + [""])})
            continue
        code = codes[i % len(codes)]
        says = typo(rng, rng.choice(BANK[code][0]))
        listed = rng.random() < 0.5
        second = rng.choice(codes) if rng.random() < 0.3 else None
        bio, offers = (says, "") if rng.random() < 0.6 else ("", says)
        if second and second != code and not listed:
            bio = f"{bio} {rng.choice(NOISE)}".strip()
        members.append({"key": key, "bio": bio, "offers": offers,
                        "skills": [code] if listed else [],
                        "interests": [], "neighbourhood": rng.choice(PLACES + [""])})
        by_skill[code].append(key)
    organisations, by_resource = [], {r: [] for r in RESOURCE_NEEDS}
    for i, (kind, description, offers, skills, resources) in enumerate(ORGS * 2):
        key = f"o{i:02d}"
        organisations.append({"key": key, "kind": kind, "description": typo(rng, description),
                              "offers": offers, "skills": skills,
                              "neighbourhood": rng.choice(PLACES)})
        for code in skills:
            by_skill.setdefault(code, []).append(key)
        for resource in resources:
            by_resource[resource].append(key)
    needs, expected = [], {}
    for i, code in enumerate(codes * 2 + codes[:4]):
        key = f"n{i:03d}"
        text = typo(rng, rng.choice(BANK[code][1]))
        needs.append({"key": key, "project": {
            "title": rng.choice(["Fête des Blagis", "Jardin partagé", "Café associatif",
                                 "Club des jeunes", "Repas solidaire", "Projet de quartier"]),
            "description": "", "themes": [], "neighbourhood": rng.choice(PLACES + [""])},
            "kind": "skill", "skill": code if i % 2 == 0 else None, "text": text})
        expected[key] = sorted({*by_skill[code], *(k for c in ALSO.get(code, [])
                                                   for k in by_skill[c])})
    for j, (resource, texts) in enumerate(sorted(RESOURCE_NEEDS.items()) * 2):
        key = f"r{j:02d}"
        needs.append({"key": key, "project": {"title": "Projet de quartier", "description": "",
                                              "themes": [], "neighbourhood": ""},
                      "kind": "resource", "skill": None,
                      "resource": resource if j % 2 == 0 else None,
                      "text": typo(rng, texts[j % len(texts)])})
        expected[key] = sorted(by_resource[resource])
    return {"members": members, "organisations": organisations, "needs": needs,
            "expected": expected}


if __name__ == "__main__":
    path = Path(__file__).with_name("sceaux-residents.json")
    path.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    data = json.loads(path.read_text(encoding="utf-8"))
    print(f"{path}: {len(data['members'])} members, {len(data['organisations'])} "
          f"organisations, {len(data['needs'])} needs")
