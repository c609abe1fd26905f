"""Project pages, one module per audience: search (students browsing), student (a project, applying, saving),
skills (the skills picker's suggestions) and manage (employers writing and running their postings)."""
