from django.urls import path

from exploration import views

app_name = "exploration"

urlpatterns = [
    path("", views.exploration_page, name="page"),
    path("marks/<int:pk>/portfolio/", views.mark_show, name="mark_show"),
    path("invitations/<uuid:public_id>/<str:answer>/", views.invitation_answer, name="invitation_answer"),
    path("engagements/<uuid:public_id>/future-hire/", views.future_hire, name="future_hire"),
    path("talent/<slug:slug>/", views.talent_list, name="talent"),
    path("talent/<slug:slug>/invite/", views.talent_invite_view, name="talent_invite"),
]
