"""Word lists behind people.py and peopletext.py: roles, the words of bodies and programmes that are never part of a
person's name, and the head words of organisations."""

from __future__ import annotations

# Words that open a role ("professeur de sociologie", "Head of open data", "Cheffe de projets").
ROLE_WORDS = frozenset(
    """
professeur professeure directeur directrice chef cheffe responsable chargé chargée doctorant doctorante
chercheur chercheuse fondateur fondatrice cofondateur cofondatrice co-fondateur co-fondatrice designer
head ministre président présidente délégué déléguée conseiller conseillère adjoint adjointe spécialiste
expert experte développeur développeuse développeur·se coordinateur coordinatrice député députée maire
secrétaire sous-directeur sous-directrice administrateur administratrice ingénieur ingénieure
entrepreneur entrepreneure entrepreneuse data product lead manager consultant consultante analyste
architecte animateur animatrice médiateur médiatrice juriste avocat avocate journaliste enseignant
enseignante maître maîtresse membre porteur porteuse mentor mentore agent agente officier officière
préfet préfète inspecteur inspectrice commissaire rapporteur rapporteure auteur autrice sociologue
économiste philosophe historien historienne ux ui cto ceo cdo dsi dg dga dgs datascientist
data-scientist statisticien statisticienne administratrice-adjointe senior junior stagiaire alternant
alternante étudiant étudiante maîtresse-de-conférences postdoctorant postdoctorante director officer chief
president founder co-founder deputy minister secretary advisor adviser professor researcher engineer
scientist analyst chair chairman chairwoman coordinator developer editor journalist partner principal
""".split()
)
# Capitalised words that make a role or a body, never a person's name ("Chief Technology Officer").
NOT_NAME_WORDS = ROLE_WORDS | frozenset(
    """
chief officer director officer technology design ministère ministre direction agence mission service
département délégation secrétariat programme projet équipe pôle bureau cellule laboratoire lab
université institut école centre conseil commission comité observatoire association fondation société
groupe semaine journée atelier webinaire meetup forum accueil introduction conclusion ouverture
clôture animation modération intervention présentation keynote table ronde questions pause déjeuner
ministères directions services data science open source intelligence artificielle machine learning
""".split()
)
# One of these alone is a truncated name ("Direction" of "Direction interministérielle du numérique").
GENERIC_ORG_WORDS = frozenset(
    """
direction ministère ministere agence mission service département departement délégation delegation
secrétariat secretariat cour ville conseil commission comité comite bureau cellule pôle pole équipe
equipe programme université universite institut école ecole centre assemblée assemblee académie
academie autorité autorite caisse haute haut inspection préfecture prefecture région region mairie
fondation association observatoire laboratoire
""".split()
)
# Folded words that start an organisation's name: a "name" running into one ends before it.
ORG_HEAD_WORDS = frozenset(
    """
ministere direction agence mission service departement delegation secretariat universite institut ecole
centre conseil commission comite observatoire association fondation societe groupe laboratoire lab
prefecture mairie ville region caisse banque autorite office cour tribunal pole cellule bureau fabrique
incubateur startup plateforme
""".split()
)
