from django.urls import path

from courses.lti import views

app_name = "lti"

urlpatterns = [
    path("login/", views.oidc_login, name="login"),
    path("launch/", views.launch, name="launch"),
    path("jwks/", views.jwks, name="jwks"),
    path("continue/<str:token>/", views.continue_launch, name="continue"),
    path("link/", views.link_context, name="link"),
    path("courses/<uuid:public_id>/roster-pull/", views.roster_pull, name="roster_pull"),
]
