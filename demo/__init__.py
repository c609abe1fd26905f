"""Demo data for `manage.py seed_demo`: the fixed material (`data`) and the bulk builder (`builder`)."""
