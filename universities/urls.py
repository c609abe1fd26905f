from django.urls import path

from universities import views

app_name = "universities"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
]
