from django.urls import path

from invitations import views

app_name = "invitations"

urlpatterns = [
    path("students/<uuid:token>/", views.student_join, name="student_join"),
    path("businesses/<uuid:token>/", views.business_join, name="business_join"),
]
