import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from accounts.services import user_create_verified
from demo import data
from demo.builder import DemoBuilder, demo_data_present, summary
from projects.skills_taxonomy import skill_taxonomy_sync
from reports.rollups import rollups_refresh


class Command(BaseCommand):
    help = (
        "Load the skills taxonomy and a realistic demo world (universities, employers, students, projects, "
        "applications, engagements) with stable demo logins. Idempotent: once the demo data is there, "
        "running it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-real-email",
            action="store_true",
            help="Seed even when the site's email backend is SMTP (demo data would receive real email).",
        )
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Size relative to the default of ~1,000 students and ~300 projects (e.g. 0.1 in tests).",
        )

    def handle(self, *args, scale: float, verbosity: int = 1, **options) -> None:
        if not 0 < scale <= 5:
            raise CommandError("--scale must be greater than 0 and at most 5.")
        if "smtp" in settings.EMAIL_BACKEND and not options["allow_real_email"]:
            raise CommandError(
                "This site sends real email: demo accounts use public passwords and made-up university "
                "addresses. Pass --allow-real-email if you really mean to seed it."
            )
        started = time.monotonic()
        with transaction.atomic():
            created, updated = skill_taxonomy_sync()
            if demo_data_present():
                self.ensure_demo_logins()
                outcome = "Demo data already loaded; nothing to do."
            else:
                DemoBuilder(scale=scale).build()
                outcome = f"Demo data loaded (scale {scale:g})."
        # The career office's reports read rollups that beat refreshes every few minutes: build them now, so
        # the demo career account sees its term at once (a full build the first time, nothing after).
        rollups_refresh()
        if created or updated:
            self.stdout.write(f"Skills taxonomy: {created} added, {updated} updated.")
        self.stdout.write(self.style.SUCCESS(f"{outcome} ({time.monotonic() - started:.1f} s)"))
        if verbosity >= 1:
            for label, value in summary():
                self.stdout.write(f"  {label:<13} {value}")
        self.stdout.write(f"Demo logins (password for all: {data.DEMO_PASSWORD}):")
        for account in data.DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.email:<22} {account.label}")

    def ensure_demo_logins(self) -> None:
        """Recreate a demo login someone deleted (it comes back without its demo history)."""
        from accounts.models import User

        existing = set(
            User.objects.filter(email__in=[a.email for a in data.DEMO_ACCOUNTS]).values_list(
                "email", flat=True
            )
        )
        for account in data.DEMO_ACCOUNTS:
            if account.email not in existing:
                user_create_verified(
                    email=account.email,
                    password=data.DEMO_PASSWORD,
                    role=account.role,
                    full_name=account.full_name,
                    is_staff=account.is_staff,
                    is_superuser=account.is_superuser,
                )
