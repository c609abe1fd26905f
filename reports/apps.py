from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """The career office's reports (funnel, outcomes, employers, trends) and its dashboard's figures."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "Reports"
