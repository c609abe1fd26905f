"""The fixed material the demo world is built from: universities, employers, people's names, majors and
project templates per field. Everything here is fictional; employer addresses use the reserved `.example`
top-level domain and personal addresses `example.com/.net/.org`.
"""

from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class EmployerSpec:
    name: str
    domain: str  # under the reserved .example TLD
    industry: str
    city: str
    country: str
    fields: tuple[str, ...]  # the fields its projects are mostly in
    about: str


EMPLOYERS = [
    EmployerSpec(
        "Brightlane Analytics",
        "brightlane.example",
        "data and insights consultancy",
        "Chicago",
        "United States",
        ("data", "research", "marketing"),
        "We help mid-sized retailers and nonprofits make decisions from their own data.",
    ),
    EmployerSpec(
        "Harbor & Pine Outfitters",
        "harborandpine.example",
        "outdoor apparel retailer",
        "Portland",
        "United States",
        ("marketing", "design", "writing"),
        "Durable outdoor clothing, repaired for free for life, sold online and in four stores.",
    ),
    EmployerSpec(
        "Cobalt Health",
        "cobalthealth.example",
        "digital health startup",
        "Boston",
        "United States",
        ("software", "research", "data"),
        "Remote monitoring for patients with chronic heart conditions, used by 40 clinics.",
    ),
    EmployerSpec(
        "Tidewater Credit Union",
        "tidewatercu.example",
        "community credit union",
        "Norfolk",
        "United States",
        ("finance", "marketing", "business"),
        "Member-owned banking for 60,000 people on the coast since 1958.",
    ),
    EmployerSpec(
        "Lumen Robotics",
        "lumenrobotics.example",
        "warehouse robotics company",
        "Pittsburgh",
        "United States",
        ("software", "data", "research"),
        "Autonomous picking robots for small and mid-sized warehouses.",
    ),
    EmployerSpec(
        "Greenway Transit Alliance",
        "greenwaytransit.example",
        "nonprofit transport advocacy group",
        "Minneapolis",
        "United States",
        ("research", "writing", "marketing"),
        "We campaign for safe streets, reliable buses and better bike networks.",
    ),
    EmployerSpec(
        "Fieldnote Studio",
        "fieldnote.example",
        "product design agency",
        "New York",
        "United States",
        ("design", "software", "research"),
        "A twelve-person studio designing apps and services for public-interest clients.",
    ),
    EmployerSpec(
        "Quarry Coffee Roasters",
        "quarrycoffee.example",
        "specialty coffee roaster",
        "Denver",
        "United States",
        ("marketing", "business", "design"),
        "Small-batch coffee roasted in Denver, sold to cafés and by subscription.",
    ),
    EmployerSpec(
        "Ledgerly",
        "ledgerly.example",
        "bookkeeping software company",
        "Austin",
        "United States",
        ("finance", "software", "writing"),
        "Bookkeeping that small-business owners actually understand.",
    ),
    EmployerSpec(
        "Northwind Learning",
        "northwindlearning.example",
        "online tutoring platform",
        "Seattle",
        "United States",
        ("writing", "software", "other"),
        "Live tutoring and study plans for 25,000 high-school students.",
    ),
    EmployerSpec(
        "Sagebrush Renewables",
        "sagebrush.example",
        "community solar developer",
        "Albuquerque",
        "United States",
        ("research", "finance", "data"),
        "We build shared solar farms that lower bills for renters and rural households.",
    ),
    EmployerSpec(
        "Pinecrest Veterinary Group",
        "pinecrestvets.example",
        "network of veterinary clinics",
        "Madison",
        "United States",
        ("business", "marketing", "data"),
        "Eleven clinics caring for pets and farm animals across Wisconsin.",
    ),
    EmployerSpec(
        "Atlas Freight Labs",
        "atlasfreight.example",
        "logistics software company",
        "Atlanta",
        "United States",
        ("data", "software", "business"),
        "Route planning and load matching for regional trucking companies.",
    ),
    EmployerSpec(
        "Open Shelf Books",
        "openshelf.example",
        "independent bookshop and small press",
        "Ann Arbor",
        "United States",
        ("writing", "marketing", "design"),
        "A bookshop, a café and a press publishing eight new titles a year.",
    ),
    EmployerSpec(
        "Riverbend Community Foundation",
        "riverbendfoundation.example",
        "community foundation",
        "Cincinnati",
        "United States",
        ("research", "writing", "finance"),
        "We fund local nonprofits working on housing, education and health.",
    ),
    EmployerSpec(
        "Kestrel Security",
        "kestrelsec.example",
        "cybersecurity consultancy",
        "Washington",
        "United States",
        ("software", "writing", "research"),
        "Security reviews and incident response for schools, clinics and small firms.",
    ),
    EmployerSpec(
        "Meridian Hotels",
        "meridianhotels.example",
        "boutique hotel group",
        "Miami",
        "United States",
        ("marketing", "business", "data"),
        "Six independent hotels in historic buildings along the east coast.",
    ),
    EmployerSpec(
        "Parcelpoint",
        "parcelpoint.example",
        "last-mile delivery startup",
        "Los Angeles",
        "United States",
        ("data", "business", "software"),
        "Parcel lockers in corner shops, so deliveries wait somewhere safe.",
    ),
    EmployerSpec(
        "Sparrow Games",
        "sparrowgames.example",
        "independent game studio",
        "San Francisco",
        "United States",
        ("software", "design", "marketing"),
        "Cosy puzzle games for phones and consoles, made by a team of nine.",
    ),
    EmployerSpec(
        "Civic Data Collective",
        "civicdata.example",
        "civic-tech nonprofit",
        "Philadelphia",
        "United States",
        ("data", "software", "research"),
        "Open tools that help residents understand city budgets and services.",
    ),
    EmployerSpec(
        "Thistle & Thread",
        "thistleandthread.example",
        "sustainable fashion brand",
        "London",
        "United Kingdom",
        ("marketing", "design", "business"),
        "Clothes made from recycled fibres in small runs, sold online across Europe.",
    ),
    EmployerSpec(
        "Cartwright Legal Tech",
        "cartwrightlegal.example",
        "legal software company",
        "Manchester",
        "United Kingdom",
        ("software", "writing", "business"),
        "Document automation for small law firms and advice centres.",
    ),
    EmployerSpec(
        "Bramble Foods",
        "bramblefoods.example",
        "plant-based food maker",
        "Bristol",
        "United Kingdom",
        ("marketing", "research", "finance"),
        "Plant-based ready meals stocked by 900 shops in the UK.",
    ),
    EmployerSpec(
        "Foundry Ventures",
        "foundryvc.example",
        "early-stage venture capital fund",
        "London",
        "United Kingdom",
        ("finance", "research", "writing"),
        "We invest in first-time founders building climate and health companies.",
    ),
    EmployerSpec(
        "Wexford Housing Trust",
        "wexfordhousing.example",
        "affordable housing association",
        "Leeds",
        "United Kingdom",
        ("research", "data", "writing"),
        "4,000 affordable homes and the support services around them.",
    ),
    EmployerSpec(
        "Northern Lights Media",
        "northernlights.example",
        "podcast network",
        "Edinburgh",
        "United Kingdom",
        ("marketing", "writing", "design"),
        "Twelve narrative podcasts about science, history and sport.",
    ),
    EmployerSpec(
        "Maplebright Energy",
        "maplebright.example",
        "home energy retrofit company",
        "Toronto",
        "Canada",
        ("data", "marketing", "finance"),
        "Heat pumps, insulation and the paperwork for the rebates that pay for them.",
    ),
    EmployerSpec(
        "Polar Pixel",
        "polarpixel.example",
        "mobile app studio",
        "Vancouver",
        "Canada",
        ("software", "design"),
        "We design and build iOS and Android apps for startups and nonprofits.",
    ),
    EmployerSpec(
        "True North Wellness",
        "truenorthwellness.example",
        "mental health app",
        "Montreal",
        "Canada",
        ("research", "design", "writing"),
        "Guided cognitive behavioural therapy programmes, in English and French.",
    ),
    EmployerSpec(
        "Prairie Grain Co-op",
        "prairiegrain.example",
        "agricultural cooperative",
        "Winnipeg",
        "Canada",
        ("business", "finance", "data"),
        "Grain storage, marketing and agronomy for 1,200 member farms.",
    ),
    EmployerSpec(
        "Coral Coast Tourism",
        "coralcoast.example",
        "regional tourism board",
        "Brisbane",
        "Australia",
        ("marketing", "research", "writing"),
        "Promoting the reef, rainforest and small towns of the Queensland coast.",
    ),
    EmployerSpec(
        "Kookaburra Pay",
        "kookaburrapay.example",
        "payments startup",
        "Sydney",
        "Australia",
        ("finance", "software", "data"),
        "Invoicing and instant payouts for tradespeople and sole traders.",
    ),
    EmployerSpec(
        "Saltbush Architecture",
        "saltbush.example",
        "architecture practice",
        "Melbourne",
        "Australia",
        ("design", "business", "marketing"),
        "Low-carbon schools, libraries and community buildings.",
    ),
    EmployerSpec(
        "Lindqvist Mobility",
        "lindqvist.example",
        "e-bike manufacturer",
        "Berlin",
        "Germany",
        ("design", "marketing", "research"),
        "Cargo e-bikes for families and delivery riders, assembled in Berlin.",
    ),
    EmployerSpec(
        "Canalside Analytics",
        "canalside.example",
        "sports analytics company",
        "Amsterdam",
        "Netherlands",
        ("data", "software", "writing"),
        "Match and training data for football and hockey clubs.",
    ),
    EmployerSpec(
        "Beacon Health Partners",
        "beaconhealth.example",
        "network of community health clinics",
        "Baltimore",
        "United States",
        ("business", "research", "other"),
        "Primary care, dental and behavioural health for 30,000 patients a year.",
    ),
    EmployerSpec(
        "Ironleaf Manufacturing",
        "ironleaf.example",
        "precision parts manufacturer",
        "Cleveland",
        "United States",
        ("business", "data", "finance"),
        "Machined parts for medical devices and aerospace, made by 140 people.",
    ),
    EmployerSpec(
        "Little Acorn Toys",
        "littleacorn.example",
        "educational toy brand",
        "Providence",
        "United States",
        ("marketing", "design", "writing"),
        "Wooden toys and science kits for curious children aged three to ten.",
    ),
    EmployerSpec(
        "Summit Outdoor Events",
        "summitevents.example",
        "race and outdoor event organiser",
        "Boulder",
        "United States",
        ("business", "marketing", "other"),
        "Trail races, gravel rides and open-water swims for 15,000 participants a year.",
    ),
    EmployerSpec(
        "Polyglot Journeys",
        "polyglotjourneys.example",
        "language-learning travel company",
        "San Diego",
        "United States",
        ("other", "marketing", "writing"),
        "Immersion trips where students learn a language by living it for two weeks.",
    ),
]

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

# Major -> the skill categories its students mostly have.
MAJORS: dict[str, tuple[str, ...]] = {
    "Computer Science": ("software", "data"),
    "Software Engineering": ("software",),
    "Data Science": ("data", "software"),
    "Statistics": ("data", "research"),
    "Mathematics": ("data", "finance"),
    "Economics": ("finance", "research", "data"),
    "Finance": ("finance", "business"),
    "Accounting": ("finance", "business"),
    "Business Administration": ("business", "marketing", "finance"),
    "Marketing": ("marketing", "writing"),
    "Communications": ("marketing", "writing"),
    "Journalism": ("writing", "research"),
    "English Literature": ("writing",),
    "Graphic Design": ("design", "marketing"),
    "Human-Computer Interaction": ("design", "research", "software"),
    "Psychology": ("research", "data"),
    "Sociology": ("research", "writing"),
    "Political Science": ("research", "writing"),
    "Environmental Science": ("research", "data"),
    "Public Health": ("research", "data", "other"),
    "Mechanical Engineering": ("software", "data"),
    "Information Systems": ("software", "business", "data"),
    "International Relations": ("research", "other", "writing"),
    "Linguistics": ("other", "writing"),
    "Film and Media Studies": ("design", "marketing"),
    "Architecture": ("design",),
    "Supply Chain Management": ("business", "data"),
    "Entrepreneurship": ("business", "marketing", "finance"),
    "Biology": ("research", "data"),
    "Education": ("other", "writing"),
}

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

COVER_NOTES = [
    "Hi! I'm a {year_label} {major} student and this project lines up well with what I've been doing in "
    "class, especially {skill}. I can give it {hours} hours a week and would aim to share a first draft "
    "early so you can steer it.",
    'I\'d love to work on "{title}". Last term I did a similar piece of work for a course project using '
    "{skill}, and I enjoyed turning it into something a real team could use. My timetable leaves me "
    "{hours} hours a week free.",
    "Hello, I'm studying {major} at {university}. I have practical experience with {skill} and I'm keen to "
    "get feedback from the team at {employer}. I'm organised, reply quickly and can start next week.",
    "This looks like a great fit: I've used {skill} in two group projects and I'm comfortable working "
    "remotely with regular check-ins. I'd be glad to talk through how I'd approach the first deliverable.",
    "I'm applying because I want to see how {employer} works in practice. I bring {skill}, a "
    "careful eye for detail and {hours} hours a week. Happy to share examples of earlier work.",
    "Hi {employer} team, I study {major} and have hands-on {skill} experience. I read the brief twice "
    "and have a few ideas for the first milestone already. I can commit {hours} hours a week until the "
    "due date.",
]

SCREENING_ANSWERS = [
    "Yes. In my {major} coursework I did something similar and I can share the result.",
    "I'd start by agreeing the scope with you in a short call, then share a first draft within a week.",
    "I'm available {hours} hours a week, mostly on weekday evenings and Saturday mornings.",
    "A group project last term: we analysed real data for a local business and presented to the owner.",
    "I'm comfortable with it; I've used it in two courses and a part-time job.",
]

REJECTION_NOTES = [
    "Thank you for applying. We chose a student whose experience matched the brief a little more "
    "closely, but we enjoyed reading your application and hope you apply to our next project.",
    "Thanks for your interest. We had many strong applicants and went with someone who could start "
    "sooner. Your cover note was clear and thoughtful; please keep an eye on our future postings.",
    "We appreciated your application. For this project we needed more hands-on experience with the "
    "required tools; a small portfolio piece showing them would make a future application stronger.",
    "Thank you for taking the time to apply. The openings are now filled, but we'd be glad to see "
    "you apply again.",
    "Thanks for applying! We picked an applicant whose availability fitted our timeline better. "
    "Best of luck with your studies.",
]
CANCELLED_PROJECT_NOTE = (
    "We're sorry: this project has been cancelled on our side, so we can't go ahead with any "
    "applications. Thank you for your interest."
)
WITHDRAWAL_NOTES = [
    "My exam timetable changed and I can no longer give this the time it deserves.",
    "I accepted another project that overlaps with this one.",
    "",
    "",
]
ACCEPTANCE_NOTES = ["Welcome aboard! We'll send the kickoff details shortly.", "", ""]

MESSAGES_EMPLOYER = [
    "Welcome! I've shared the folder with everything you need. Shall we do a 20-minute kickoff call?",
    "Thanks for the update, this is going in the right direction.",
    "Could you add a short summary at the top? Our director will only read the first page.",
    "Great work on the first milestone. For the next one, please focus on the two biggest segments.",
    "Just checking in: anything blocking you this week?",
    "Approved. Thank you, this is really useful for the team.",
]
MESSAGES_STUDENT = [
    "Thanks for having me! Tuesday or Wednesday afternoon works for a kickoff call.",
    "Quick question: should I include last year's numbers as well, or only this year?",
    "I've uploaded a first draft of the milestone; happy to adjust anything.",
    "I've made the changes you asked for and resubmitted.",
    "I'll be a bit slower this week because of midterms, but I'm still on track for the due date.",
    "Thanks for the feedback, that makes sense. I'll update it by Friday.",
]
HOURS_NOTES = [
    "Kickoff call and reading the brief",
    "Research and note-taking",
    "First draft",
    "Revisions after feedback",
    "Data cleaning",
    "Analysis",
    "Writing up findings",
    "Preparing the presentation",
    "",
]
SUBMISSION_NOTES = [
    "Here is the milestone; the link opens the shared document.",
    "First version attached as a link. I've noted open questions at the end.",
    "Updated version with your comments addressed.",
]
CHANGE_REQUESTS = [
    "Nice start. Please add sources for the figures in section 2 and shorten the introduction.",
    "Could you break the results down by region? Otherwise this looks good.",
    "The structure works; please tighten the recommendations to three clear points.",
]
STUDENT_REVIEWS = {
    5: [
        "Clear brief, quick answers and generous feedback. I learned a lot and was paid on time.",
        "A great first project: the team treated me like a colleague and explained their decisions.",
    ],
    4: [
        "Good experience overall. Feedback sometimes took a few days, but it was always useful.",
        "Well-scoped project and friendly people. A kickoff call earlier would have helped.",
    ],
    3: ["The work was interesting, but the scope changed halfway through and replies were slow."],
}
EMPLOYER_REVIEWS = {
    5: [
        "Excellent work: well organised, proactive about questions, and the deliverable is already in use.",
        "Delivered ahead of schedule and to a high standard. We would hire again without hesitation.",
    ],
    4: [
        "Solid, reliable work and good communication. The final draft needed one round of edits.",
        "Thoughtful and careful; with a bit more confidence presenting results this would be a 5.",
    ],
    3: ["The result was usable, but we had to chase progress updates a couple of times."],
}
CANCELLATION_REASONS = [
    "Our budget for the quarter was cut, so we have to stop the project early.",
    "The product this research was for has been put on hold.",
]

# Closing paragraph of every project description.
DESCRIPTION_CLOSINGS = [
    "You'll have a named contact at {employer} who answers questions within a working day, and a short "
    "kickoff call in the first week. The work is {location}; you set your own hours around your classes.",
    "We'll share everything we have on day one and check in once a week. The work is {location}, and "
    "we're flexible about when you do it as long as the milestones are met.",
    "Expect a kickoff call, a shared folder and a weekly 15-minute check-in. The work is {location}. "
    "We review each milestone within three working days.",
]


@dataclass(frozen=True)
class ProjectTemplate:
    key: str
    field: str
    titles: tuple[str, ...]
    topics: tuple[str, ...]
    summary: str
    goal: str
    tasks: tuple[str, ...]
    deliverables: tuple[str, ...]
    required: tuple[str, ...]
    nice: tuple[str, ...]
    hours: tuple[int, int]
    questions: tuple[str, ...] = field(default_factory=tuple)


T = ProjectTemplate

PROJECT_TEMPLATES = [
    # --- research
    T(
        "market_research_brief",
        "research",
        ("Market research brief: {topic}", "Size the market for {topic}"),
        (
            "subscription boxes for pet owners",
            "refill stations in grocery stores",
            "e-bike rentals for commuters",
            "plant-based snacks for schools",
            "home energy audits",
            "tutoring for adult learners",
            "co-working spaces in small towns",
            "repair services for outdoor gear",
        ),
        "Size the market for {topic} and tell us where to start.",
        "{employer} is considering a move into {topic}. Before we spend money on it, we want a short, "
        "sourced brief: how big the opportunity is, who the customers are, who already serves them and "
        "what it would take for us to compete.",
        (
            "Find and summarise credible sources on market size and growth",
            "Profile four to six competitors and how they price",
            "Describe two or three customer segments and what they need",
            "Recommend where we should start, with reasons",
        ),
        (
            "A 6 to 8 page brief with sources",
            "A competitor comparison table",
            "A 10-minute presentation of the recommendations",
        ),
        ("Market research", "Competitive analysis"),
        ("Report writing", "Excel", "Presentation design", "Industry analysis"),
        (12, 25),
        ("Which sources would you use to estimate the size of a market?",),
    ),
    T(
        "survey_analysis",
        "research",
        ("Survey design and analysis: {topic}", "Analyse our {topic} survey"),
        (
            "customer satisfaction",
            "member needs",
            "volunteer experience",
            "employee engagement",
            "event feedback",
            "product feedback",
        ),
        "Design (or clean up) our {topic} survey, analyse the answers and tell us what they mean.",
        "Every year {employer} runs a {topic} survey, and every year the results sit in a spreadsheet. "
        "This time we want them analysed properly: clear charts, the open-text answers coded into themes, "
        "and a handful of findings we can act on.",
        (
            "Review the questionnaire and suggest improvements",
            "Clean the responses and code the open-text answers",
            "Analyse the results by segment",
            "Write up the findings with charts",
        ),
        ("A reviewed questionnaire", "A cleaned data set with a codebook", "A findings report with charts"),
        ("Survey design", "Data analysis"),
        ("Qualitative research", "SPSS", "Statistics", "Data visualisation"),
        (10, 30),
        ("Have you analysed survey data before? What did you use?",),
    ),
    T(
        "user_interviews",
        "research",
        ("Customer interviews: {topic}", "Talk to our customers about {topic}"),
        ("onboarding", "pricing", "cancellations", "the mobile app", "delivery", "customer support"),
        "Interview eight customers about {topic} and turn what they say into clear insights.",
        "We have theories about {topic} but little evidence. We'd like you to plan and run eight short "
        "customer interviews, synthesise them and tell us what surprised you.",
        (
            "Write an interview guide with us",
            "Run eight 30-minute video interviews (we recruit the participants)",
            "Synthesise the notes into themes",
            "Present the insights and open questions",
        ),
        (
            "An interview guide",
            "Interview notes for eight interviews",
            "An insights summary and presentation",
        ),
        ("User interviews", "Qualitative research"),
        ("Customer discovery", "UX research", "Report writing"),
        (12, 30),
        ("Tell us about a time you interviewed someone to learn something.",),
    ),
    T(
        "policy_literature_review",
        "research",
        ("Literature review: {topic}", "Evidence review on {topic}"),
        (
            "protected bike lanes",
            "four-day school weeks",
            "community solar programmes",
            "rent assistance",
            "free public transit",
            "school meal programmes",
        ),
        "Summarise what the research says about {topic}, for a non-specialist audience.",
        "{employer} is preparing recommendations on {topic}. We need a careful review of the academic "
        "and grey literature: what works, what doesn't, and how strong the evidence is.",
        (
            "Search academic databases and reports",
            "Summarise 15 to 25 key sources in an annotated bibliography",
            "Assess the strength of the evidence",
            "Write a plain-language summary",
        ),
        ("An annotated bibliography", "A 5-page evidence summary", "A one-page briefing for decision makers"),
        ("Literature review", "Policy research"),
        ("Academic writing", "Report writing", "Quantitative research"),
        (15, 35),
        ("Which databases would you search first, and why?",),
    ),
    # --- data
    T(
        "data_cleaning_dashboard",
        "data",
        ("Data cleaning and dashboard: {topic}", "Build a {topic} dashboard"),
        ("sales", "membership", "donations", "web traffic", "inventory", "support tickets", "bookings"),
        "Clean our {topic} data and build a dashboard the team will actually open every week.",
        "Our {topic} data lives in three spreadsheets and an export from our system. We want it cleaned, "
        "combined and turned into a simple dashboard with the five numbers our managers ask about.",
        (
            "Combine and clean the exports",
            "Agree the five key metrics with us",
            "Build the dashboard",
            "Document how to refresh it",
        ),
        ("A cleaned, combined data set", "An interactive dashboard", "A one-page guide to refreshing it"),
        ("Data cleaning", "Dashboard design"),
        ("Tableau", "Power BI", "Looker Studio", "SQL", "Excel"),
        (10, 30),
        ("Which dashboard tools have you used?",),
    ),
    T(
        "sql_analysis",
        "data",
        ("SQL analysis of {topic}", "What drives {topic}? A data deep dive"),
        ("customer churn", "repeat purchases", "late deliveries", "no-show appointments", "app engagement"),
        "Dig into our database to find out what drives {topic}.",
        "We suspect a few factors drive {topic}, but nobody has had time to check. You'll get read access "
        "to an anonymised copy of our database and a list of questions from the team.",
        (
            "Explore the schema and data quality",
            "Write SQL queries answering our questions",
            "Test the most promising explanations",
            "Summarise what you found and how sure you are",
        ),
        ("A documented set of SQL queries", "An analysis notebook", "A findings memo"),
        ("SQL", "Data analysis"),
        ("Python", "pandas", "Statistics", "Jupyter notebooks"),
        (10, 25),
        ("Describe a query you wrote that you're proud of.",),
    ),
    T(
        "forecasting_model",
        "data",
        ("Forecast {topic} for next year", "Forecasting model: {topic}"),
        ("weekly demand", "seasonal staffing needs", "subscription renewals", "energy use", "call volumes"),
        "Build a simple, explainable forecast of {topic}.",
        "Planning at {employer} is mostly gut feel. We'd like a forecast of {topic} that we can update "
        "every month, with an honest range rather than a single number.",
        (
            "Prepare three years of historical data",
            "Try two or three forecasting approaches",
            "Evaluate them on held-out data",
            "Hand over the model with a short explanation",
        ),
        ("A forecasting notebook", "A chart of the forecast with ranges", "A short method note"),
        ("Forecasting", "Python"),
        ("Statistics", "pandas", "Excel", "R"),
        (15, 35),
    ),
    T(
        "ml_prototype",
        "data",
        ("Machine learning prototype: {topic}", "Can a model help with {topic}?"),
        (
            "routing support tickets",
            "flagging unusual transactions",
            "tagging product photos",
            "predicting equipment failures",
            "sorting customer feedback",
        ),
        "Find out whether a simple model can help with {topic}.",
        "We have a labelled sample and a hunch that machine learning could save our team hours on "
        "{topic}. We want a quick, honest prototype: does it work well enough to be worth building?",
        (
            "Explore and prepare the labelled data",
            "Train a baseline and one stronger model",
            "Measure accuracy and the common mistakes",
            "Recommend whether to go further",
        ),
        ("A reproducible notebook", "An evaluation summary", "A go / no-go recommendation"),
        ("Machine learning", "Python"),
        ("Natural language processing", "Computer vision", "pandas", "Deep learning"),
        (20, 40),
        ("What would you check before trusting a model's accuracy figure?",),
    ),
    T(
        "web_scraping_dataset",
        "data",
        ("Build a dataset of {topic}", "Public data collection: {topic}"),
        ("local grant programmes", "competitor prices", "public transit timetables", "city council votes"),
        "Collect and structure public data on {topic} into a clean, reusable dataset.",
        "The information we need on {topic} is public but scattered across dozens of websites. We'd like "
        "a small, well-documented scraper and the dataset it produces.",
        (
            "List the sources with us",
            "Write a polite scraper that respects robots.txt",
            "Clean and structure the results",
            "Document the fields and how to re-run it",
        ),
        ("A scraper in a Git repository", "A clean CSV dataset", "A data dictionary"),
        ("Web scraping", "Python"),
        ("Data cleaning", "SQL", "Git"),
        (10, 25),
    ),
    # --- marketing
    T(
        "social_media_plan",
        "marketing",
        ("Social media content plan: {topic}", "Plan a month of posts for {topic}"),
        (
            "our spring launch",
            "the holiday season",
            "back to school",
            "our anniversary",
            "a new product line",
        ),
        "Plan a month of social media content for {topic}, ready to schedule.",
        "{employer} posts when someone remembers to. For {topic} we want a proper plan: goals, a content "
        "calendar, captions and simple visuals, written in our voice.",
        (
            "Review our channels and what has worked",
            "Propose content pillars and a posting rhythm",
            "Write captions and brief the visuals",
            "Suggest how to measure success",
        ),
        ("A channel audit", "A four-week content calendar", "20 ready-to-post captions with visual briefs"),
        ("Social media marketing", "Copywriting"),
        ("Canva", "Short-form video", "Content marketing", "Marketing analytics"),
        (8, 20),
        ("Share a social account or post you think is done well, and why.",),
    ),
    T(
        "seo_audit",
        "marketing",
        ("SEO audit of our {topic}", "Help people find our {topic}"),
        ("website", "online shop", "blog", "booking pages", "help centre"),
        "Audit our {topic} for search and give us a prioritised list of fixes.",
        "Organic search sends us less traffic than it should. We'd like a practical audit of our {topic} "
        "with the fixes ranked by effort and impact, plus keyword ideas for new content.",
        (
            "Run a technical crawl and check page speed",
            "Review on-page content for our main keywords",
            "Research keywords our customers use",
            "Prioritise the fixes",
        ),
        ("An SEO audit report", "A keyword research spreadsheet", "A prioritised fix list"),
        ("Search engine optimisation",),
        ("Google Analytics", "SEO writing", "Content marketing", "HTML and CSS"),
        (8, 20),
    ),
    T(
        "email_campaign",
        "marketing",
        ("Email campaign for {topic}", "Win back customers: {topic} email series"),
        ("lapsed customers", "new subscribers", "event attendees", "donors", "trial users"),
        "Write and set up a short email series for {topic}.",
        "We have a list of {topic} and no plan for them. We want a four-email series with subject lines to "
        "test, set up in our email tool, and a way to tell whether it worked.",
        (
            "Segment the list with us",
            "Write four emails and subject line variants",
            "Build them in our email tool",
            "Set up the A/B test and reporting",
        ),
        ("A four-email sequence", "Subject line test plan", "A results dashboard set-up"),
        ("Email marketing", "Copywriting"),
        ("A/B testing", "Marketing automation", "Customer segmentation"),
        (8, 18),
    ),
    T(
        "competitor_campaign_review",
        "marketing",
        ("Campaign analytics review: {topic}", "What worked in our {topic} campaign?"),
        ("summer", "fundraising", "product launch", "recruitment", "paid social"),
        "Analyse our last {topic} campaign and recommend what to do differently.",
        "We spent real money on our {topic} campaign and are not sure what it achieved. Pull the numbers "
        "together across channels and tell us what worked.",
        (
            "Collect results from each channel",
            "Calculate cost per result by channel",
            "Compare with benchmarks",
            "Recommend changes for the next campaign",
        ),
        ("A cross-channel results table", "A campaign review memo", "Recommendations for next time"),
        ("Marketing analytics", "Data analysis"),
        ("Google Analytics", "Paid social advertising", "Excel", "Search engine marketing"),
        (10, 22),
    ),
    # --- design
    T(
        "ux_audit",
        "design",
        ("UX audit of our {topic}", "Usability review: {topic}"),
        ("checkout flow", "sign-up process", "mobile app onboarding", "booking form", "member portal"),
        "Find the biggest usability problems in our {topic} and propose fixes.",
        "Too many people give up in our {topic}. We'd like a heuristic review, five quick usability tests "
        "and redesigned screens for the worst problems.",
        (
            "Do a heuristic review",
            "Run five remote usability tests",
            "Prioritise the problems",
            "Redesign the three worst screens",
        ),
        ("A UX audit report", "Usability test recordings and notes", "Redesigned screens in Figma"),
        ("UX research", "UX design"),
        ("Figma", "Prototyping", "Web accessibility", "Interaction design"),
        (12, 30),
        ("Link to a portfolio piece or case study, if you have one.",),
    ),
    T(
        "brand_refresh",
        "design",
        ("Visual refresh: {topic}", "Design {topic} for us"),
        ("social media templates", "an event identity", "a product one-pager", "our annual report layout"),
        "Design {topic} that fit our brand and that we can reuse.",
        "Our visuals are inconsistent and mostly made in a hurry. We want {topic} designed properly, "
        "with editable templates our team can keep using.",
        (
            "Review our current brand assets",
            "Explore two visual directions",
            "Develop the chosen direction",
            "Deliver editable templates",
        ),
        ("Two design directions", "Final designs", "Editable templates with a short usage guide"),
        ("Graphic design", "Brand identity"),
        ("Adobe Illustrator", "Canva", "Adobe InDesign", "Figma"),
        (10, 25),
        ("Link to your portfolio.",),
    ),
    T(
        "prototype_design",
        "design",
        ("Clickable prototype: {topic}", "Design and test a prototype for {topic}"),
        ("a volunteer sign-up app", "a repair booking tool", "a savings goal feature", "a class scheduler"),
        "Turn our idea for {topic} into a clickable prototype and test it with users.",
        "We have sketches for {topic} and want to know whether people understand it before we build "
        "anything. You'll design wireframes, a clickable prototype and test it.",
        (
            "Map the main user flows",
            "Design wireframes",
            "Build a clickable prototype",
            "Test it with five people and iterate",
        ),
        ("User flows and wireframes", "A clickable Figma prototype", "A short test report"),
        ("Wireframing", "Prototyping"),
        ("Figma", "UI design", "UX research", "Information architecture"),
        (15, 35),
    ),
    T(
        "presentation_design",
        "design",
        ("Design our {topic}", "Presentation design: {topic}"),
        ("investor pitch deck", "conference talk", "impact report", "sales deck", "board presentation"),
        "Turn our draft {topic} into a clear, good-looking deck.",
        "The content of our {topic} is there; the design isn't. We want a consistent, readable deck with "
        "clear charts, and a template we can reuse.",
        (
            "Review the draft and suggest a structure",
            "Design the slides",
            "Redraw charts and diagrams",
            "Build a reusable template",
        ),
        ("A designed deck", "Redrawn charts and diagrams", "A reusable slide template"),
        ("Presentation design",),
        ("Infographics", "Data visualisation", "Graphic design", "Canva"),
        (6, 15),
    ),
    # --- software
    T(
        "code_prototype",
        "software",
        ("Build a prototype: {topic}", "Code prototype for {topic}"),
        (
            "an internal booking tool",
            "a stock-level alert service",
            "a volunteer rota app",
            "a customer feedback widget",
            "a simple API for our product catalogue",
        ),
        "Build a working prototype of {topic} that we can put in front of users.",
        "We want to test {topic} with real users before committing a full team to it. Build a small, "
        "tidy prototype with tests, so a future developer can pick it up.",
        (
            "Agree the scope of the prototype",
            "Build the core features",
            "Write tests and a README",
            "Demo it to the team",
        ),
        ("A working prototype in a Git repository", "Automated tests and a README", "A recorded demo"),
        ("Python", "Git"),
        ("Django", "REST API design", "Automated testing", "Docker", "JavaScript"),
        (20, 40),
        ("Link to code you've written (GitHub or similar).",),
    ),
    T(
        "website_improvements",
        "software",
        ("Website improvements: {topic}", "Front-end work on {topic}"),
        ("our accessibility fixes", "a faster home page", "a new events page", "our donation form"),
        "Implement {topic} on our website.",
        "Our website needs attention and our only developer is busy. We'd like {topic} done cleanly, with "
        "changes reviewed through pull requests.",
        (
            "Set up the site locally",
            "Implement the changes",
            "Test across browsers and screen sizes",
            "Open pull requests with clear descriptions",
        ),
        ("Merged pull requests", "A before/after accessibility and speed report", "Short handover notes"),
        ("HTML and CSS", "JavaScript"),
        ("React", "Web accessibility", "WordPress", "Git"),
        (10, 30),
        ("Link to a website you built or contributed to.",),
    ),
    T(
        "automation_script",
        "software",
        ("Automate {topic}", "Script to automate {topic}"),
        (
            "our weekly sales report",
            "invoice reminders",
            "moving form responses into our CRM",
            "data backups",
            "onboarding emails",
        ),
        "Automate {topic} so nobody has to do it by hand again.",
        "Someone on our team spends hours every week on {topic}. We'd like it automated with a small, "
        "maintainable script or no-code workflow, documented so we can fix it ourselves.",
        (
            "Map the current manual process",
            "Build the automation",
            "Test it on real data",
            "Document how it works and how to fix it",
        ),
        ("A working automation", "Documentation and a short video walkthrough"),
        ("Python",),
        ("No-code tools", "Shell scripting", "REST API design", "Google Sheets"),
        (6, 18),
    ),
    T(
        "mobile_feature",
        "software",
        ("Mobile app feature: {topic}", "Build {topic} for our app"),
        ("push notification settings", "an offline mode", "a dark theme", "an in-app feedback form"),
        "Design-to-code work on {topic} in our mobile app.",
        "Our app's users have asked for {topic} for months. The designs are ready; we need someone to "
        "implement them, with tests, under the guidance of our lead developer.",
        (
            "Set up the project and read the codebase",
            "Implement the feature",
            "Write tests",
            "Open a pull request and address review comments",
        ),
        ("A merged pull request with the feature", "Tests for the new code", "Release notes"),
        ("Mobile app development",),
        ("Flutter", "Swift", "TypeScript", "Git", "Automated testing"),
        (20, 40),
    ),
    # --- finance
    T(
        "financial_model",
        "finance",
        ("Financial model: {topic}", "Build a financial model for {topic}"),
        ("opening a second location", "a new subscription tier", "a solar project", "hiring three people"),
        "Build a clear three-year financial model for {topic}.",
        "{employer} is deciding on {topic}. We need a three-year model with sensible assumptions, "
        "scenarios and a one-page summary our board can read.",
        (
            "Gather the inputs and agree assumptions",
            "Build the model with base, best and worst cases",
            "Run a sensitivity analysis",
            "Summarise the results",
        ),
        ("A three-year financial model", "A sensitivity analysis", "A one-page summary for the board"),
        ("Financial modelling", "Excel"),
        ("Financial analysis", "Budgeting", "Unit economics"),
        (12, 30),
        ("What assumptions would you check first in a model like this?",),
    ),
    T(
        "budget_review",
        "finance",
        ("Budget review: {topic}", "Where does our money go? {topic}"),
        ("operating costs", "event spending", "software subscriptions", "programme costs"),
        "Review our {topic} and find savings without cutting what matters.",
        "Costs have crept up. We'd like a fresh pair of eyes on our {topic}: categorise the last two "
        "years, compare with peers and suggest where we could save.",
        (
            "Categorise two years of spending",
            "Compare with benchmarks",
            "Identify savings opportunities",
            "Present the recommendations",
        ),
        ("A categorised spending analysis", "A savings opportunities memo"),
        ("Budgeting", "Excel"),
        ("Financial analysis", "Financial reporting", "Bookkeeping"),
        (8, 20),
    ),
    T(
        "investment_memo",
        "finance",
        ("Investment research: {topic}", "Sector deep dive: {topic}"),
        ("battery recycling", "telehealth", "vertical farming", "construction software", "pet insurance"),
        "Research the {topic} sector and draft an investment memo.",
        "We are looking at companies in {topic}. We'd like a sector map, a look at recent deals and a "
        "draft memo on what makes a company in this space worth backing.",
        (
            "Map the sector and its main players",
            "Summarise recent funding rounds",
            "Analyse business models and unit economics",
            "Draft the memo",
        ),
        ("A sector map", "A table of recent deals", "A draft investment memo"),
        ("Investment research", "Financial analysis"),
        ("Venture capital", "Valuation", "Industry analysis", "Unit economics"),
        (15, 30),
    ),
    T(
        "pricing_analysis",
        "finance",
        ("Pricing analysis: {topic}", "Should we change the price of {topic}?"),
        ("our subscriptions", "membership fees", "delivery fees", "our workshops"),
        "Analyse the pricing of {topic} and model the effect of changes.",
        "We haven't changed the price of {topic} in three years. Before we do, we want to understand "
        "margins, competitors' prices and what a change might do to revenue.",
        (
            "Calculate current margins",
            "Benchmark competitors' prices",
            "Model three pricing scenarios",
            "Recommend a change",
        ),
        ("A margin analysis", "A pricing scenario model", "A recommendation memo"),
        ("Financial analysis", "Excel"),
        ("Pricing strategy", "Unit economics", "Market research"),
        (10, 22),
    ),
    # --- writing
    T(
        "blog_series",
        "writing",
        ("Blog series: {topic}", "Write a blog series on {topic}"),
        (
            "saving energy at home",
            "getting started with trail running",
            "reading with young children",
            "running a small business",
            "sustainable fashion",
            "learning a language as an adult",
        ),
        "Research and write a series of four blog posts on {topic}.",
        "Our readers keep asking about {topic}. We'd like four well-researched, friendly posts of about "
        "1,000 words each, optimised for search, in our house style.",
        (
            "Agree the four topics and keywords",
            "Research and outline each post",
            "Write and edit the posts",
            "Suggest images and internal links",
        ),
        ("Four outlines", "Four edited 1,000-word posts", "Image and link suggestions"),
        ("Blog writing", "Copywriting"),
        ("SEO writing", "Editing", "Content marketing"),
        (10, 25),
        ("Link to something you've written that you're proud of.",),
    ),
    T(
        "technical_docs",
        "writing",
        ("Documentation: {topic}", "Write the docs for {topic}"),
        ("our public API", "our admin dashboard", "onboarding new customers", "our data export"),
        "Write clear, task-based documentation for {topic}.",
        "Our documentation for {topic} is a mix of old wiki pages and tribal knowledge. We'd like clear, "
        "task-based docs that a new customer can follow without emailing us.",
        (
            "Interview two team members",
            "Outline the docs around user tasks",
            "Write and test the guides",
            "Set up a simple style guide",
        ),
        ("A documentation outline", "Six task-based guides", "A short style guide"),
        ("Technical writing",),
        ("Editing", "REST API design", "Style guides", "UX writing"),
        (10, 25),
    ),
    T(
        "case_studies",
        "writing",
        ("Case studies: {topic}", "Write three customer stories about {topic}"),
        ("our nonprofit partners", "small-business customers", "our volunteers", "clinic teams"),
        "Interview and write three case studies about {topic}.",
        "Our best marketing is what {topic} say about us, but we've never written it down. We'd like three "
        "short case studies based on interviews we set up.",
        (
            "Prepare interview questions",
            "Run three interviews",
            "Write the case studies",
            "Edit them with the interviewees' approval",
        ),
        ("Three interview transcripts", "Three 800-word case studies"),
        ("Case study writing", "Copywriting"),
        ("User interviews", "Editing", "Journalism"),
        (8, 20),
    ),
    T(
        "grant_application",
        "writing",
        ("Grant application: {topic}", "Help us apply for funding for {topic}"),
        (
            "a youth mentoring programme",
            "community bike workshops",
            "a food bank expansion",
            "digital skills",
        ),
        "Research funders and draft a grant application for {topic}.",
        "{employer} wants to fund {topic}. We need a shortlist of suitable funders and a strong draft of "
        "our first application, with a budget narrative.",
        (
            "Research and shortlist funders",
            "Draft the application narrative",
            "Write the budget narrative",
            "Revise with our feedback",
        ),
        ("A shortlist of ten funders", "A complete draft application", "A budget narrative"),
        ("Grant writing",),
        ("Grant prospecting", "Proposal writing", "Budgeting", "Editing"),
        (12, 28),
    ),
    # --- business
    T(
        "process_mapping",
        "business",
        ("Process improvement: {topic}", "Map and improve {topic}"),
        ("our order fulfilment", "new-patient intake", "volunteer onboarding", "supplier invoicing"),
        "Map how {topic} works today and recommend improvements.",
        "{topic} has grown messy as we've grown. We want the current process mapped, the bottlenecks "
        "found and a simpler version proposed.",
        (
            "Interview the people involved",
            "Map the current process",
            "Find bottlenecks and measure them",
            "Propose and document a better process",
        ),
        ("A current-state process map", "A bottleneck analysis", "A proposed future-state process"),
        ("Process improvement", "Business analysis"),
        ("Operations management", "Stakeholder management", "Excel"),
        (10, 25),
    ),
    T(
        "crm_cleanup",
        "business",
        ("CRM clean-up: {topic}", "Organise our {topic} in the CRM"),
        ("customer records", "donor records", "partner contacts", "sales pipeline"),
        "Clean up our {topic} and set up the CRM so it stays clean.",
        "Our {topic} are full of duplicates and half-finished entries. We'd like them cleaned, the fields "
        "simplified and a short guide so the team keeps them tidy.",
        (
            "Audit the data",
            "Merge duplicates and fill gaps",
            "Simplify fields and pipelines",
            "Write a one-page guide",
        ),
        ("A cleaned CRM", "A field and pipeline design", "A one-page team guide"),
        ("CRM management",),
        ("Data cleaning", "Sales", "Excel"),
        (8, 20),
    ),
    T(
        "event_plan",
        "business",
        ("Event plan: {topic}", "Plan and run {topic}"),
        ("our community open day", "a careers evening", "a charity fun run", "a supplier meet-up"),
        "Plan {topic} from budget to run sheet.",
        "We're running {topic} and need someone to own the planning: budget, suppliers, schedule and the "
        "run sheet for the day.",
        (
            "Draft a budget and timeline",
            "Contact and compare suppliers",
            "Write the run sheet",
            "Prepare the post-event survey",
        ),
        ("An event budget and timeline", "A supplier comparison", "A run sheet for the day"),
        ("Event planning", "Project management"),
        ("Budgeting", "Event marketing", "Stakeholder management"),
        (10, 30),
    ),
    T(
        "go_to_market",
        "business",
        ("Go-to-market plan: {topic}", "Launch plan for {topic}"),
        ("a new service line", "our first B2B offer", "expansion to a second city", "a partner programme"),
        "Draft a practical go-to-market plan for {topic}.",
        "We're launching {topic} in the next quarter. We'd like a clear plan: who it's for, how we reach "
        "them, what we measure and what to do in the first 90 days.",
        (
            "Define target customers",
            "Choose channels and messages",
            "Set goals and metrics",
            "Write a 90-day plan",
        ),
        ("A target customer profile", "A channel and messaging plan", "A 90-day launch plan"),
        ("Business strategy", "Product marketing"),
        ("Market research", "Customer segmentation", "Sales"),
        (12, 28),
    ),
    # --- other
    T(
        "translation",
        "other",
        ("Translate {topic} into Spanish", "Spanish localisation of {topic}"),
        ("our help centre", "our course materials", "patient information leaflets", "our booking pages"),
        "Translate and adapt {topic} for Spanish-speaking customers.",
        "A growing share of our customers speak Spanish at home. We want {topic} translated and adapted, "
        "not just run through a machine translator.",
        (
            "Agree a glossary of key terms",
            "Translate the content",
            "Adapt examples and tone",
            "Proofread with a second reader",
        ),
        ("A glossary", "Translated and proofread content", "Notes on cultural adaptations"),
        ("Spanish", "Translation"),
        ("Proofreading", "Cross-cultural communication"),
        (8, 25),
        ("How did you learn Spanish, and how do you use it today?",),
    ),
    T(
        "tutoring_materials",
        "other",
        ("Create study materials: {topic}", "Design practice sets for {topic}"),
        ("algebra", "essay writing", "introductory statistics", "chemistry basics", "conversational French"),
        "Create practice materials and answer guides for {topic}.",
        "Our tutors need more practice material for {topic}. We'd like graded practice sets with worked "
        "answers, aligned to the syllabus we'll share.",
        (
            "Review the syllabus",
            "Write practice sets of increasing difficulty",
            "Write worked answers",
            "Test the material with two tutors",
        ),
        ("Five practice sets", "Worked answer guides", "Tutor notes"),
        ("Teaching", "Instructional design"),
        ("Editing", "French", "Statistics"),
        (10, 25),
    ),
    T(
        "transcription_project",
        "other",
        ("Transcribe and summarise {topic}", "Transcription: {topic}"),
        ("oral history interviews", "community meeting recordings", "focus group recordings"),
        "Transcribe {topic} accurately and summarise the main points.",
        "We recorded {topic} and need accurate transcripts and short summaries so the material can be "
        "searched and quoted.",
        (
            "Transcribe the recordings",
            "Check names and terms with us",
            "Summarise each recording",
            "Tag recurring themes",
        ),
        ("Full transcripts", "One-paragraph summaries", "A theme index"),
        ("Transcription",),
        ("Qualitative research", "Data entry", "Editing"),
        (6, 20),
    ),
    T(
        "outreach_programme",
        "other",
        ("Community outreach: {topic}", "Plan outreach for {topic}"),
        ("free health screenings", "our volunteer programme", "a youth sports league", "a repair café"),
        "Plan and start community outreach for {topic}.",
        "We want more people to know about {topic}, especially those who don't follow us online. Help us "
        "plan outreach through schools, libraries and community groups.",
        (
            "Map community partners",
            "Write outreach messages",
            "Contact the first twenty partners",
            "Track responses",
        ),
        ("A partner map", "Outreach message templates", "A tracking sheet with responses"),
        ("Community outreach",),
        ("Public speaking", "Spanish", "Event planning"),
        (8, 20),
    ),
]
