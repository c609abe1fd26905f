"""`{{ address|email_wrap }}`: an email address that wraps at its "@" in a narrow column.

A browser finds no place to break `firstname.lastname@students.university.edu`, so a long one either
overflows or, with `overflow-wrap: anywhere`, breaks mid-word. A `<wbr>` before the "@" lets it wrap there
first; CSS breaks inside a part only when that part alone is too wide for the line. (A `<wbr>` before each
dot of the domain too made "…@mw" / ".uk" on a wide screen: the browser fills a line greedily.)
"""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def email_wrap(address: object) -> SafeString:
    local, at, domain = str(address).rpartition("@")
    if not at:
        return conditional_escape(address)
    return format_html("{}<wbr>@{}", local, domain)
