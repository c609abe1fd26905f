from django.urls import path

from reports import views_dashboard

# Composed into the "universities" namespace under /career-office/ by the root URLconf.
urlpatterns = [
    path("dashboard/", views_dashboard.career_dashboard, name="dashboard"),
]
