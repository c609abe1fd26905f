from django.urls import path

from credentials import views

app_name = "credentials"

urlpatterns = [
    path(".well-known/did.json", views.did_json, name="did"),
    path("credentials/", views.mine, name="mine"),
    path("credentials/status/<int:number>/", views.status_list, name="status_list"),
    path("credentials/<uuid:public_id>/", views.verify_page, name="verify_page"),
    path("credentials/<uuid:public_id>/credential.json", views.download_json, name="download_json"),
    path("credentials/<uuid:public_id>/credential.jwt", views.download_jwt, name="download_jwt"),
]
