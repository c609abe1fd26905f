"""What a public project page tells link previews and search engines: a short description, and the posting as
a schema.org JobPosting (https://schema.org/JobPosting, Google's "Job posting" structured data) for the page's
`<script type="application/ld+json">`.

Only what the page itself shows to a signed-out visitor goes in: nothing about applicants or the
organisation's private details.
"""

import json
from typing import Any

from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from projects.models import LocationType, Project

# Short enough for a search result's snippet and a link preview.
DESCRIPTION_CHARS = 200

# The characters that could end the <script> element or open markup inside it, written as JSON escapes
# (the same ones Django's json_script escapes), plus the line separators some parsers choke on.
_SCRIPT_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    ord("\u2028"): "\\u2028",
    ord("\u2029"): "\\u2029",
}


def project_meta_description(*, project: Project) -> str:
    """One plain sentence or two about the posting: its summary, else the start of its description."""
    text = " ".join(strip_tags(project.summary or project.description).split())
    if not text:
        text = f"A paid project of about {project.estimated_hours} hours from {project.employer.name}."
    return Truncator(text).chars(DESCRIPTION_CHARS)


def _description_html(project: Project) -> str:
    """The posting's text as the HTML Google expects in a JobPosting (json escapes it, not the template)."""
    parts = [project.summary, project.description]
    if project.deliverables:
        parts.append("What you will hand in: " + "; ".join(project.deliverables))
    paragraphs = [" ".join(strip_tags(part).split()) for part in parts if part and part.strip()]
    return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


def project_job_posting(*, project: Project, url: str, logo_url: str = "") -> dict[str, Any]:
    """The schema.org JobPosting of a published `project` whose page is at the absolute `url`."""
    employer = project.employer
    organisation: dict[str, Any] = {"@type": "Organization", "name": employer.name}
    if employer.website:
        organisation["sameAs"] = employer.website
    if logo_url:
        organisation["logo"] = logo_url
    posting: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": project.title,
        "description": _description_html(project) or project_meta_description(project=project),
        "identifier": {"@type": "PropertyValue", "name": employer.name, "value": str(project.public_id)},
        "url": url,
        "datePosted": (project.published_at or project.created_at).isoformat(),
        "hiringOrganization": organisation,
        # A short, paid piece of work for a student: an internship done as a contractor.
        "employmentType": ["INTERN", "CONTRACTOR"],
        "directApply": False,
    }
    if project.application_deadline is not None:
        posting["validThrough"] = project.application_deadline.isoformat()
    if project.fee:
        posting["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": project.currency,
            # A fixed fee for the whole project, not a rate.
            "value": {"@type": "QuantitativeValue", "value": float(project.fee)},
        }
    if project.location_type == LocationType.REMOTE:
        posting["jobLocationType"] = "TELECOMMUTE"
    elif project.location.strip():
        posting["jobLocation"] = {
            "@type": "Place",
            "address": {"@type": "PostalAddress", "addressLocality": project.location.strip()},
        }
    return posting


def json_ld(data: dict[str, Any]) -> SafeString:
    """`data` as JSON safe to place between <script> tags: nothing in it can close the element."""
    return mark_safe(json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_SCRIPT_ESCAPES))
