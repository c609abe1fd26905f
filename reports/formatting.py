"""How the reports write numbers on the page: one rule for the tables, the charts and the headline figures.

Thousands separators everywhere; money with two decimals and its currency ("2,500.00 USD"); hours with at
most one decimal ("12.5"); other numbers with at most two. Percentages are already text (`percent`). The
exports never use these: a table's cells keep their raw numbers (`raw`), so a spreadsheet can add them up.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

Number = int | float | Decimal


@dataclass(frozen=True)
class Money:
    """An amount in a currency, in a table cell: shown with its currency, exported as the bare amount."""

    amount: Decimal
    currency: str

    def __str__(self) -> str:
        return money_text(self.amount, self.currency)


@dataclass(frozen=True)
class Hours:
    """A number of hours, in a table cell: shown with at most one decimal, exported as logged."""

    value: Decimal

    def __str__(self) -> str:
        return hours_text(self.value)


def number_text(value: Number) -> str:
    """12 → "12", 1234 → "1,234", 12.50 → "12.5", 0.333 → "0.33"."""
    if isinstance(value, int):
        return f"{value:,}"
    text = f"{Decimal(str(value)).quantize(Decimal('0.01'), ROUND_HALF_UP):,.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def hours_text(value: Number) -> str:
    """12 → "12", 1234.5 → "1,234.5", 12.25 → "12.3"."""
    rounded = Decimal(str(value)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    text = f"{rounded:,.1f}"
    return text[:-2] if text.endswith(".0") else text


def money_text(amount: Number, currency: str = "") -> str:
    """2500 → "2,500.00 USD"."""
    text = f"{Decimal(str(amount)).quantize(Decimal('0.01'), ROUND_HALF_UP):,.2f}"
    return f"{text} {currency}" if currency else text


def display(value: Any) -> str:
    """A table cell as the page shows it."""
    if value is None:
        return "n/a"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float | Decimal):
        return number_text(value)
    return str(value)


def raw(value: Any) -> Any:
    """A table cell as the exports write it: money and hours as their bare numbers."""
    if isinstance(value, Money):
        return value.amount
    if isinstance(value, Hours):
        return value.value
    return value
