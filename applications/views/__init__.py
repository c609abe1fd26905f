"""Application pages: student (my applications, withdraw) and employer (applicants, decisions)."""
