"""A course's credit records as a printable A4 PDF (reportlab): a page per student for the registrar, with
the course, the work, the ratings with their rubric, the reflection, the decision and a signature line. Text
people typed is escaped before it enters reportlab's paragraph markup, so `<b>` or `&` prints as written."""

import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.html import escape
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from courses.exports.records import (
    day_text,
    evaluation_of,
    level_text,
    name_of,
    ratings_of,
    reflection_of,
    result_text,
    started_at,
)
from courses.models import RUBRIC_DESCRIPTIONS, Course, CreditRequest, CreditStatus, RubricLevel

PDF_TYPE = "application/pdf"


def _markup(value: Any) -> str:
    """`value` as text in reportlab's paragraph markup: escaped, its line breaks kept."""
    return escape(str(value)).replace("\r\n", "\n").replace("\n", "<br/>")


# Bitstream Vera, shipped with reportlab and embedded: it prints the accented Latin names (Łukasz, Ğül) that
# the PDF standard fonts turn into boxes. It has no glyphs for other scripts (Chinese, Arabic...): those print
# blank, as the CSV export carries them whole.
FONT, FONT_BOLD = "CreditVera", "CreditVera-Bold"
_FONT_FILES = {
    FONT: "Vera.ttf",
    FONT_BOLD: "VeraBd.ttf",
    "CreditVera-Italic": "VeraIt.ttf",
    "CreditVera-BoldItalic": "VeraBI.ttf",
}


def _register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = Path(rl_config.__file__).parent / "fonts"
    for name, file_name in _FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file_name)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic="CreditVera-Italic", boldItalic="CreditVera-BoldItalic"
    )


def _styles() -> dict[str, ParagraphStyle]:
    _register_fonts()
    sample = getSampleStyleSheet()
    body = ParagraphStyle(
        "CreditBody",
        parent=sample["BodyText"],
        fontName=FONT,
        fontSize=9,
        leading=11.5,
        spaceBefore=0,
        spaceAfter=2,
    )
    return {
        "title": ParagraphStyle(
            "CreditTitle",
            parent=sample["Heading1"],
            fontName=FONT_BOLD,
            fontSize=15,
            spaceBefore=0,
            spaceAfter=2,
        ),
        "subtitle": ParagraphStyle("CreditSubtitle", parent=body, textColor=colors.HexColor("#444444")),
        "heading": ParagraphStyle(
            "CreditHeading",
            parent=sample["Heading3"],
            fontName=FONT_BOLD,
            fontSize=11,
            leading=13,
            spaceBefore=6,
            spaceAfter=2,
        ),
        "body": body,
        "cell": ParagraphStyle("CreditCell", parent=body, fontSize=8, leading=10, spaceAfter=0),
        "small": ParagraphStyle("CreditSmall", parent=body, fontSize=8, textColor=colors.HexColor("#555555")),
    }


TABLE_STYLE = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
)
FACTS_STYLE = TableStyle(
    [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
)


def _facts(rows: Iterable[tuple[str, Any]], styles: dict[str, ParagraphStyle], width: float) -> Table:
    data = [
        [Paragraph(f"<b>{_markup(label)}</b>", styles["body"]), Paragraph(_markup(value), styles["body"])]
        for label, value in rows
    ]
    table = Table(data, colWidths=[40 * mm, width - 40 * mm])
    table.setStyle(FACTS_STYLE)
    return table


def _course_line(course: Course) -> str:
    return (
        f"{course.code} {course.title} · {course.university.name} · term {day_text(course.term_start)} to "
        f"{day_text(course.term_end)} · {course.credits} credits"
    )


def _record_story(
    course: Course, record: CreditRequest, styles: dict[str, ParagraphStyle], width: float
) -> list:
    engagement = record.engagement
    student = record.student.user
    story: list = [
        Paragraph("Academic credit record", styles["title"]),
        Paragraph(_markup(_course_line(course)), styles["subtitle"]),
        Spacer(1, 3 * mm),
        _facts(
            [
                ("Student", f"{name_of(student)} <{student.email}>"),
                ("Project", engagement.project.title),
                ("Employer", engagement.employer.name),
                (
                    "Engagement",
                    f"{engagement.get_status_display()}, started {day_text(started_at(record))}"
                    + (f", completed {day_text(engagement.completed_at)}" if engagement.completed_at else ""),
                ),
                ("Hours logged", f"{record.hours_logged.normalize():f} of {course.expected_hours} expected"),
                ("Credit status", record.get_status_display()),
            ],
            styles,
            width,
        ),
        Paragraph("Outcomes the work must show", styles["heading"]),
    ]
    if record.required_outcomes:
        story += [Paragraph(f"• {_markup(outcome)}", styles["body"]) for outcome in record.required_outcomes]
    else:
        story.append(Paragraph("None named.", styles["body"]))

    story.append(Paragraph("Competency evaluation by the employer", styles["heading"]))
    evaluation = evaluation_of(record)
    if evaluation is None:
        story.append(Paragraph("Not submitted yet.", styles["body"]))
    else:
        rows = [
            [Paragraph(f"<b>{label}</b>", styles["cell"]) for label in ("Competency", "Level", "Comment")]
        ]
        for rating in ratings_of(record):
            level = RubricLevel(rating.level)
            rows.append(
                [
                    Paragraph(_markup(rating.label), styles["cell"]),
                    Paragraph(
                        f"<b>{_markup(level_text(rating.level))}</b><br/>{_markup(RUBRIC_DESCRIPTIONS[level])}",
                        styles["cell"],
                    ),
                    Paragraph(_markup(rating.comment), styles["cell"]),
                ]
            )
        table = Table(rows, colWidths=[0.25 * width, 0.35 * width, 0.40 * width], repeatRows=1)
        table.setStyle(TABLE_STYLE)
        story.append(table)
        if evaluation.overall_comment:
            story.append(Spacer(1, 2 * mm))
            story.append(Paragraph(f"<b>Overall:</b> {_markup(evaluation.overall_comment)}", styles["body"]))
        evaluated_on = day_text(evaluation.created_at)
        story.append(
            Paragraph(
                _markup(f"By {name_of(evaluation.evaluator) or 'the employer'} on {evaluated_on}"),
                styles["small"],
            )
        )

    story.append(Paragraph("Reflection by the student", styles["heading"]))
    reflection = reflection_of(record)
    if reflection is None:
        story.append(Paragraph("Not submitted yet.", styles["body"]))
    else:
        story.append(Paragraph(_markup(reflection.summary), styles["body"]))
        for index, outcome in enumerate(record.required_outcomes):
            answer = reflection.outcome_answers[index] if index < len(reflection.outcome_answers) else ""
            story.append(Spacer(1, 1.5 * mm))
            story.append(Paragraph(f"<b>{_markup(outcome)}</b>", styles["body"]))
            story.append(Paragraph(_markup(answer) or "No answer.", styles["body"]))
        story.append(Paragraph(_markup(f"Submitted on {day_text(reflection.created_at)}"), styles["small"]))

    decision_heading = Paragraph("Decision", styles["heading"])
    if record.status == CreditStatus.SIGNED_OFF:
        decision = [("Result", result_text(record))]
        if record.grade:
            decision.append(("Grade", record.grade))
        decision += [
            ("Note", record.sign_off_note or "None."),
            ("Signed off by", f"{name_of(record.signed_off_by)} on {day_text(record.signed_off_at)}"),
        ]
    elif record.status == CreditStatus.DECLINED:
        decision = [
            ("Declined", f"by {name_of(record.decided_by)} on {day_text(record.decided_at)}"),
            ("Reason", record.decline_reason or "None given."),
        ]
    else:
        decision = [("Result", f"Not signed off yet ({record.get_status_display().lower()}).")]
    decision_facts = _facts(decision, styles, width)
    signature = Table(
        [
            ["", "", ""],
            [
                Paragraph("Instructor's signature", styles["small"]),
                "",
                Paragraph("Date", styles["small"]),
            ],
        ],
        colWidths=[0.55 * width, 0.1 * width, 0.35 * width],
        rowHeights=[12 * mm, None],
    )
    signature.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (0, 0), 0.6, colors.black),
                ("LINEBELOW", (2, 0), (2, 0), 0.6, colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    # The decision and the signature line under it print on one page.
    story.append(KeepTogether([decision_heading, decision_facts, Spacer(1, 2 * mm), signature]))
    return story


def credit_pdf(*, course: Course, records: Sequence[CreditRequest]) -> bytes:
    """The records as an A4 PDF, each starting on a new page, with the course on every page's footer."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=14 * mm,
        bottomMargin=16 * mm,
        title=f"Credit records: {course.code} {course.title}",
        author=course.university.name,
        subject="Academic credit records",
    )
    styles = _styles()
    width = document.width - 12  # the frame's padding, 6 points each side
    story: list = []
    for index, record in enumerate(records):
        if index:
            story.append(PageBreak())
        story += _record_story(course, record, styles, width)
    if not records:
        story = [
            Paragraph("Academic credit records", styles["title"]),
            Paragraph(_markup(_course_line(course)), styles["subtitle"]),
            Spacer(1, 6 * mm),
            Paragraph("No credit record matches.", styles["body"]),
        ]
    printed = day_text(timezone.now())
    footer = f"{course.code} {course.title}: credit records printed {printed}"

    def on_page(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(doc.leftMargin, 10 * mm, footer)
        canvas.drawRightString(doc.leftMargin + doc.width, 10 * mm, f"Page {doc.page}")
        canvas.restoreState()

    document.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()
