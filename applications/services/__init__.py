"""Writes for applications and everything after acceptance. Import from the submodules:

- `applications.services.applications`: submit, withdraw, shortlist, reject, accept.
- `applications.services.engagements`: kickoff, milestones, deliverables, completion, payment, cancellation.
- `applications.services.reviews`: double-blind reviews.
"""
