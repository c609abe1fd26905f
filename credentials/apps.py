from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "credentials"
    verbose_name = "Credentials"

    def ready(self) -> None:
        """Engagements sit below credentials, so they announce the end of the work with a signal; the
        receivers only queue the issuing task once the engagement's transaction commits."""
        from credentials import receivers

        receivers.connect()
