"""Project templates per field, part one (research, data, marketing, design); the rest are in
`projects_more`. `PROJECT_TEMPLATES` in the package joins them in this order.
"""

from dataclasses import dataclass, field


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

ANALYSIS_TEMPLATES = [
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
        ("Data cleaning and dashboard: {topic}", "Build a dashboard of our {topic}"),
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
]
