from django.apps import AppConfig


class ExplorationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "exploration"
    verbose_name = "Career exploration"
