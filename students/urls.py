from django.urls import path

from students import views, views_public

app_name = "students"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("profile/", views.profile_overview, name="profile"),
    path("profile/<slug:step>/", views.profile_step, name="profile_step"),
    path("<uuid:public_id>/resume/", views.resume_download, name="resume"),
    path("<uuid:public_id>/portfolio/", views_public.portfolio, name="portfolio"),
    path("export.json", views_public.export, name="export"),
]
