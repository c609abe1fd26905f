"""The daily sums of the per-application rollup (reports.models.ApplicantDay, EmployerDay) and two partial
indexes of it, the sums filled from the rollup rows already built so that the next refresh (which adds and
subtracts) starts from the right sums."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

FILL = [
    """
    INSERT INTO reports_applicantday (university_id, day, previous_day, applications)
    SELECT university_id, (created_at AT TIME ZONE %(tz)s)::date, (previous_at AT TIME ZONE %(tz)s)::date,
           COUNT(*)
    FROM reports_applicationrollup
    GROUP BY 1, 2, 3
    """,
    """
    INSERT INTO reports_employerday (university_id, day, employer_id, applications, hires, closed, answered)
    SELECT university_id, (created_at AT TIME ZONE %(tz)s)::date, employer_id, COUNT(*),
           COUNT(*) FILTER (WHERE status = 'accepted'), COUNT(*) FILTER (WHERE status = 'closed'),
           COUNT(answer_seconds)
    FROM reports_applicationrollup
    GROUP BY 1, 2, 3
    """,
]


def fill(apps, schema_editor) -> None:
    with schema_editor.connection.cursor() as cursor:
        for sql in FILL:
            cursor.execute(sql, {"tz": settings.TIME_ZONE})


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0006_engagements_move_out"),
        ("reports", "0003_rollup_schedule"),
        ("universities", "0003_university_request"),
    ]

    operations = [
        migrations.CreateModel(
            name="ApplicantDay",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField()),
                ("previous_day", models.DateField(null=True)),
                ("applications", models.IntegerField()),
            ],
        ),
        migrations.CreateModel(
            name="EmployerDay",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField()),
                ("employer_id", models.BigIntegerField()),
                ("applications", models.IntegerField()),
                ("hires", models.IntegerField()),
                ("closed", models.IntegerField()),
                ("answered", models.IntegerField()),
            ],
        ),
        migrations.AddIndex(
            model_name="applicationrollup",
            index=models.Index(
                condition=models.Q(("answer_seconds__isnull", False)),
                fields=["university", "employer_id", "created_at"],
                include=("answer_seconds",),
                name="reports_application_answered",
            ),
        ),
        migrations.AddIndex(
            model_name="applicationrollup",
            index=models.Index(
                condition=models.Q(("previous_to_employer_at__isnull", False)),
                fields=["university", "previous_to_employer_at"],
                include=("employer_id", "created_at"),
                name="reports_application_again",
            ),
        ),
        migrations.AddField(
            model_name="applicantday",
            name="university",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="universities.university"
            ),
        ),
        migrations.AddField(
            model_name="employerday",
            name="university",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="universities.university"
            ),
        ),
        migrations.AddConstraint(
            model_name="applicantday",
            constraint=models.UniqueConstraint(
                fields=("university", "day", "previous_day"),
                name="reports_applicant_day",
                nulls_distinct=False,
            ),
        ),
        migrations.AddConstraint(
            model_name="employerday",
            constraint=models.UniqueConstraint(
                fields=("university", "day", "employer_id"), name="reports_employer_day"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
