"""An application's history as (status, actor id, note) tuples: what each move in the services recorded."""

from applications.models import Application


def events(application: Application) -> list[tuple[str, object, str]]:
    return list(application.events.values_list("status", "actor", "note"))
