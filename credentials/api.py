"""Credentials in the API: the student's own list, and verification open to anyone (a verifier needs no
account: a JWT or a credential id in, valid / revoked / invalid and the reasons out)."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import StudentsOnly
from credentials.models import Credential
from credentials.selectors import (
    Verification,
    credential_get_public,
    credential_list_for_student,
    credential_verify,
    linkedin_add_url,
)
from marketplace.api.serializers import error_responses, valid_input

TAG = "credentials"
JWT_MAX_LENGTH = 100_000


class CredentialSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    name = serializers.SerializerMethodField()
    verification_url = serializers.SerializerMethodField()
    linkedin_url = serializers.SerializerMethodField()
    revoked = serializers.BooleanField(source="is_revoked", read_only=True)
    credential = serializers.JSONField(source="document", read_only=True)

    class Meta:
        model = Credential
        fields = [
            "id",
            "name",
            "issued_at",
            "revoked",
            "revoked_at",
            "verification_url",
            "linkedin_url",
            "jwt",
            "credential",
        ]
        read_only_fields = fields

    def get_name(self, obj: Credential) -> str:
        return obj.document["name"]

    def get_verification_url(self, obj: Credential) -> str:
        return obj.document["id"]

    def get_linkedin_url(self, obj: Credential) -> str:
        return linkedin_add_url(credential=obj, page_url=obj.document["id"])


class CredentialList(ListAPIView):
    permission_classes = [IsAuthenticated, StudentsOnly]
    serializer_class = CredentialSerializer

    def get_queryset(self):
        return credential_list_for_student(user=self.request.user)

    @extend_schema(
        operation_id="me_credentials_list",
        tags=[TAG],
        summary="My credentials",
        responses={200: CredentialSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class VerifyInput(serializers.Serializer):
    jwt = serializers.CharField(required=False, max_length=JWT_MAX_LENGTH, trim_whitespace=True)
    credential_id = serializers.UUIDField(required=False)

    def validate(self, attrs: dict) -> dict:
        if bool(attrs.get("jwt")) == bool(attrs.get("credential_id")):
            raise serializers.ValidationError("Send either `jwt` (a signed credential) or `credential_id`.")
        return attrs


class VerificationSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["valid", "revoked", "invalid"])
    valid = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())
    kid = serializers.CharField(help_text="The key that signed it (did:web:<host>#key-N).")
    credential = serializers.JSONField(
        source="document", allow_null=True, help_text="The credential as signed."
    )


class VerifyView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="credentials_verify",
        tags=[TAG],
        summary="Verify a credential",
        description="Checks the signature against the issuer's keys (/.well-known/did.json), the issuer, "
        "the validity dates and the revocation status list. Send the signed credential (`jwt`) or the id of "
        "one issued here (`credential_id`). A credential that does not check out is answered 200 with "
        "`status` invalid and the reasons.",
        request=VerifyInput,
        responses={200: VerificationSerializer, **error_responses(400, 404)},
    )
    def post(self, request: Request) -> Response:
        data = valid_input(VerifyInput, request)
        token = data.get("jwt") or credential_get_public(public_id=data["credential_id"]).jwt
        verification: Verification = credential_verify(token=token)
        return Response(VerificationSerializer(verification).data)


urlpatterns = [
    path("me/credentials/", CredentialList.as_view(), name="api-me-credentials"),
    path("credentials/verify/", VerifyView.as_view(), name="api-credentials-verify"),
]
