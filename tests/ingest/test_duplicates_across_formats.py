"""The same article as a Markdown post and as its built HTML page is one duplicate group."""

from findit.ingest import ingest_corpus
from findit.settings import Settings

TEXT = (
    "L'atelier d'idéation a réuni les experts de la donnée de treize administrations autour des projets "
    "d'intérêt commun de la saison. Chaque équipe a présenté son problème, ses données et ses premières "
    "pistes, puis les participants ont choisi les cinq projets qui seront menés pendant six mois."
)
POST = f"---\nlayout: post\ntitle: Atelier d'idéation du 16 mai\n---\n{TEXT}\n"
BUILT = f"""<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>Atelier d'idéation du 16 mai | Programme 10%</title>
<meta property="article:published_time" content="2022-05-16T13:00:00+01:00"></head>
<body><nav><a href="/">Accueil</a> <a href="/blog/">Blog</a></nav>
<article><h1>Atelier d'idéation du 16 mai</h1><p>{TEXT}</p></article>
<footer>Programme 10% — mentions légales</footer></body></html>"""


def test_a_post_and_its_built_page_are_one_group(tmp_path):
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_posts" / "2022-05-16-ideation.md").write_text(POST, encoding="utf-8")
    built = tmp_path / "_site" / "2022" / "05" / "16" / "ideation"
    built.mkdir(parents=True)
    (built / "index.html").write_text(BUILT, encoding="utf-8")
    (tmp_path / "autre.md").write_text("---\ntitle: Autre\n---\nUn tout autre sujet, sans rapport.\n", encoding="utf-8")
    docs = {d.source: d for d in ingest_corpus(tmp_path, Settings(corpus=tmp_path)).documents}
    post, page = docs["_posts/2022-05-16-ideation.md"], docs["_site/2022/05/16/ideation/index.html"]
    assert post.date == page.date
    assert post.duplicate_group and post.duplicate_group == page.duplicate_group
    assert docs["autre.md"].duplicate_group == ""
