"""The student's application page and the thread before the decision, in the "applications" namespace
(composed in marketplace/urls.py with applications/urls.py)."""

from django.urls import path

from engagements.views import application_messages as views

urlpatterns = [
    path("<uuid:public_id>/", views.application_detail, name="detail"),
    path("<uuid:public_id>/messages/", views.thread, name="messages"),
    path("<uuid:public_id>/messages/send/", views.send, name="message_send"),
    path("<uuid:public_id>/messages/<int:pk>/report/", views.report, name="message_report"),
]
