from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.centre, name="centre"),
    path("badge/", views.badge, name="badge"),
    path("read-all/", views.read_all, name="read_all"),
    path("settings/", views.preferences, name="settings"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("<uuid:public_id>/open/", views.open_notification, name="open"),
    path("<uuid:public_id>/read/", views.read, name="read"),
]
