"""Project pages: skills (the skills picker's suggestions) and manage (employers writing and running their
postings). The students' search, which marks the projects they applied to, is in
applications/views/project_search.py; a project as a student sees it (match reasons, applying) in
matching/views_project_page.py."""
