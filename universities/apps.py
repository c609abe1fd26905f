from django.apps import AppConfig


class UniversitiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "universities"
    verbose_name = "Universities"
