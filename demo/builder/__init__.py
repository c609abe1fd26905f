"""Build the demo world in memory, consistent by construction, then write it with a few bulk inserts.

No services run and no signals fire: the builder computes the state the services would have produced
(statuses, timestamps, counters, timeline events) and inserts it table by table. A fixed random seed makes
the data the same on every fresh database; dates are relative to the moment of seeding.
"""

from demo.builder.common import (
    TIMESTAMPED_MODELS,
    Spread,
    demo_data_present,
    explicit_created_at,
    money,
    skill_phrase,
    summary,
)
from demo.builder.world import DemoBuilder

__all__ = [
    "TIMESTAMPED_MODELS",
    "DemoBuilder",
    "Spread",
    "demo_data_present",
    "explicit_created_at",
    "money",
    "skill_phrase",
    "summary",
]
