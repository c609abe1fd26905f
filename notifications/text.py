"""The wording every app's notices share, so a title or a message reads the same whoever sends it."""

EXCERPT_LENGTH = 300


def quoted(title: str) -> str:
    """A title in curly double quotes, as notices name a project, a milestone or an engagement."""
    return f"\N{LEFT DOUBLE QUOTATION MARK}{title}\N{RIGHT DOUBLE QUOTATION MARK}"


def excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    """`text` on one line, cut at `length` characters with an ellipsis: enough of a message to tell what it
    says without carrying all of it into an inbox."""
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "\N{HORIZONTAL ELLIPSIS}"
