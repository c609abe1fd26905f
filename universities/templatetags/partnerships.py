"""The organisation page's partnerships card. The page is the employers app's, which sits below this one, so
the card comes from here: `{% load partnerships %}{% employer_partnerships employer %}`."""

from django import template

from employers.models import Employer, MemberRole
from universities.models import PartnershipSide, PartnershipStatus
from universities.selectors import partnership_list_for_employer

register = template.Library()


@register.inclusion_tag("universities/_employer_partnerships.html")
def employer_partnerships(employer: Employer) -> dict:
    """Each university's current partnership with `employer` (one query), and what an owner may do: answer
    a university's invitation, or ask a university."""
    return {
        "employer": employer,
        "partnerships": list(partnership_list_for_employer(employer=employer)),
        "requested": PartnershipStatus.REQUESTED,
        "asked_by_university": PartnershipSide.UNIVERSITY,
        "is_owner": getattr(employer, "member_role", None) == MemberRole.OWNER,
    }
