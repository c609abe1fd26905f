"""The engagement models move here from `applications` without touching a table.

The state takes the models over as they are (the tables keep their `applications_` names and indexes here;
0002 renames them), and the content types move with them so permissions and admin history follow.
"""

import django.core.validators
import django.db.models.deletion
import marketplace.uploads
import uuid
from django.conf import settings
from django.db import migrations, models


MOVED_MODELS = [
    "engagement",
    "engagementreadmark",
    "hourslog",
    "message",
    "milestone",
    "deliverablesubmission",
    "payment",
    "review",
]


def move_content_types(apps, schema_editor, source="applications", target="engagements") -> None:
    """Relabel the moved models' content types, so their permissions (and the groups holding them) follow."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED_MODELS:
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def move_content_types_back(apps, schema_editor) -> None:
    move_content_types(apps, schema_editor, source="engagements", target="applications")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("applications", "0005_application_status_closed"),
        ("employers", "0002_logo_private_storage"),
        ("projects", "0005_search_trigram"),
        ("students", "0002_resume_private_storage"),
        ("contenttypes", "0002_remove_content_type_name"),
        # The career-office group gets the engagement permissions under their old label first.
        ("universities", "0002_career_office_group"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Engagement",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("kickoff", "Kickoff"),
                                    ("active", "In progress"),
                                    ("completed", "Completed"),
                                    ("cancelled", "Cancelled"),
                                ],
                                default="kickoff",
                                max_length=20,
                            ),
                        ),
                        ("fee", models.DecimalField(decimal_places=2, max_digits=10)),
                        ("currency", models.CharField(max_length=3)),
                        ("estimated_hours", models.PositiveSmallIntegerField()),
                        ("due_date", models.DateField(blank=True, null=True)),
                        ("student_confirmed_at", models.DateTimeField(blank=True, null=True)),
                        ("employer_confirmed_at", models.DateTimeField(blank=True, null=True)),
                        ("started_at", models.DateTimeField(blank=True, null=True)),
                        ("completed_at", models.DateTimeField(blank=True, null=True)),
                        ("cancelled_at", models.DateTimeField(blank=True, null=True)),
                        ("cancellation_reason", models.TextField(blank=True)),
                        (
                            "application",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="engagement",
                                to="applications.application",
                            ),
                        ),
                        (
                            "cancelled_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "employer",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="engagements",
                                to="employers.employer",
                            ),
                        ),
                        (
                            "project",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="engagements",
                                to="projects.project",
                            ),
                        ),
                        (
                            "student",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="engagements",
                                to="students.studentprofile",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "applications_engagement",
                        "ordering": ["-created_at"],
                    },
                ),
                migrations.CreateModel(
                    name="EngagementReadMark",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("last_read_at", models.DateTimeField()),
                        (
                            "engagement",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="read_marks",
                                to="engagements.engagement",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={"db_table": "applications_engagementreadmark"},
                ),
                migrations.CreateModel(
                    name="HoursLog",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("date", models.DateField()),
                        (
                            "hours",
                            models.DecimalField(
                                decimal_places=2,
                                max_digits=4,
                                validators=[django.core.validators.MinValueValidator(0.25)],
                            ),
                        ),
                        ("note", models.CharField(blank=True, max_length=500)),
                        (
                            "engagement",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="hours_logs",
                                to="engagements.engagement",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "applications_hourslog",
                        "ordering": ["engagement", "date", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="Message",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("body", models.TextField()),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "engagement",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="messages",
                                to="engagements.engagement",
                            ),
                        ),
                        (
                            "sender",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "applications_message",
                        "ordering": ["created_at", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="Milestone",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("position", models.PositiveSmallIntegerField(default=0)),
                        ("title", models.CharField(max_length=300)),
                        ("description", models.TextField(blank=True)),
                        ("due_date", models.DateField(blank=True, null=True)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "To do"),
                                    ("submitted", "Submitted for review"),
                                    ("changes_requested", "Changes requested"),
                                    ("approved", "Approved"),
                                ],
                                default="pending",
                                max_length=20,
                            ),
                        ),
                        ("approved_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "engagement",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="milestones",
                                to="engagements.engagement",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "applications_milestone",
                        "ordering": ["engagement", "position", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="DeliverableSubmission",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("note", models.TextField(blank=True)),
                        ("link", models.URLField(blank=True, max_length=500)),
                        (
                            "file",
                            models.FileField(
                                blank=True,
                                storage=marketplace.uploads.private_storage,
                                upload_to="deliverables/%Y/%m/",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("submitted", "Awaiting review"),
                                    ("approved", "Approved"),
                                    ("changes_requested", "Changes requested"),
                                ],
                                default="submitted",
                                max_length=20,
                            ),
                        ),
                        ("reviewed_at", models.DateTimeField(blank=True, null=True)),
                        ("review_comment", models.TextField(blank=True)),
                        ("auto_approved", models.BooleanField(default=False)),
                        (
                            "reviewed_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "submitted_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "milestone",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="submissions",
                                to="engagements.milestone",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "applications_deliverablesubmission",
                        "ordering": ["milestone", "created_at"],
                    },
                ),
                migrations.CreateModel(
                    name="Payment",
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
                            "kind",
                            models.CharField(
                                choices=[
                                    ("full", "Full fee on completion"),
                                    ("pro_rata", "Approved milestones, pro rata on cancellation"),
                                ],
                                default="full",
                                max_length=20,
                            ),
                        ),
                        ("amount", models.DecimalField(decimal_places=2, max_digits=10)),
                        ("currency", models.CharField(max_length=3)),
                        (
                            "status",
                            models.CharField(
                                choices=[("pending", "Pending"), ("paid", "Paid")],
                                default="pending",
                                max_length=20,
                            ),
                        ),
                        ("due_at", models.DateTimeField(blank=True, null=True)),
                        ("paid_at", models.DateTimeField(blank=True, null=True)),
                        ("reference", models.CharField(blank=True, max_length=200)),
                        (
                            "engagement",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="payment",
                                to="engagements.engagement",
                            ),
                        ),
                        (
                            "marked_paid_by",
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
                        "db_table": "applications_payment",
                        "ordering": ["-created_at"],
                    },
                ),
                migrations.CreateModel(
                    name="Review",
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
                            "side",
                            models.CharField(
                                choices=[
                                    ("student", "Student reviews the employer"),
                                    ("employer", "Employer reviews the student"),
                                ],
                                max_length=20,
                            ),
                        ),
                        (
                            "rating",
                            models.PositiveSmallIntegerField(
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(5),
                                ]
                            ),
                        ),
                        ("text", models.TextField(blank=True)),
                        (
                            "author",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "engagement",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reviews",
                                to="engagements.engagement",
                            ),
                        ),
                        (
                            "skills_demonstrated",
                            models.ManyToManyField(blank=True, related_name="+", to="projects.skill"),
                        ),
                    ],
                    options={
                        "db_table": "applications_review",
                        "ordering": ["engagement", "side"],
                    },
                ),
                migrations.AddIndex(
                    model_name="engagement",
                    index=models.Index(fields=["student", "status"], name="application_student_bed529_idx"),
                ),
                migrations.AddIndex(
                    model_name="engagement",
                    index=models.Index(fields=["employer", "status"], name="application_employe_c5f502_idx"),
                ),
                migrations.AddIndex(
                    model_name="engagement",
                    index=models.Index(fields=["status", "due_date"], name="application_status_dbc07f_idx"),
                ),
                migrations.AddIndex(
                    model_name="engagement",
                    index=models.Index(
                        fields=["status", "completed_at"], name="application_status_0749fa_idx"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="engagementreadmark",
                    constraint=models.UniqueConstraint(
                        fields=("engagement", "user"), name="one_read_mark_per_user"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="hourslog",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("hours__gt", 0), ("hours__lte", 24)),
                        name="hours_log_within_a_day",
                    ),
                ),
                migrations.AddIndex(
                    model_name="message",
                    index=models.Index(
                        fields=["engagement", "created_at"], name="application_engagem_f2ce97_idx"
                    ),
                ),
                migrations.AddIndex(
                    model_name="milestone",
                    index=models.Index(fields=["status", "due_date"], name="application_status_546de2_idx"),
                ),
                migrations.AddIndex(
                    model_name="deliverablesubmission",
                    index=models.Index(fields=["status", "created_at"], name="application_status_bf3796_idx"),
                ),
                migrations.AddConstraint(
                    model_name="deliverablesubmission",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("link", ""), _negated=True),
                            models.Q(("file", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="submission_has_file_or_link",
                    ),
                ),
                migrations.AddIndex(
                    model_name="payment",
                    index=models.Index(fields=["status", "created_at"], name="application_status_8fae1f_idx"),
                ),
                migrations.AddConstraint(
                    model_name="payment",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("amount__gte", 0)), name="payment_amount_not_negative"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="review",
                    constraint=models.UniqueConstraint(
                        fields=("engagement", "side"), name="one_review_per_side"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="review",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("rating__gte", 1), ("rating__lte", 5)),
                        name="review_rating_1_to_5",
                    ),
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
