"""Writes for applications: submit, withdraw, shortlist, reject, close unanswered
(`applications.services.applications`). Accepting an applicant is hiring: `engagements.services.hiring`.
"""
