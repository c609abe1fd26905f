from django.urls import path

from calendars import views

app_name = "calendars"

urlpatterns = [
    path("", views.calendar_page, name="page"),
    path("reset/", views.calendar_reset, name="reset"),
    path("<str:token>.ics", views.calendar_feed, name="feed"),
]
