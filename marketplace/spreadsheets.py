"""Cells for files people open in a spreadsheet (CSV and Excel exports)."""

# Spreadsheet programs run cells that start with these as formulas; text people wrote must stay text.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(text: str) -> str:
    """`text` as a spreadsheet shows it, never run: a leading quote keeps `=HYPERLINK(...)` from running."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text
