"""`{{ figure|headline_text:"value" }}`: a headline figure (or its `previous`) written as the reports write
numbers (`reports.formatting`): hours with at most one decimal, earnings with their currency."""

from django import template

from reports.formatting import hours_text, money_text, number_text
from reports.selectors import Headline
from reports.selectors.trends import FIGURES

register = template.Library()
COUNTS = {key for key, _ in FIGURES}


@register.filter
def headline_text(figure: Headline, which: str = "value") -> str:
    value = figure.previous if which == "previous" else figure.value
    if figure.key == "hours":
        return hours_text(value)
    if figure.key in COUNTS:
        return number_text(value)
    return money_text(value, figure.key)
