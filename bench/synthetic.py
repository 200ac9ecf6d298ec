"""A synthetic registry and corpus of fictional policies, written as the crawler writes them.

    python bench/synthetic.py OUT_DIR [--count N] [--seed S]

writes `OUT_DIR/sources/<id>.yaml` (registry entries) and `OUT_DIR/corpus/<id>.md` (corpus
documents). Every organisation, place and sentence comes from the word lists below, which
we wrote; no real policy text. The output is a function of `count` and `seed` alone.

What makes it realistic enough for the site's benchmarks and tests:

- Documents in five languages (mostly English, then Dutch, German, French, Spanish), of
  varied length (a few hundred to a few thousand words), with headings, paragraphs and
  lists, built from sentences about the taxonomy's topics, clauses worded like those the
  NLRB found risky, and neutral filler made of a fictional vocabulary.
- Front matter as `policykb.ingest.record.fold` writes it: the registry facts, the capture facts,
  and `topics`, `tips` and `nlrb_flags` from `policykb.analysis.annotate.annotate_document` (the
  crawler's own tagger and checker), so topic, tip and NLRB pages show excerpts at scale;
  one to four `versions` per document.
- Registry entries with and without audience, summary, curator topics and a fetched text;
  a few archived or withdrawn.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from policykb.analysis.annotate import annotate_document  # noqa: E402
from policykb.content.corpus import dump_corpus_document  # noqa: E402
from policykb.content.escape import escape_text  # noqa: E402
from policykb.content.models import ArchiveRef, CorpusFrontMatter, RegistryEntry, Version  # noqa: E402

# --- who publishes ----------------------------------------------------------------------

PLACES = [
    "Ashford", "Brookvale", "Cedarport", "Dunmore", "Elmsworth", "Fairhaven", "Glenrock",
    "Hollowmere", "Ivybridge", "Juniper Bay", "Kestrel Point", "Larkspur", "Millbrook",
    "Northcliff", "Oakhurst", "Pebblestone", "Quarry Hill", "Ravensworth", "Saltmarsh",
    "Thornbury", "Upton Vale", "Westerholm", "Yarrowby", "Zephyr Downs",
]  # fmt: skip
KINDS = {
    "company": ["Bank", "Logistics", "Foods", "Energy", "Software", "Insurance", "Outfitters"],
    "government": ["City Council", "County", "Water Board", "Department of Parks", "Borough"],
    "education": ["University", "College", "School District", "Academy"],
    "healthcare": ["Health Trust", "Hospital", "Clinic Group", "Care Homes"],
    "nonprofit": ["Food Bank", "Wildlife Trust", "Youth Club", "Refugee Network"],
    "media": ["Gazette", "Radio", "Press", "Broadcasting"],
    "military": ["Guard", "Reserve Regiment", "Naval Station"],
    "legal-guidance": ["Employment Law Clinic", "Labour Advice Bureau"],
    "template": ["Policy Templates", "HR Toolkit"],
}
SECTOR_WEIGHTS = {
    "company": 30, "government": 25, "education": 15, "healthcare": 10, "nonprofit": 8,
    "media": 5, "military": 4, "legal-guidance": 2, "template": 1,
}  # fmt: skip
# language: (weight, countries, titles)
LANGUAGES = {
    "en": (70, ["US", "GB", "AU", "CA", "NZ", "IE", "international"],
           ["Social Media Policy", "Social Media Guidelines", "Staff Guidelines for Online Communication",
            "Social Media Handbook", "Acceptable Use of Social Media", "Guide to Our Official Channels"]),
    "nl": (14, ["NL", "BE"], ["Richtlijn sociale media", "Social media protocol", "Gedragscode online"]),
    "de": (7, ["DE", "AT", "CH"], ["Leitfaden Soziale Medien", "Social-Media-Richtlinie"]),
    "fr": (5, ["FR", "BE", "CA"], ["Charte des médias sociaux", "Guide des réseaux sociaux"]),
    "es": (4, ["ES", "MX", "AR"], ["Política de redes sociales", "Guía de redes sociales"]),
}  # fmt: skip
DOC_TYPES = {"policy": 55, "guidelines": 35, "handbook-page": 8, "template": 2}
AUDIENCES = ["work", "personal", "both"]
TEAMS = {
    "en": ["communications team", "digital office", "press office", "web team", "marketing unit"],
    "nl": ["team communicatie", "afdeling communicatie", "webredactie"],
    "de": ["Team Kommunikation", "Pressestelle", "Online-Redaktion"],
    "fr": ["service communication", "cellule numérique"],
    "es": ["equipo de comunicación", "gabinete de prensa"],
}
PLATFORMS = ["Instagram", "LinkedIn", "Mastodon", "YouTube", "Facebook", "TikTok", "Bluesky"]
PEOPLE = ["patients", "pupils", "visitors", "residents", "volunteers", "members of the public"]
THINGS = ["unreleased results", "customer records", "tender documents", "patient details",
          "draft budgets", "security plans"]  # fmt: skip

# --- what they write: (topic hint, sentence) by language ---------------------------------
# The hint only steers which sentences a document uses; the topics, tips and NLRB flags in
# the front matter are whatever the crawler's tagger and checker find.

TOPIC_SENTENCES = {
    "en": {
        "roles-governance": [
            "The {team} is responsible for every official account and keeps a list of who manages each channel.",
            "Questions about this policy can be sent to the {team}, who will reply within a week.",
        ],
        "crisis-response": [
            "During an emergency the {team} posts updates on our channels and coordinates every response.",
            "In a crisis, do not reply to angry comments yourself; pass them to the {team}.",
        ],
        "purpose-values": [
            "We use social media to share news from {org} and to listen to the people we serve.",
            "We encourage staff to take part in conversations about our work and to share what they are proud of.",
        ],
        "employee-rights-nlra": [
            "Nothing in this policy limits the right of employees to discuss their pay, hours and working conditions with each other.",
        ],
        "monitoring-enforcement": [
            "Breaking these rules may lead to disciplinary action, up to and including termination of employment.",
            "Our accounts are monitored during office hours, and misuse will be dealt with under the disciplinary procedure.",
        ],
        "platform-guidelines": [
            "On {platform}, keep captions short and use at most two hashtags per post.",
            "Our {platform} guide explains image sizes, alt text and when to post.",
        ],
        "public-comments-moderation": [
            "We may remove comments that contain abuse, advertising or the personal details of others.",
            "Comments that are off topic or repeat the same message many times will be hidden by the moderators.",
        ],
        "official-accounts": [
            "Every official {platform} account of {org} must be registered with the {team}.",
            "Official channels use the approved name, logo and contact details of {org}.",
        ],
        "approval-process": [
            "A new account must first be approved by the {team} before it goes live.",
            "Ask your manager for permission before you open a channel for your department.",
        ],
        "related-policies": [
            "This policy should be read together with our code of conduct and the acceptable use policy.",
        ],
        "photos-geotagging": [
            "Ask for signed consent before posting photos of {people}, and turn off location data.",
            "Photos of {people} need a release form on file before they appear on any channel.",
        ],
        "external-regulations": [
            "Posts must respect the GDPR and the guidance of our regulator.",
            "Never share anything that would breach HIPAA or other privacy laws.",
        ],
        "endorsements-disclosure": [
            "If you recommend one of our products, disclose your material connection to {org}.",
        ],
        "copyright-ip": [
            "Only post images and music that we have the right to use; copyright belongs to their makers.",
        ],
        "records-retention": [
            "Posts on official accounts are public records and are kept according to the retention schedule.",
        ],
        "confidentiality": [
            "Staff must not share confidential information, such as {thing}.",
            "Keep proprietary plans and {thing} off every public channel.",
        ],
        "personal-use": [
            "When you use a personal account on your own time, make clear that you speak for yourself.",
            "Personal use of social media during working hours should be brief and should not affect your work.",
        ],
        "speaking-for-the-organization": [
            "Only the {team} may speak on behalf of {org} online.",
            "If a journalist contacts you, pass the request to our spokesperson.",
        ],
        "identify-yourself-disclaimer": [
            "If you mention your work, add a line saying that the views are your own.",
        ],
        "harassment-respect": [
            "Harassment, threats and discrimination are never acceptable, online or offline.",
        ],
        "security": [
            "Use a strong password and turn on two-factor authentication for every account we run.",
            "Report a hacked account or a phishing message to the IT service desk at once.",
        ],
        "training-education": [
            "Training on safe and effective use of social media is offered to all new staff every quarter.",
            "Everyone who runs an official account must complete the online course first.",
        ],
        "legal-review": [
            "When in doubt about a post, check with legal before you publish it.",
        ],
        "review-cadence": [
            "This policy is reviewed every year by the {team}.",
        ],
    },
    "nl": {
        "roles-governance": [
            "Het {team} is verantwoordelijk voor alle sociale media accounts van {org}."
        ],
        "crisis-response": [
            "Bij een crisis plaatst het {team} de berichten en beantwoordt de vragen."
        ],
        "personal-use": ["Op je privé account spreek je voor jezelf en niet namens {org}."],
        "confidentiality": [
            "Deel geen vertrouwelijke informatie over collega's, klanten of plannen."
        ],
        "security": ["Gebruik een sterk wachtwoord en deel het met niemand."],
        "photos-geotagging": ["Plaats alleen foto's van anderen met hun toestemming."],
        "training-education": ["Nieuwe medewerkers volgen een training over sociale media."],
        "review-cadence": ["Dit protocol wordt jaarlijks geëvalueerd door het {team}."],
        "public-comments-moderation": ["Reacties met scheldwoorden of reclame worden verwijderd."],
        "harassment-respect": ["Intimidatie en discriminatie tolereren wij niet, ook niet online."],
        "external-regulations": ["Wij houden ons aan de AVG bij alles wat we online zetten."],
    },
    "de": {
        "roles-governance": ["Das {team} betreut alle Konten von {org} und beantwortet Fragen."],
        "security": ["Verwenden Sie ein sicheres Passwort und die Zwei-Faktor-Anmeldung."],
        "confidentiality": ["Vertrauliche Informationen über Kunden und Kollegen bleiben intern."],
        "personal-use": ["Auf privaten Konten sprechen Sie nur für sich selbst."],
        "review-cadence": ["Diese Richtlinie wird jährlich überprüft."],
    },
    "fr": {
        "roles-governance": ["Le {team} gère les comptes officiels de {org}."],
        "confidentiality": ["Ne publiez jamais d'informations confidentielles sur nos usagers."],
        "personal-use": ["Sur vos comptes personnels, vous parlez en votre nom propre."],
        "harassment-respect": ["Le harcèlement et les menaces ne sont jamais tolérés."],
    },
    "es": {
        "roles-governance": ["El {team} administra las cuentas oficiales de {org}."],
        "security": ["Use una contraseña segura en cada cuenta oficial."],
        "confidentiality": ["No publique información confidencial sobre clientes o compañeros."],
        "personal-use": ["En sus cuentas personales, usted habla solo por sí mismo."],
    },
}
# Worded like clause patterns the NLRB has treated as risky (English documents only).
RISKY_SENTENCES = [
    "Do not make disparaging remarks about {org}, its managers or its services.",
    "Employees must not discuss their salaries with colleagues or online.",
    "Never post anything defamatory about anyone.",
    "Gossip and negativity about colleagues have no place on our channels.",
    "Staff must not speak to journalists about {org} under any circumstances.",
    "Managers should not send friend requests to people they supervise.",
    "Do not use the logo of {org} on any personal page.",
]
# Neutral filler from a fictional vocabulary, by language: (subjects, verbs, objects).
FILLER = {
    "en": (["The {adj} {noun}", "Each {noun} of {org}", "Our {adj} {noun}", "The {place} {noun}"],
           ["describes", "explains", "brings together", "follows", "supports", "sets out"],
           ["the steps that colleagues take every {period}", "how the {noun} works in practice",
            "the {adj} routines of the {place} office", "a short checklist for the {period}"]),
    "nl": (["Het {noun}", "Ons {noun}", "Elk {noun} van {org}"],
           ["beschrijft", "volgt", "ondersteunt"],
           ["de afspraken voor elke {period}", "hoe het werk in de praktijk gaat"]),
    "de": (["Das {noun}", "Jedes {noun} von {org}"], ["beschreibt", "erklärt"],
           ["die Schritte für jede {period}", "die Arbeit im Alltag"]),
    "fr": (["Le {noun}", "Chaque {noun} de {org}"], ["décrit", "explique"],
           ["les étapes de chaque {period}", "le travail au quotidien"]),
    "es": (["El {noun}", "Cada {noun} de {org}"], ["describe", "explica"],
           ["los pasos de cada {period}", "el trabajo diario"]),
}  # fmt: skip
NOUNS = ["wharvel", "brindle", "quorrant", "selvage", "tamberlin", "ostrava", "pellicle",
         "marrowlist", "fennick", "gaskin", "lumbrel", "dovecote", "trinnet", "carraway"]  # fmt: skip
ADJECTIVES = ["plimsy", "verdant", "stalwick", "murrow", "brisk", "quillish", "tidy", "sorrel"]
PERIODS = {"en": ["week", "month", "quarter", "season"], "nl": ["week", "maand"],
           "de": ["Woche", "Monat"], "fr": ["semaine", "saison"], "es": ["semana", "temporada"]}  # fmt: skip
HEADINGS = {
    "en": ["Purpose", "Scope", "Who is responsible", "Official accounts", "Personal use",
           "Confidential information", "Comments from the public", "Photos and video",
           "Security", "Training", "Breaches of this policy", "Review", "Contacts"],
    "nl": ["Doel", "Reikwijdte", "Verantwoordelijkheden", "Privégebruik", "Beveiliging", "Evaluatie"],
    "de": ["Zweck", "Geltungsbereich", "Zuständigkeiten", "Private Nutzung", "Sicherheit"],
    "fr": ["Objet", "Champ d'application", "Responsabilités", "Usage personnel"],
    "es": ["Objeto", "Alcance", "Responsabilidades", "Uso personal"],
}  # fmt: skip
START = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _slug(text: str) -> str:
    out = "".join(c if c.isascii() and c.isalnum() else " " for c in text.lower())
    return "-".join(out.split())


class Writer:
    """Sentences for one document, in its language, about its organisation."""

    def __init__(self, rng: random.Random, language: str, org: str):
        self.rng, self.language, self.org = rng, language, org

    def fill(self, template: str) -> str:
        rng = self.rng
        return template.format(
            org=self.org,
            team=rng.choice(TEAMS[self.language]),
            platform=rng.choice(PLATFORMS),
            people=rng.choice(PEOPLE),
            thing=rng.choice(THINGS),
            noun=rng.choice(NOUNS),
            adj=rng.choice(ADJECTIVES),
            place=rng.choice(PLACES),
            period=rng.choice(PERIODS[self.language]),
        )

    def filler(self) -> str:
        subjects, verbs, objects = FILLER[self.language]
        rng = self.rng
        text = f"{rng.choice(subjects)} {rng.choice(verbs)} {rng.choice(objects)}."
        return self.fill(text[0].upper() + text[1:])

    def paragraph(self, topics: list[str], risky: bool) -> str:
        rng = self.rng
        sentences = [self.filler() for _ in range(rng.randint(1, 3))]
        pool = TOPIC_SENTENCES[self.language]
        for topic in rng.sample(topics, k=min(len(topics), rng.randint(0, 2))):
            sentences.insert(rng.randrange(len(sentences) + 1), self.fill(rng.choice(pool[topic])))
        if risky:
            sentences.append(self.fill(rng.choice(RISKY_SENTENCES)))
        return " ".join(sentences)


def make_body(rng: random.Random, language: str, org: str, title: str) -> str:
    """The extracted text as the crawler stores it: escaped Markdown blocks."""
    writer = Writer(rng, language, org)
    topics = list(TOPIC_SENTENCES[language])
    chosen = rng.sample(topics, k=rng.randint(min(3, len(topics)), min(12, len(topics))))
    risky_share = 0.08 if language == "en" and rng.random() < 0.4 else 0.0
    blocks = [f"# {escape_text(title)}"]
    headings = HEADINGS[language]
    sections = rng.choice([2, 4, 6, 8, 8, 10, 12, 16])
    for number in range(sections):
        blocks.append(f"## {escape_text(headings[number % len(headings)])}")
        for _ in range(rng.randint(2, 5)):
            if rng.random() < 0.2:
                items = [writer.paragraph(chosen, False) for _ in range(rng.randint(2, 5))]
                blocks.append("\n".join(f"- {escape_text(item)}" for item in items))
            else:
                text = writer.paragraph(chosen, rng.random() < risky_share)
                blocks.append(escape_text(text))
    return "\n\n".join(blocks) + "\n"


def make_entry(rng: random.Random, n: int) -> RegistryEntry:
    sector = _weighted(rng, SECTOR_WEIGHTS)
    language = _weighted(rng, {k: v[0] for k, v in LANGUAGES.items()})
    _, countries, titles = LANGUAGES[language]
    organization = f"{rng.choice(PLACES)} {rng.choice(KINDS[sector])}"
    title = rng.choice(titles)
    doc_id = f"{_slug(organization)}-{_slug(title)}-{n:05d}"[-100:].lstrip("-")
    doc_type = "template" if sector == "template" else _weighted(rng, DOC_TYPES)
    if sector == "legal-guidance":
        doc_type = "legal-memo"
    fields: dict = {
        "id": doc_id,
        "title": title,
        "organization": organization,
        "sector": sector,
        "country": rng.choice(countries),
        "language": language,
        "doc_type": doc_type,
        "url": f"https://{_slug(organization)}.example/{_slug(title)}-{n}",
    }
    if rng.random() < 0.4:
        fields["audience"] = rng.choice(AUDIENCES)
    if rng.random() < 0.3:
        fields["summary"] = (
            f"How {organization} runs its channels and what it asks of staff online "
            f"(fictional, benchmark document {n})."
        )
    if rng.random() < 0.1:
        fields["topics"] = rng.sample(list(TOPIC_SENTENCES["en"]), k=2)
    roll = rng.random()
    if roll < 0.03:
        fields["status"] = "archived"
    elif roll < 0.05:
        fields["status"] = "withdrawn"
    return RegistryEntry(**fields)


def make_front(rng: random.Random, entry: RegistryEntry, body: str, taxonomy) -> CorpusFrontMatter:
    """The front matter `policykb.ingest.record.fold` would write after 1–4 crawls."""
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    retrieved = START + timedelta(days=rng.randrange(0, 300), minutes=rng.randrange(0, 600))
    versions = []
    for k in range(rng.choice([1, 1, 1, 2, 2, 3, 4]) - 1, 0, -1):
        earlier = retrieved - timedelta(days=45 * k + rng.randrange(0, 20))
        old = hashlib.sha256(f"{entry.id} version {k}".encode()).hexdigest()
        versions.append(Version(retrieved=earlier, content_sha256=old))
    versions.append(Version(retrieved=retrieved, content_sha256=digest))
    return CorpusFrontMatter(
        **entry.model_dump(exclude_none=True, exclude={"topics"}),
        final_url=entry.url,
        retrieved=retrieved,
        archive=ArchiveRef(
            file=f"crawl-{retrieved:%Y%m%d}.warc.gz",
            record_id=f"<urn:uuid:{hashlib.md5(entry.id.encode()).hexdigest()}>",
        ),
        detected_language=entry.language,
        versions=versions,
        content_sha256=digest,
        word_count=len(body.split()),
        **annotate_document(body, entry, taxonomy),
    )


def make_corpus(
    root: Path, count: int, seed: int = 7, *, fetched_share: float = 0.95
) -> tuple[Path, Path]:
    """Write `count` registry entries and their corpus documents (about `fetched_share`
    of them fetched) under `root`; return (sources dir, corpus dir)."""
    from policykb.content.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    rng = random.Random(seed)
    sources, corpus = root / "sources", root / "corpus"
    sources.mkdir(parents=True, exist_ok=True)
    corpus.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        entry = make_entry(rng, n)
        data = entry.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
        data = {"id": entry.id, **data}
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
        (sources / f"{entry.id}.yaml").write_text(text, encoding="utf-8")
        if rng.random() >= fetched_share:
            continue  # a link-only entry: not fetched (yet)
        body = make_body(rng, entry.language, entry.organization, entry.title)
        front = make_front(rng, entry, body, taxonomy)
        (corpus / f"{entry.id}.md").write_text(dump_corpus_document(front, body), encoding="utf-8")
    return sources, corpus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for sources/ and corpus/")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    sources, corpus = make_corpus(args.out, args.count, args.seed)
    print(f"{args.count} registry entries in {sources}, corpus in {corpus}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
