from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "engagements"
    verbose_name = "Engagements"

    def ready(self) -> None:
        """Ongoing engagements count in a student's weekly load, which applications weigh when a student
        applies (applications sit below engagements, so they learn it through this registration)."""
        from applications.commitments import register_weekly_load
        from engagements.commitments import engagement_weekly_load

        register_weekly_load(engagement_weekly_load)
