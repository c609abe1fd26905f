from django.urls import path

from applications.views import student

app_name = "applications"

urlpatterns = [
    path("", student.application_list, name="mine"),
    path("<uuid:public_id>/", student.application_detail, name="detail"),
    path("<uuid:public_id>/withdraw/", student.application_withdraw, name="withdraw"),
]
