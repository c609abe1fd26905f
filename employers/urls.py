from django.urls import path

from employers import views

# The namespace "employers" also holds the dashboard (applications/urls_employer.py) and the public page
# (engagements/urls_employer.py): marketplace/urls.py composes them.
app_name = "employers"

urlpatterns = [
    path("organisations/new/", views.org_create, name="org_create"),
    path("org/<slug:slug>/", views.org_detail, name="org_detail"),
    path("org/<slug:slug>/edit/", views.org_edit, name="org_edit"),
    path("org/<slug:slug>/logo/", views.logo, name="logo"),
    path("org/<slug:slug>/invite/", views.invite, name="invite"),
    path("org/<slug:slug>/invitations/<int:pk>/withdraw/", views.invitation_revoke, name="invitation_revoke"),
    path("org/<slug:slug>/members/<int:user_id>/remove/", views.member_remove, name="member_remove"),
    path("org/<slug:slug>/members/<int:user_id>/owner/", views.member_make_owner, name="member_make_owner"),
    path("invitations/<uuid:token>/", views.invitation_accept, name="invitation_accept"),
]
