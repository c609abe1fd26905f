from django.urls import path

from projects.views import skills

app_name = "projects"

# The rest of the "projects" namespace is composed in marketplace/urls.py: the search
# (applications/urls_project_search.py) and a project's pages (matching/urls_project_page.py).
urlpatterns = [
    path("skills/suggest/", skills.skill_suggest, name="skill_suggest"),
]
