from django.apps import AppConfig


class CoursesConfig(AppConfig):
    """Faculty and their courses: enrolment by join code or roster, and what each student is doing."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "courses"
    verbose_name = "Courses"

    def ready(self) -> None:
        from allauth.account.signals import email_confirmed

        from projects.signals import project_published

        email_confirmed.connect(enrol_invited_on_email_confirmed, dispatch_uid="courses.enrol_on_confirm")
        # A draft a course took on goes live later: its students hear of it then (projects sit below courses).
        project_published.connect(
            announce_course_project_on_publish, dispatch_uid="courses.announce_on_publish"
        )


def enrol_invited_on_email_confirmed(
    sender: object, request: object, email_address: object, **kwargs
) -> None:
    """A confirmed address that a course roster named before it had an account joins those courses."""
    from courses.services import course_invites_claim

    course_invites_claim(user=email_address.user, email=email_address.email)


def announce_course_project_on_publish(sender: object, *, project: object, **kwargs) -> None:
    """A project published while a course holds it (an accepted link) is announced to the course's students,
    as accepting an open project does (`courses.services.course_project_published`)."""
    from courses.services import course_project_published

    course_project_published(project=project)
