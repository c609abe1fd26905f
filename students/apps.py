from django.apps import AppConfig


class StudentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "students"
    verbose_name = "Students"

    def ready(self) -> None:
        from allauth.account.signals import email_confirmed

        email_confirmed.connect(verify_student_on_email_confirmed, dispatch_uid="students.verify_from_email")


def verify_student_on_email_confirmed(
    sender: object, request: object, email_address: object, **kwargs
) -> None:
    """A confirmed address on a university domain verifies the student; the rule lives in the service."""
    from students.services import student_verify_from_email

    student_verify_from_email(user=email_address.user, email=email_address.email)
