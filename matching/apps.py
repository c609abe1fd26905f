from django.apps import AppConfig


class MatchingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "matching"
    verbose_name = "Matching"

    def ready(self) -> None:
        """Publishing a project queues the "new match" fan-out; projects announce it with a signal, since
        they sit below matching."""
        from matching.receivers import project_published_queue_fanout
        from projects.signals import project_published

        project_published.connect(
            project_published_queue_fanout, dispatch_uid="matching.project_match_fanout"
        )
