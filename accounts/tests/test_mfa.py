"""Two-factor authentication (allauth.mfa): required of staff before the admin opens, optional for everyone
else; and the password asked again before sensitive actions (API tokens, the data export, email changes)."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.urls import reverse

from accounts.factories import DEFAULT_PASSWORD, UserFactory, reauthenticate, totp_code
from accounts.models import ApiToken
from students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db

ENROL = reverse("mfa_activate_totp")
ADMIN = reverse("admin:index")


def log_in(client, user, **query):
    url = reverse("account_login") + ("?next=" + query["next"] if query else "")
    return client.post(url, {"login": user.email, "password": DEFAULT_PASSWORD})


def enrol(client) -> str:
    """Activate an authenticator app as a person would: read the secret the page shows, type its code."""
    page = client.get(ENROL)
    assert page.status_code == 200, page
    secret = client.session[SECRET_SESSION_KEY]
    assert secret in page.content.decode()  # shown for typing in when the QR code cannot be scanned
    response = client.post(ENROL, {"code": totp_code(secret)})
    assert response.status_code == 302, response.context["form"].errors
    return secret


# --- Staff must enrol ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [{"is_superuser": True}, {"career_staff": True}])
def test_staff_without_mfa_cannot_reach_the_admin_and_are_sent_to_enrol(client, kind):
    user = UserFactory(is_staff=True, mfa=False, **kind)
    client.force_login(user)

    for path in (ADMIN, reverse("admin:accounts_user_changelist")):
        response = client.get(path)
        assert response.status_code == 302
        assert response.url == ENROL
    reauthenticate(client)
    assert "Staff accounts need two-factor authentication" in client.get(ENROL).content.decode()


def test_recovery_codes_alone_do_not_open_the_admin(client):
    user = UserFactory(is_staff=True, is_superuser=True, mfa=False)
    RecoveryCodes.activate(user)
    client.force_login(user)
    assert client.get(ADMIN).url == ENROL


def test_staff_without_mfa_log_in_to_the_enrolment_page(client):
    user = UserFactory(career_staff=True, mfa=False)
    response = log_in(client, user)
    assert response.url == ENROL


def test_staff_with_mfa_and_everyone_else_are_not_sent_to_enrol(client, student):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(ADMIN).status_code == 200
    client.force_login(student)
    assert client.get(ADMIN).status_code == 302
    assert client.get(ADMIN).url.startswith(reverse("admin:login"))
    assert log_in(client, UserFactory(student=True)).url == reverse("dashboard")


def test_staff_enrol_with_a_real_code_reach_the_admin_and_then_log_in_with_the_code(client):
    user = UserFactory(is_staff=True, is_superuser=True, mfa=False)
    assert log_in(client, user, next=ADMIN).url == ADMIN
    assert client.get(ADMIN).url == ENROL
    # Enrolling changes the account's security: allauth asks for the password again first.
    assert client.get(ENROL).url.startswith(reverse("account_reauthenticate"))
    reauthenticate(client)
    secret = enrol(client)

    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    # Recovery codes come with it, and the page that shows them leads staff on to the admin.
    codes = client.get(reverse("mfa_view_recovery_codes"))
    assert f'href="{ADMIN}"' in codes.content.decode()
    assert client.get(ADMIN).status_code == 200

    client.logout()
    response = log_in(client, user, next=ADMIN)
    assert response.url == reverse("mfa_authenticate")
    assert client.get(ADMIN).status_code == 302  # not logged in until the code is given
    wrong = client.post(
        reverse("mfa_authenticate"), {"code": "000000" if totp_code(secret) != "000000" else "1"}
    )
    assert wrong.status_code == 200
    assert wrong.context["form"].errors
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.url == ADMIN
    assert client.get(ADMIN).status_code == 200


def test_a_recovery_code_replaces_a_lost_phone_once(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    code = RecoveryCodes.activate(user).get_unused_codes()[0]
    for expected in (ADMIN, None):
        client.logout()
        log_in(client, user, next=ADMIN)
        response = client.post(reverse("mfa_authenticate"), {"code": code})
        assert (response.status_code == 302 and response.url) == (expected or False)


# --- Optional for everyone else -----------------------------------------------------------------------------


def test_a_student_may_enrol_from_the_account_pages_and_then_logs_in_with_a_code(client):
    user = StudentProfileFactory().user
    log_in(client, user)
    settings_page = client.get(reverse("account_change_password")).content.decode()
    assert f'href="{reverse("mfa_index")}"' in settings_page
    assert client.get(reverse("mfa_index")).status_code == 200

    reauthenticate(client)
    secret = enrol(client)

    client.logout()
    assert log_in(client, user).url == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.url == reverse("dashboard")


# --- Reauthentication before sensitive actions --------------------------------------------------------------


def test_creating_an_api_token_asks_for_the_password_then_creates_it(client, student):
    client.force_login(student)
    assert client.get(reverse("api_tokens")).status_code == 200  # reading the list needs no password

    response = client.post(reverse("api_tokens"), {"name": "laptop script"})
    assert response.url == f"{reverse('account_reauthenticate')}?next=%2Faccounts%2Fapi-tokens%2F"
    assert not ApiToken.objects.exists()

    wrong = client.post(response.url, {"password": "not it"})
    assert wrong.status_code == 200 and not ApiToken.objects.exists()
    # The right password carries out the held request: the token is created and shown once.
    done = client.post(response.url, {"password": DEFAULT_PASSWORD})
    assert done.status_code == 200
    assert ApiToken.objects.get(user=student).name == "laptop script"
    assert done.context["new_token"].startswith("mp_")


def test_the_data_export_asks_for_the_password_first(client):
    profile = StudentProfileFactory()
    client.force_login(profile.user)
    url = reverse("students:export")
    response = client.get(url)
    assert response.url == f"{reverse('account_reauthenticate')}?next={url.replace('/', '%2F')}"
    response = client.post(response.url, {"password": DEFAULT_PASSWORD})
    assert response.url == url
    assert client.get(url)["Content-Type"].startswith("application/json")


def test_adding_an_email_address_asks_for_the_password_first(client, student):
    client.force_login(student)
    data = {"action_add": "", "email": "alice.new@example.org"}
    response = client.post(reverse("account_email"), data)
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert not EmailAddress.objects.filter(email="alice.new@example.org").exists()

    client.post(response.url, {"password": DEFAULT_PASSWORD})
    assert EmailAddress.objects.filter(user=student, email="alice.new@example.org").exists()


# --- Staff keep their second factor -------------------------------------------------------------------------


def test_staff_cannot_turn_off_their_only_authenticator_app(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    reauthenticate(client)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200
    assert "must keep a second factor" in response.content.decode()
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()


def test_a_student_may_turn_their_authenticator_app_off(client):
    user = StudentProfileFactory().user
    log_in(client, user)
    reauthenticate(client)
    enrol(client)
    reauthenticate(client)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
