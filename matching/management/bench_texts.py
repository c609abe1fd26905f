"""Realistic project texts for the benchmark seeds (bench_matching, reused by demo's bench_web).

The search benchmark needs texts a real catalogue would have: a common word ("data") in about 30% of the
projects and a rare one ("geospatial") in about 0.1%, the rest drawn from the project's field so a search
for a field's words finds that field's projects. Texts come from a random generator of their own, drawn in
the projects' order, so a fresh seed and a rewrite of an old seed (see `rewrite_old_texts`) write the same
texts for the same projects.

No word of the vocabularies below is "data" or "geospatial" (nor stems to them): they appear only where
`project_texts` puts them, at the rates above.
"""

import random
from collections.abc import Iterable

from django.db import connection

TEXT_SEED = 20260602
# Share of projects outside the data field that mention "data": with a field in nine being data, where
# every project mentions it, 1/9 + 8/9 * 0.21 ~ 0.30 of all projects.
DATA_ELSEWHERE = 0.21
GEOSPATIAL = 0.001
# The titles the first seeds wrote; a database holding them is rewritten in place.
OLD_TITLE_PREFIX = "Bench project "
# The seed's projects: those of its employers, "Bench Employer N" (slug bench-employer-N).
BENCH_EMPLOYER_SLUG_PREFIX = "bench-employer-"
SEED_PROJECTS = (
    "SELECT 1 FROM projects_project AS p JOIN employers_employer AS e ON e.id = p.employer_id "
    f"WHERE e.slug LIKE '{BENCH_EMPLOYER_SLUG_PREFIX}%%'"
)

CLIENTS = [
    "a neighbourhood bakery", "a climate nonprofit", "a fintech start-up", "a regional hospital",
    "a family-run hotel", "a secondhand bookshop", "a university library", "a cycling club",
    "a food bank", "an architecture studio", "a logistics company", "a language school",
    "a craft brewery", "a city museum", "a veterinary clinic", "an online furniture shop",
    "a solar installer", "a youth theatre", "a recruitment agency", "a dental practice",
]  # fmt: skip

# Per field: (verbs for the title, things worked on, sentences of the description, a phrase that mentions
# data the field's way).
VOCABULARY: dict[str, tuple[list[str], list[str], list[str], str]] = {
    "software": (
        ["Build", "Refactor", "Prototype", "Speed up", "Add tests to", "Document"],
        ["the booking system", "the checkout page", "a mobile app", "the admin panel", "a browser extension",
         "the onboarding flow", "the deployment pipeline", "a REST API", "the customer portal"],
        ["The code base is a Django monolith with a React front end.",
         "You will pair with our only developer twice a week.",
         "Automated tests and a short handover document are part of the work.",
         "We deploy with GitHub Actions to a small cloud server.",
         "Accessibility and page speed matter to our users."],
        "migrate the customer data to the new schema",
    ),
    "data": (
        ["Analyse", "Clean", "Visualise", "Model", "Forecast", "Audit"],
        ["the sales figures", "our membership records", "the survey responses", "website traffic",
         "the inventory history", "donation trends", "the churn of subscribers"],
        ["You will write SQL and Python notebooks we can rerun every month.",
         "A dashboard in Metabase or Power BI is welcome.",
         "We need clear charts and a one-page summary for the board.",
         "Statistical rigour matters more than fancy models."],
        "turn raw data into a reproducible report",
    ),
    "design": (
        ["Redesign", "Illustrate", "Prototype", "Refresh", "Design"],
        ["the logo and brand guide", "the mobile app screens", "a poster series", "the packaging",
         "the website's landing page", "an exhibition leaflet", "the annual report layout"],
        ["We work in Figma and share a component library.",
         "Three rounds of feedback are planned.",
         "User interviews with five customers come before the sketches.",
         "The result must meet WCAG contrast guidelines."],
        "present the user research data behind each choice",
    ),
    "marketing": (
        ["Plan", "Run", "Grow", "Launch", "Audit"],
        ["the newsletter", "a social media campaign", "our search rankings", "the spring launch",
         "a referral programme", "the Instagram account", "our event promotion"],
        ["The budget for paid ads is small: creativity beats spend.",
         "You will report weekly to the founder.",
         "Our audience is mostly students and young professionals.",
         "A content calendar for three months is the main deliverable."],
        "measure the campaign with analytics data",
    ),
    "research": (
        ["Review", "Survey", "Investigate", "Summarise", "Compare"],
        ["the literature on urban heat", "competitor offerings", "customer needs", "funding options",
         "policy changes in the sector", "the impact of remote work", "accessibility barriers"],
        ["A structured literature review with citations is expected.",
         "Interviews with ten stakeholders are part of the method.",
         "The findings will shape next year's strategy.",
         "Ethics approval is already in place."],
        "collect interview data and code it",
    ),
    "business": (
        ["Streamline", "Map", "Plan", "Improve", "Benchmark"],
        ["the supplier onboarding", "our pricing strategy", "the hiring process", "the expansion plan",
         "customer support", "the partnership pipeline", "warehouse operations"],
        ["You will shadow the operations manager for a day.",
         "A process map and a list of quick wins are expected.",
         "We are a team of twelve and growing fast.",
         "Recommendations should fit a small budget."],
        "back each recommendation with operational data",
    ),
    "finance": (
        ["Build", "Review", "Reconcile", "Forecast", "Model"],
        ["the cash-flow forecast", "the annual budget", "the pricing model", "expense reporting",
         "the investor pitch figures", "grant accounting", "the unit economics"],
        ["Spreadsheets in Excel or Google Sheets are fine.",
         "Our accountant will review the model with you.",
         "Clear assumptions matter more than precision.",
         "The board meets at the end of the month."],
        "reconcile the transaction data from two banks",
    ),
    "writing": (
        ["Write", "Edit", "Translate", "Rewrite", "Proofread"],
        ["the website copy", "a series of blog posts", "the grant application", "product descriptions",
         "the employee handbook", "case studies", "the press kit"],
        ["Our tone is warm, plain and direct.",
         "Each piece goes through one round of edits.",
         "Search-friendly headings are a plus.",
         "You will interview two team members for quotes."],
        "explain the survey data in plain words",
    ),
    "other": (
        ["Organise", "Coordinate", "Support", "Plan", "Set up"],
        ["a volunteer day", "the community event", "a workshop series", "the office move",
         "a fundraising dinner", "the summer school", "a mentoring scheme"],
        ["Good organisation and friendly emails are what we need most.",
         "Some evening hours may be needed near the event.",
         "You will work with a small, welcoming team.",
         "A checklist others can reuse is part of the work."],
        "keep the attendee data tidy and private",
    ),
}  # fmt: skip

GEOSPATIAL_SENTENCES = [
    "Part of the work is geospatial: mapping our sites and service areas in QGIS.",
    "Experience with geospatial tools such as QGIS or PostGIS helps.",
]


def project_texts(rng: random.Random, field: str) -> tuple[str, str, str]:
    """(title, summary, description) of a project in `field`."""
    verbs, things, sentences, data_phrase = VOCABULARY.get(field, VOCABULARY["other"])
    client = rng.choice(CLIENTS)
    title = f"{rng.choice(verbs)} {rng.choice(things)} for {client}"
    summary, *description = rng.sample(sentences, 3)
    if field == "data" or rng.random() < DATA_ELSEWHERE:
        description.append(f"You will also {data_phrase}.")
    if rng.random() < GEOSPATIAL:
        description.append(rng.choice(GEOSPATIAL_SENTENCES))
    return title, summary, " ".join(description)


def texts_for(fields: Iterable[str]) -> list[tuple[str, str, str]]:
    """The texts of projects in `fields`, in that order (the same for the same fields)."""
    rng = random.Random(TEXT_SEED)
    return [project_texts(rng, field) for field in fields]


def has_old_texts() -> bool:
    """Whether the seed's projects still carry the first seeds' texts ("Bench project N")."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT EXISTS ({SEED_PROJECTS} AND p.title LIKE %s)", [f"{OLD_TITLE_PREFIX}%"])
        return cursor.fetchone()[0]


def rewrite_old_texts() -> int:
    """Give the seed's projects the texts a fresh seed writes, in one UPDATE; the search-vector trigger
    (projects migration 0003) fires on title, summary and description, so the search sees them at once.
    The number of projects rewritten."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT p.id, p.field {SEED_PROJECTS.removeprefix('SELECT 1')} ORDER BY p.id")
        rows = cursor.fetchall()
        texts = texts_for(field for _, field in rows)
        cursor.execute(
            "UPDATE projects_project AS p "
            "SET title = t.title, summary = t.summary, description = t.description "
            "FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[]) "
            "AS t(id, title, summary, description) WHERE p.id = t.id",
            [[row[0] for row in rows], *([text[i] for text in texts] for i in range(3))],
        )
        return cursor.rowcount
