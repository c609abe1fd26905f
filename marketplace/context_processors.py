from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    return {"SITE_NAME": "Micro-internships"}
