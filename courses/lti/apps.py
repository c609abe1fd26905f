"""PyLTI1p3's tool configuration app (platform registrations and our keys, in the admin) as installed here."""

from pylti1p3.contrib.django.lti1p3_tool_config.apps import PyLTI1p3ToolConfig


class LtiToolConfig(PyLTI1p3ToolConfig):
    """The library's app with the primary-key type its own migration uses: the project's BigAutoField default
    would otherwise make `makemigrations` want a migration inside the installed library."""

    default_auto_field = "django.db.models.AutoField"
    verbose_name = "LMS platforms (LTI 1.3)"
