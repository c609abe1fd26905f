from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Role, User
from accounts.services import user_create_verified

DEMO_PASSWORD = "demo-password-2026"
DEMO_ACCOUNTS = [
    ("student@demo.test", "Ada Student", Role.STUDENT, False, False),
    ("student2@demo.test", "Grace Student", Role.STUDENT, False, False),
    ("employer@demo.test", "Eve Employer", Role.EMPLOYER, False, False),
    ("employer2@demo.test", "Frank Employer", Role.EMPLOYER, False, False),
    ("career@demo.test", "Carol Career", Role.CAREER_STAFF, True, False),
    ("admin@demo.test", "Site Admin", Role.CAREER_STAFF, True, True),
]


class Command(BaseCommand):
    help = "Load demo accounts and data. Idempotent: running it again changes nothing."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        existing = set(
            User.objects.filter(email__in=[a[0] for a in DEMO_ACCOUNTS]).values_list("email", flat=True)
        )
        for email, name, role, is_staff, is_superuser in DEMO_ACCOUNTS:
            if email not in existing:
                user_create_verified(
                    email=email,
                    password=DEMO_PASSWORD,
                    role=role,
                    full_name=name,
                    is_staff=is_staff,
                    is_superuser=is_superuser,
                )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for email, _name, role, _staff, is_superuser in DEMO_ACCOUNTS:
            label = "site admin" if is_superuser else Role(role).label
            self.stdout.write(f"  {email:<24} {label}")
