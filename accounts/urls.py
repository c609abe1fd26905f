from django.urls import path

from accounts import views_tokens

# Mounted at /accounts/api-tokens/, before allauth's accounts/ include.
urlpatterns = [
    path("", views_tokens.api_tokens, name="api_tokens"),
    path("<uuid:public_id>/revoke/", views_tokens.api_token_revoke_confirm, name="api_token_revoke"),
]
