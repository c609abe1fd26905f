from django.urls import path

from employers import views

app_name = "employers"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
]
