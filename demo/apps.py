from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo world: the top layer, so it may use every app and nothing imports it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
    verbose_name = "Demo data"
