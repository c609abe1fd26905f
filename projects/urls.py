from django.urls import path

from projects.views import search, skills, student

app_name = "projects"

urlpatterns = [
    path("", search.project_search, name="search"),
    path("saved/", student.saved_list, name="saved"),
    path("skills/suggest/", skills.skill_suggest, name="skill_suggest"),
    path("<uuid:public_id>/", student.project_detail, name="detail"),
    path("<uuid:public_id>/apply/", student.project_apply, name="apply"),
    path("<uuid:public_id>/save/", student.project_save_toggle, name="save"),
    path("<uuid:public_id>/report/", student.project_report, name="report"),
]
