from django.apps import AppConfig


class CoursesConfig(AppConfig):
    """Faculty and their courses: enrolment by join code or roster, and what each student is doing."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "courses"
    verbose_name = "Courses"

    def ready(self) -> None:
        from allauth.account.signals import email_confirmed

        email_confirmed.connect(enrol_invited_on_email_confirmed, dispatch_uid="courses.enrol_on_confirm")


def enrol_invited_on_email_confirmed(
    sender: object, request: object, email_address: object, **kwargs
) -> None:
    """A confirmed address that a course roster named before it had an account joins those courses."""
    from courses.services import course_invites_claim

    course_invites_claim(user=email_address.user, email=email_address.email)
