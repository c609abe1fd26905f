"""How an organisation's figures are worded for people, the same on its public page and in the API."""

import datetime as dt


def duration_words(value: dt.timedelta) -> str:
    """A waiting time as people say it: "under an hour", "5 hours", "3 days"."""
    hours = value.total_seconds() / 3600
    if hours < 1:
        return "under an hour"
    if hours < 48:
        whole = round(hours)
        return f"{whole} hour{'s' if whole != 1 else ''}"
    days = round(hours / 24)
    return f"{days} days"
