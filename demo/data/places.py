"""Who and where the demo world is about: the demo logins, universities, people's names, majors and
the phrases student bios are made of. Everything here is fictional; personal addresses use
`example.com/.net/.org`.
"""

from dataclasses import dataclass

from projects.skills_taxonomy import MAJOR_SKILL_CATEGORIES

DEMO_PASSWORD = "demo-password-2026"
SEED = 2026
CAREER_OFFICE_GROUP = "Career office"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    role: str
    is_staff: bool = False
    is_superuser: bool = False
    label: str = ""


DEMO_ACCOUNTS = [
    DemoAccount("student@demo.test", "Ada Student", "student", label="student, Northfield University"),
    DemoAccount(
        "student2@demo.test", "Grace Student", "student", label="student, Lakeshore State University"
    ),
    DemoAccount("employer@demo.test", "Eve Employer", "employer", label="owner of Brightlane Analytics"),
    DemoAccount(
        "employer2@demo.test", "Frank Employer", "employer", label="owner of Harbor & Pine Outfitters"
    ),
    DemoAccount(
        "career@demo.test", "Carol Career", "career_staff", is_staff=True, label="career office, Northfield"
    ),
    DemoAccount("faculty@demo.test", "Felix Faculty", "faculty", label="faculty, Northfield (BUS 340)"),
    DemoAccount("admin@demo.test", "Site Admin", "career_staff", True, True, label="site admin"),
]


@dataclass(frozen=True)
class UniversitySpec:
    name: str
    slug: str
    domains: tuple[str, ...]
    country: str
    time_zones: tuple[str, ...]
    weight: int  # share of the students


UNIVERSITIES = [
    UniversitySpec(
        "Northfield University",
        "northfield-university",
        ("northfield.edu", "mail.northfield.edu"),
        "United States",
        ("America/Chicago", "America/Chicago", "America/New_York"),
        26,
    ),
    UniversitySpec(
        "Lakeshore State University",
        "lakeshore-state-university",
        ("lakeshore.edu",),
        "United States",
        ("America/New_York", "America/New_York", "America/Chicago"),
        22,
    ),
    UniversitySpec(
        "Westbrook Institute of Technology",
        "westbrook-institute-of-technology",
        ("westbrook.edu", "alumni.westbrook.edu"),
        "United States",
        ("America/Los_Angeles", "America/Denver"),
        16,
    ),
    UniversitySpec(
        "Greenhill University",
        "greenhill-university",
        ("greenhill.ac.uk",),
        "United Kingdom",
        ("Europe/London",),
        14,
    ),
    UniversitySpec(
        "Maple Ridge University",
        "maple-ridge-university",
        ("mapleridge.ca",),
        "Canada",
        ("America/Toronto", "America/Vancouver", "America/Winnipeg"),
        12,
    ),
    UniversitySpec(
        "Harbourview University",
        "harbourview-university",
        ("harbourview.edu.au",),
        "Australia",
        ("Australia/Sydney", "Australia/Melbourne", "Australia/Brisbane"),
        10,
    ),
]

CURRENCY_BY_COUNTRY = {
    "United States": "USD",
    "United Kingdom": "GBP",
    "Canada": "CAD",
    "Australia": "AUD",
    "Germany": "EUR",
    "Netherlands": "EUR",
}


FIRST_NAMES = [
    "Aaliyah", "Aarav", "Abigail", "Adebayo", "Aiko", "Alejandro", "Amara", "Amelia", "Ananya", "Andrei",
    "Anika", "Aroha", "Ava", "Benjamin", "Bilal", "Camila", "Carlos", "Chen", "Chloe", "Chukwuemeka",
    "Daniel", "Dara", "Diego", "Elena", "Elijah", "Emeka", "Emily", "Emma", "Ethan", "Fatima",
    "Finn", "Gabriel", "Hana", "Hannah", "Harper", "Hiroshi", "Ibrahim", "Imani", "Isabella", "Isaac",
    "Jamal", "Jasmine", "Javier", "Jia", "Jonah", "Julia", "Kai", "Kavya", "Keanu", "Kofi",
    "Layla", "Leila", "Liam", "Lucas", "Luis", "Maya", "Mateo", "Mei", "Mia", "Mohammed",
    "Nadia", "Naomi", "Noah", "Nia", "Oliver", "Olivia", "Omar", "Priya", "Rafael", "Ravi",
    "Rosa", "Ryan", "Sakura", "Samuel", "Sara", "Sofia", "Tariq", "Thandiwe", "Theo", "Valentina",
    "Wei", "Yara", "Yusuf", "Zara", "Zoe",
]  # fmt: skip

LAST_NAMES = [
    "Abara", "Adeyemi", "Ahmed", "Alvarez", "Anderson", "Bauer", "Bianchi", "Brown", "Campbell", "Chen",
    "Choi", "Clarke", "Cohen", "Costa", "Da Silva", "Dubois", "Edwards", "Evans", "Fernandez", "Fischer",
    "Garcia", "Gonzalez", "Gupta", "Haddad", "Hall", "Hernandez", "Hughes", "Ibrahim", "Ito", "Jackson",
    "Jensen", "Johnson", "Kaur", "Kim", "Kowalski", "Kumar", "Lee", "Lewis", "Lopez", "Martin",
    "Martinez", "Mensah", "Miller", "Mitchell", "Moreau", "Morris", "Murphy", "Nakamura", "Nguyen", "Novak",
    "O'Brien", "Okafor", "Okonkwo", "Olsen", "Park", "Patel", "Perez", "Petrov", "Quinn", "Ramirez",
    "Reyes", "Roberts", "Rossi", "Sato", "Schmidt", "Shah", "Silva", "Singh", "Smith", "Suzuki",
    "Tanaka", "Taylor", "Thomas", "Tran", "Walker", "Wang", "Williams", "Wilson", "Wright", "Yamamoto",
    "Young", "Zhang",
]  # fmt: skip

PERSONAL_EMAIL_DOMAINS = ["example.com", "example.net", "example.org"]

# Major -> the skill categories its students mostly have (shared with the matching benchmark).
MAJORS = MAJOR_SKILL_CATEGORIES

INTERESTS = [
    "climate and energy", "health care", "education", "fintech", "nonprofits", "consumer brands",
    "sports", "games", "public policy", "urban planning", "media and podcasts", "travel and tourism",
    "food and drink", "fashion", "logistics", "startups", "social impact", "artificial intelligence",
    "architecture", "agriculture",
]  # fmt: skip

BIO_OPENINGS = [
    "{year_label} {major} student at {university}.",
    "I study {major} at {university} and graduate in {grad_year}.",
    "{major} major at {university}, class of {grad_year}.",
    "Studying {major} at {university} ({year_label}).",
]
BIO_MIDDLES = [
    "Most of my coursework has involved {skill_a} and {skill_b}, and I want to use them on real problems.",
    "I'm comfortable with {skill_a} and learning more about {skill_b} every week.",
    "In class projects I've usually ended up owning the {skill_a} part; I also enjoy {skill_b}.",
    "I've used {skill_a} in two group projects and {skill_b} in a part-time job.",
    "Interested in {interest}; my strongest skills are {skill_a} and {skill_b}.",
]
BIO_CLOSINGS = [
    "I can give about {hours} hours a week during term.",
    "Looking for short projects in {interest}.",
    "Happy to work remotely and asynchronously; I reply within a day.",
    "I like clear briefs, regular check-ins and honest feedback.",
    "",
]
