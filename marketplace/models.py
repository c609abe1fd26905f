"""The kernel's one table: background tasks parked until they can run (marketplace/parked.py)."""

from django.db import models


class ParkReason(models.TextChoices):
    BROKER_DOWN = "broker_down", "The broker was unreachable when it was queued"
    GAVE_UP = "gave_up", "It failed after all its retries"


class ParkedTask(models.Model):
    """A task that could not be queued (the broker was down when its write committed) or that gave up
    after its retries; the redrive sweep queues it again (marketplace/parked.py). One row per task and
    arguments: parking the same call twice counts one more failure instead of adding a row."""

    key = models.CharField(max_length=64, unique=True, help_text="sha256 of the task name and arguments")
    name = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    reason = models.CharField(max_length=20, choices=ParkReason.choices)
    failures = models.PositiveIntegerField(default=0, help_text="Times it gave up after all its retries")
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    redrive_at = models.DateTimeField(
        null=True, blank=True, help_text="When the sweep queues it again; empty: it waits for a person"
    )
    redriven_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["redrive_at"], name="parkedtask_redrive_at")]

    def __str__(self) -> str:
        return f"{self.name}{tuple(self.args)!r}"
