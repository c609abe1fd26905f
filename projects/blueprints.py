"""Project templates ("blueprints") that teach good scoping: a clear goal, concrete deliverables, a size a
student can fit alongside coursework and a fair fee.

An employer starts a new project from one of them (or from scratch); the editor form is filled in with the
blueprint's text and the tips are shown beside it. Every blueprint passes the publishing checks once the
employer sets the dates (and keeps a fee of at least the suggested one); a test holds them to it, and to
skill slugs that exist in the shipped taxonomy.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from projects.models import Skill, SkillCategory

BLANK = "blank"


@dataclass(frozen=True)
class Blueprint:
    slug: str
    name: str
    good_for: str
    title: str
    summary: str
    description: str
    deliverables: tuple[str, ...]
    field: str
    estimated_hours: int
    fee_per_hour_hint: Decimal
    required_skills: tuple[str, ...]
    nice_to_have_skills: tuple[str, ...]
    screening_questions: tuple[str, ...]
    tips: tuple[str, ...]

    @property
    def suggested_fee(self) -> Decimal:
        return (self.fee_per_hour_hint * self.estimated_hours).quantize(Decimal("0.01"))

    def initial(self) -> dict[str, Any]:
        """The editor form's initial values (skills resolved to Skill rows in one query)."""
        skills = {
            skill.slug: skill
            for skill in Skill.objects.filter(slug__in=self.required_skills + self.nice_to_have_skills)
        }
        return {
            "title": self.title,
            "summary": self.summary,
            "description": self.description,
            "deliverables": "\n".join(self.deliverables),
            "field": self.field,
            "estimated_hours": self.estimated_hours,
            "fee": self.suggested_fee,
            "screening_questions": "\n".join(self.screening_questions),
            "required_skills": [skills[slug] for slug in self.required_skills if slug in skills],
            "nice_to_have_skills": [skills[slug] for slug in self.nice_to_have_skills if slug in skills],
        }


BLUEPRINTS: tuple[Blueprint, ...] = (
    Blueprint(
        slug="market-research-brief",
        name="Market research brief",
        good_for="Deciding whether and where to launch a product or service.",
        title="Market research brief for a new product",
        summary="Size the market for our new product, profile the main competitors and recommend where to "
        "start.",
        description=(
            "Goal\n"
            "Decide which customer segment to approach first with our new product.\n\n"
            "Context\n"
            "We are a small team with a working product and a handful of early users. We have not yet "
            "studied the wider market and need an outside view before we spend on marketing.\n\n"
            "What good looks like\n"
            "A short brief we can act on: an estimate of the market's size with its sources and "
            "assumptions, five competitors compared on price and positioning, and one clear recommendation "
            "with the reasons for it."
        ),
        deliverables=(
            "A 5-page brief with market size, sources and assumptions",
            "A comparison table of five competitors (price, positioning, strengths, weaknesses)",
            "A one-page recommendation of the first segment to target",
            "A 20-minute call presenting the findings",
        ),
        field=SkillCategory.RESEARCH,
        estimated_hours=20,
        fee_per_hour_hint=Decimal("22"),
        required_skills=("market-research", "report-writing"),
        nice_to_have_skills=("competitive-analysis", "excel", "survey-design"),
        screening_questions=(
            "Tell us about a piece of research you are proud of: what question did it answer?",
        ),
        tips=(
            "Name the decision the research will inform; it keeps the brief short.",
            "Say which sources the student may use (paid databases, your sales data, interviews).",
            "A page count and a comparison table make the size of the work clear.",
        ),
    ),
    Blueprint(
        slug="data-cleaning-dashboard",
        name="Data cleaning and dashboard",
        good_for="Turning a messy spreadsheet or export into a dashboard the team checks every week.",
        title="Clean our sales data and build a weekly dashboard",
        summary="Clean two years of sales exports and build a dashboard that answers our three weekly "
        "questions.",
        description=(
            "Goal\n"
            "See at a glance, every Monday, how sales are going and where they come from.\n\n"
            "Context\n"
            "Our sales data lives in monthly CSV exports with inconsistent product names and missing "
            "regions. Nobody has had time to tidy it.\n\n"
            "What good looks like\n"
            "One clean table with documented cleaning steps that can be repeated on next month's export, "
            "and a dashboard that answers: revenue by week, by product and by region."
        ),
        deliverables=(
            "A cleaned dataset with a data dictionary",
            "A written, repeatable list of cleaning steps (or a script)",
            "A dashboard answering the three weekly questions",
            "A 30-minute handover session with the team",
        ),
        field=SkillCategory.DATA,
        estimated_hours=25,
        fee_per_hour_hint=Decimal("25"),
        required_skills=("data-cleaning", "dashboard-design"),
        nice_to_have_skills=("excel", "sql", "power-bi", "looker-studio"),
        screening_questions=("Which tools would you use to clean and chart this data, and why?",),
        tips=(
            "List the questions the dashboard must answer; three is plenty.",
            "Share a sample of the data (anonymised) so applicants can judge the work.",
            "Ask for repeatable cleaning steps, not just a cleaned file.",
        ),
    ),
    Blueprint(
        slug="social-media-content-plan",
        name="Social media content plan",
        good_for="A month of posts that sound like you, planned in advance.",
        title="A one-month social media content plan",
        summary="Plan a month of posts for two channels, with drafted captions and visuals for the first "
        "week.",
        description=(
            "Goal\n"
            "Post regularly for a month without scrambling for ideas, and learn which posts work.\n\n"
            "Context\n"
            "We post on two channels when we find time. Our audience is small but engaged, and we want to "
            "grow it steadily.\n\n"
            "What good looks like\n"
            "A calendar of posts built around three themes, captions in our tone of voice, ready-made "
            "visuals for the first week, and two or three numbers to watch each week."
        ),
        deliverables=(
            "A content calendar for four weeks on two channels",
            "Drafted captions for every post",
            "Visuals for the first week's posts",
            "A one-page note on what to measure and when",
        ),
        field=SkillCategory.MARKETING,
        estimated_hours=15,
        fee_per_hour_hint=Decimal("20"),
        required_skills=("social-media-marketing", "content-marketing"),
        nice_to_have_skills=("copywriting", "canva", "short-form-video"),
        screening_questions=("Share a link to a social media account or post you have created or run.",),
        tips=(
            "Name the channels and how often you want to post.",
            "Link to your brand guidelines, or describe your tone of voice in two sentences.",
            "Decide who approves posts and how quickly, so the student is not left waiting.",
        ),
    ),
    Blueprint(
        slug="ux-audit",
        name="UX audit",
        good_for="Finding out where people get stuck on your website or app.",
        title="UX audit of our sign-up and checkout",
        summary="Review our sign-up and checkout flows, test them with five people and list the fixes that "
        "matter most.",
        description=(
            "Goal\n"
            "Find and rank the problems that stop visitors from signing up and buying.\n\n"
            "Context\n"
            "Many visitors start signing up but few finish. We have analytics but have never watched "
            "real people use the site.\n\n"
            "What good looks like\n"
            "A list of problems, each with a screenshot, its severity and a suggested fix, based on a "
            "review against usability heuristics and five short usability tests."
        ),
        deliverables=(
            "A heuristic review of the sign-up and checkout flows",
            "Notes and clips from five short usability tests",
            "A ranked list of problems with screenshots and suggested fixes",
            "A 30-minute walkthrough with the team",
        ),
        field=SkillCategory.DESIGN,
        estimated_hours=20,
        fee_per_hour_hint=Decimal("25"),
        required_skills=("ux-research", "ux-design"),
        nice_to_have_skills=("web-accessibility", "figma", "user-interviews"),
        screening_questions=("How would you recruit five testers for a site like ours in a week?",),
        tips=(
            "Name the pages or flows in scope; an audit of everything is never finished.",
            "Say whether you can help recruit testers (customers, newsletter, staff).",
            "Ask for a ranked list: you will not fix everything at once.",
        ),
    ),
    Blueprint(
        slug="code-prototype",
        name="Code prototype",
        good_for="Testing an idea with working software before committing a team to it.",
        title="A working prototype of a small internal tool",
        summary="Build a small working prototype that proves the idea, with a short demo and notes on what "
        "a full version would need.",
        description=(
            "Goal\n"
            "Find out whether the idea works in practice before we invest in building it properly.\n\n"
            "Context\n"
            "We have an idea for a small tool to save our team time. We can describe what it should do "
            "and give access to sample data, but have no developer free to try it.\n\n"
            "What good looks like\n"
            "A prototype that runs on a laptop with one command, covers the main path of the idea, comes "
            "with a short README, and notes on what a production version would need."
        ),
        deliverables=(
            "Source code in a repository we own, with a README",
            "A prototype covering the main path of the idea",
            "A 10-minute recorded or live demo",
            "A one-page note on limitations and next steps",
        ),
        field=SkillCategory.SOFTWARE,
        estimated_hours=30,
        fee_per_hour_hint=Decimal("30"),
        required_skills=("git",),
        nice_to_have_skills=("python", "javascript", "rest-api-design", "automated-testing"),
        screening_questions=(
            "Link to some code you have written (a repository or a project) and tell us what you built.",
            "Which language or framework would you choose for this, and why?",
        ),
        tips=(
            "Describe the one path the prototype must cover; leave the rest out.",
            "Say who owns the code and where it will live.",
            "A prototype is not production software: ask for notes on what is missing.",
        ),
    ),
    Blueprint(
        slug="competitor-analysis",
        name="Competitor analysis",
        good_for="A clear picture of who else serves your customers, and how you compare.",
        title="Competitor analysis for our service",
        summary="Compare us with six competitors on offer, price and positioning, and point out the gaps we "
        "could fill.",
        description=(
            "Goal\n"
            "Understand how we compare with the alternatives our customers consider.\n\n"
            "Context\n"
            "We know our two biggest competitors well but not the newer, smaller ones. We are reviewing "
            "our pricing and messaging next quarter.\n\n"
            "What good looks like\n"
            "A comparison of six competitors on the same criteria, with sources, a positioning map, and "
            "three gaps in the market we could fill."
        ),
        deliverables=(
            "A comparison table of six competitors with sources",
            "A positioning map",
            "A 3-page summary with three opportunities",
        ),
        field=SkillCategory.RESEARCH,
        estimated_hours=12,
        fee_per_hour_hint=Decimal("20"),
        required_skills=("competitive-analysis",),
        nice_to_have_skills=("market-research", "presentation-design", "excel"),
        screening_questions=("Which criteria would you compare competitors on, and why?",),
        tips=(
            "Name the competitors you know about; the student will find the others.",
            "Agree on the criteria up front so the table stays comparable.",
        ),
    ),
    Blueprint(
        slug="literature-review",
        name="Literature review",
        good_for="Knowing what research already says before you design a programme or a product.",
        title="Literature review: what the research says",
        summary="Find, read and summarise the recent research on one question, with a reading list and "
        "plain-language takeaways.",
        description=(
            "Goal\n"
            "Ground our next programme in what is already known, not in guesses.\n\n"
            "Context\n"
            "We are designing a new programme and want to know what the research says about what works. "
            "Nobody on the team has the time to read it.\n\n"
            "What good looks like\n"
            "An annotated reading list of 15 to 20 recent sources, a summary of what they agree and "
            "disagree on, and takeaways written for people who will not read the papers."
        ),
        deliverables=(
            "An annotated reading list of 15 to 20 sources",
            "A 4-page summary of the findings",
            "A one-page list of plain-language takeaways",
        ),
        field=SkillCategory.RESEARCH,
        estimated_hours=18,
        fee_per_hour_hint=Decimal("20"),
        required_skills=("literature-review", "academic-writing"),
        nice_to_have_skills=("report-writing", "fact-checking"),
        screening_questions=("Which databases or sources would you search first for this question?",),
        tips=(
            "Write the one question the review must answer.",
            "Say how recent the sources should be and in which languages.",
            "Ask for takeaways in plain language: that is what your team will read.",
        ),
    ),
)

_BY_SLUG = {blueprint.slug: blueprint for blueprint in BLUEPRINTS}


def blueprint_get(slug: str) -> Blueprint | None:
    return _BY_SLUG.get(slug)
