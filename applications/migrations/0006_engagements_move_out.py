"""The engagement models now belong to the `engagements` app (its 0001 takes them over): state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0005_application_status_closed"),
        ("engagements", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="Review"),
                migrations.DeleteModel(name="Payment"),
                migrations.DeleteModel(name="HoursLog"),
                migrations.DeleteModel(name="EngagementReadMark"),
                migrations.DeleteModel(name="Message"),
                migrations.DeleteModel(name="DeliverableSubmission"),
                migrations.DeleteModel(name="Milestone"),
                migrations.DeleteModel(name="Engagement"),
            ],
        ),
    ]
