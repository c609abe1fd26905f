"""The search vector's statistics at 1,000 (PostgreSQL's default is 100): the planner then knows the share of
the ~10,000 commonest words instead of ~1,000, and guesses the rest far lower.

With the default, a word outside the commonest thousand (say "geospatial", in 0.1% of the projects) was
taken to be in ~0.45% of them, so the search walked the open projects newest first waiting for 201 matches
(226,000 rows read at 1,000,000 projects: ~700 ms) instead of fetching its ~1,000 matches through the GIN
index (~5 ms). `make bench-search` measures it. ANALYZE then reads a sample of 300,000 rows.
"""

from django.db import migrations

FORWARD = """
ALTER TABLE projects_project ALTER COLUMN search_vector SET STATISTICS 1000;
ANALYZE projects_project;
"""
BACKWARD = "ALTER TABLE projects_project ALTER COLUMN search_vector SET STATISTICS -1;"


class Migration(migrations.Migration):
    dependencies = [("projects", "0008_dates_window")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
