from django.apps import AppConfig


class InvitationsConfig(AppConfig):
    """The career office brings people in: student roster invitations and local-business invitations."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "invitations"
    verbose_name = "Invitations"
