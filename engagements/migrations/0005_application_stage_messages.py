import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0006_engagements_move_out"),
        ("engagements", "0004_deliverable_original_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="message",
            name="application",
            field=models.ForeignKey(
                blank=True,
                help_text="Set on messages written before the decision, in the application's thread.",
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="messages",
                to="applications.application",
            ),
        ),
        migrations.AlterField(
            model_name="message",
            name="engagement",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="messages",
                to="engagements.engagement",
            ),
        ),
        migrations.AddIndex(
            model_name="message",
            index=models.Index(fields=["application", "created_at"], name="engagements_applica_msg_idx"),
        ),
        migrations.AddIndex(
            model_name="message",
            index=models.Index(fields=["sender", "created_at"], name="engagements_sender_msg_idx"),
        ),
        migrations.AddConstraint(
            model_name="message",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("engagement__isnull", False), ("application__isnull", False), _connector="OR"
                ),
                name="message_in_a_thread",
            ),
        ),
        migrations.CreateModel(
            name="MessageReport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "reason",
                    models.CharField(
                        choices=[
                            ("spam", "Spam or advertising"),
                            ("scam", "Looks like a scam or asks for money or personal data"),
                            ("inappropriate", "Inappropriate, offensive or harassing"),
                            ("other", "Something else"),
                        ],
                        max_length=20,
                    ),
                ),
                ("details", models.TextField(blank=True)),
                (
                    "status",
                    models.CharField(
                        choices=[("open", "Open"), ("dismissed", "Dismissed"), ("actioned", "Action taken")],
                        default="open",
                        max_length=20,
                    ),
                ),
                ("resolved_at", models.DateTimeField(blank=True, null=True)),
                (
                    "message",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reports",
                        to="engagements.message",
                    ),
                ),
                (
                    "reporter",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "resolved_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at"],
                "indexes": [
                    models.Index(fields=["status", "created_at"], name="engagements_report_status_idx")
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("message", "reporter"), name="report_message_once")
                ],
            },
        ),
    ]
