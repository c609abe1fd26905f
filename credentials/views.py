"""The credential pages: the student's list and downloads, the public verification page, the issuer's
DID document and the status lists. Namespace "credentials" (marketplace/urls.py)."""

import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.models import Role
from accounts.permissions import role_page
from credentials import jose
from credentials.did import did_document
from credentials.keys import signing_key
from credentials.selectors import (
    credential_get_for_student,
    credential_get_public,
    credential_list_for_student,
    credential_verify,
    linkedin_add_url,
    revoked_bits,
    status_list_number_valid,
)
from credentials.status_list import status_list_document

JWT_MEDIA_TYPE = "application/vc+jwt"


@require_GET
@role_page(Role.STUDENT)
def mine(request: HttpRequest) -> HttpResponse:
    """The student's own credentials, each with its downloads, its public page and the LinkedIn link."""
    rows = [
        (credential, linkedin_add_url(credential=credential, page_url=credential.document["id"]))
        for credential in credential_list_for_student(user=request.user)
    ]
    return render(request, "credentials/mine.html", {"rows": rows})


def _download(content: str, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@role_page(Role.STUDENT)
def download_json(request: HttpRequest, public_id) -> HttpResponse:
    credential = credential_get_for_student(user=request.user, public_id=public_id)
    return _download(
        json.dumps(credential.document, ensure_ascii=False, indent=2),
        filename=f"credential-{credential.public_id}.json",
        content_type="application/vc+ld+json; charset=utf-8",
    )


@require_GET
@role_page(Role.STUDENT)
def download_jwt(request: HttpRequest, public_id) -> HttpResponse:
    credential = credential_get_for_student(user=request.user, public_id=public_id)
    return _download(
        credential.jwt, filename=f"credential-{credential.public_id}.jwt", content_type=JWT_MEDIA_TYPE
    )


@require_GET
def verify_page(request: HttpRequest, public_id) -> HttpResponse:
    """Anyone: is this credential genuine and still good, who issued it, for what. Nothing private: no
    email, no review text, no revocation reason."""
    credential = credential_get_public(public_id=public_id)
    verification = credential_verify(token=credential.jwt)
    document = verification.document or credential.document
    context = {
        "credential": credential,
        "verification": verification,
        "achievement": document["credentialSubject"]["achievement"],
        "facts": document["credentialSubject"].get("engagement", {}),
        "issuer": document["issuer"],
        "is_owner": request.user.is_authenticated and credential.student.user_id == request.user.pk,
    }
    return render(request, "credentials/verify.html", context)


@require_GET
def did_json(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(did_document(), content_type="application/did+json")
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def status_list(request: HttpRequest, number: int) -> HttpResponse:
    """Status list `number`, signed (a vc+jwt), built afresh: a revocation shows at once."""
    if not status_list_number_valid(number):
        return HttpResponse(status=404)
    document = status_list_document(number=number, set_bits=revoked_bits(number=number), now=timezone.now())
    response = HttpResponse(jose.sign(document, signing_key()), content_type=JWT_MEDIA_TYPE)
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "no-cache"
    response["Link"] = f'<{reverse("credentials:did")}>; rel="issuer"'
    return response
