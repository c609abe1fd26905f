"""No ghosting: an application left unanswered too long is closed with a kind note (status "closed").

Only the choices change; the column is the same.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0004_deliverable_private_files"),
    ]

    operations = [
        migrations.AlterField(
            model_name="application",
            name="status",
            field=models.CharField(
                choices=[
                    ("submitted", "Submitted"),
                    ("shortlisted", "Shortlisted"),
                    ("accepted", "Accepted"),
                    ("rejected", "Not selected"),
                    ("withdrawn", "Withdrawn"),
                    ("closed", "Closed without an answer"),
                ],
                default="submitted",
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="applicationevent",
            name="status",
            field=models.CharField(
                choices=[
                    ("submitted", "Submitted"),
                    ("shortlisted", "Shortlisted"),
                    ("accepted", "Accepted"),
                    ("rejected", "Not selected"),
                    ("withdrawn", "Withdrawn"),
                    ("closed", "Closed without an answer"),
                ],
                max_length=20,
            ),
        ),
    ]
