"""A small site of random pages whose values recur in several spellings (tags, organisations, people,
outlets, profile pages, slugs alike), for the tests that compare an incremental ingestion with a fresh one
over random edits."""

import random

PRESS = "---\ntitle: Revue de presse\n---\n- [{headline}](https://presse.example/{n}), {outlet}, juin 2021\n"
POST = (
    "---\ntitle: {title}\ndate: 2022-03-{day:02d}\nauthor: {author}\n{lang}"
    "tags: [{tags}]\norganisations: [{orgs}]\nspeakers: [{speakers}]\n---\n{body}\n"
)
PROFILE = "---\ntitle: {name}\nrole: Data scientist\n---\nSa biographie.\n"
SPELLINGS = {
    "tags": ["Open data", "open data", "Open Data", "IA", "ia", "Données"],
    "orgs": ["INSEE", "Insee", "Etalab", "ETALAB", "Dinum"],
    "speakers": ["Anne Froppier", "Anne FROPPIER", "Eric Dupont", "Éric Dupont", "Marie Claire", "Jean-Marc Durand"],
    "names": ["Romain Tailhurat", "Lino Galiana", "SSP Hub"],
    "outlets": ["Acteurs publics", "Marie Claire", "Le Monde"],
    "texts": [
        "Un atelier sur les algorithmes publics et leur transparence, avec des agents de plusieurs ministères.",
        "Retour sur la journée consacrée aux données ouvertes des collectivités territoriales et à leurs usages.",
        "A short English page about the open data programme and its many events for public servants.",
        "Ok.",
    ],
}
PATHS = [
    "blog/a.md",
    "blog/a.markdown",  # slugs alike: ids made unique
    "blog/b.md",
    "blog/c.md",
    "en/d.md",
    "en/e.md",
    "f.md",
    "presse.md",
    "presse-2.md",
    "authors/romain/_index.md",
    "authors/lino/_index.md",
    "team/romain.md",
]


def content(path: str, rng: random.Random) -> str:
    if path.startswith("presse"):
        return PRESS.format(
            headline=rng.choice(["Un portrait", "Le programme"]),
            n=rng.randint(1, 3),
            outlet=rng.choice(SPELLINGS["outlets"]),
        )
    if path.startswith(("authors/", "team/")):
        return PROFILE.format(name=rng.choice(SPELLINGS["names"]))

    def pick(name: str, k: int) -> str:
        return ", ".join(rng.sample(SPELLINGS[name], k))

    return POST.format(
        title=rng.choice(["Atelier données", "Journée IA", "Rencontre"]),
        day=rng.randint(1, 28),
        author=rng.choice(["romain", "lino", "Anne Froppier", "romain, lino"]),
        lang=rng.choice(["", "", "lang: fr\n", "lang: en\n"]),
        tags=pick("tags", rng.randint(0, 3)),
        orgs=pick("orgs", rng.randint(0, 2)),
        speakers=pick("speakers", rng.randint(0, 2)),
        body=rng.choice(SPELLINGS["texts"]),
    )


def dump(corpus):
    return [d.to_dict() for d in corpus.documents], [(s.source, s.reason) for s in corpus.skipped]


def edit(root, rng: random.Random, counts: list[int], unlink: float) -> None:
    """Rewrite or remove (with probability `unlink`, when there) a few random files of the site."""
    for path in rng.sample(PATHS, rng.choice(counts)):
        target = root / path
        if target.exists() and rng.random() < unlink:
            target.unlink()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content(path, rng), encoding="utf-8")
