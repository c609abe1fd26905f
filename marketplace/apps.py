from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    """The kernel: what every app builds on (fields, uploads, the task queueing and its parked tasks)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "marketplace"
    verbose_name = "Background work"
