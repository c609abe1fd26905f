"""A credential's life in a real browser, with a real Celery worker issuing it: the employer approves the
last milestone (completing the engagement) → the worker issues the credential → the student finds it on
their credentials page and on the portfolio → anyone's verification page says valid → the student's career
office revokes it in the admin, with a reason → the verification page says revoked."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.factories import totp_code
from credentials.models import Credential
from tests.engagement_world import make_engagement_world, submit
from tests.journey import flash, log_in, milestone

pytestmark = pytest.mark.browser


def test_a_credential_is_issued_verified_and_revoked(
    live_server, celery_worker_process, browser, page, second_page, north, carol, shoot
):
    world = make_engagement_world(approved=1, milestones=2)
    profile = world.engagement.student
    profile.university, profile.portfolio_public = north, True
    profile.save(update_fields=["university", "portfolio_public"])
    last = world.milestones[1]
    submit(world, last)
    base = live_server.url

    # The employer approves the last milestone: the engagement completes and the worker issues the badge.
    employer = page
    log_in(employer, base, email=world.employer.email)
    employer.goto(f"{base}{reverse('engagements:detail', kwargs={'public_id': world.engagement.public_id})}")
    milestone(employer, last.title).get_by_role("button", name="Approve", exact=True).click()
    expect(flash(employer)).to_contain_text("the engagement is complete")
    celery_worker_process.wait_for(
        lambda: Credential.objects.filter(engagement=world.engagement).exists(), what="the credential"
    )
    credential = Credential.objects.get(engagement=world.engagement)

    # The student's credentials page, then the portfolio, then the public verification page.
    student = second_page
    log_in(student, base, email=world.student.email)
    student.goto(f"{base}{reverse('credentials:mine')}")
    item = student.locator(".credential-item")
    expect(item).to_contain_text(world.engagement.project.title)
    expect(item.get_by_role("link", name="Add to LinkedIn profile")).to_have_attribute(
        "href",
        f"https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name="
        f"{credential.document['name'].replace(' ', '+')}&organizationName=Micro-internships"
        f"&issueYear={credential.issued_at.year}&issueMonth={credential.issued_at.month}"
        f"&certUrl=https%3A%2F%2Flocalhost%2Fcredentials%2F{credential.public_id}%2F&certId={credential.public_id}",
    )
    shoot(student, "credentials-student-list")
    student.goto(f"{base}{reverse('students:portfolio', kwargs={'public_id': profile.public_id})}")
    portfolio_link = student.get_by_role("region", name="Verifiable credentials").get_by_role(
        "link", name=world.engagement.project.title
    )
    portfolio_link.click()
    expect(student.locator(".credential-status")).to_contain_text("Valid")
    expect(student.get_by_role("main")).not_to_contain_text(world.student.email)
    shoot(student, "credentials-verify-valid")
    verify_url = student.url

    # Carol, career staff of the student's university, revokes it in the admin.
    admin = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB").new_page()
    admin.set_default_timeout(10_000)
    log_in(admin, base, email=carol.email)
    admin.get_by_label("Authenticator or recovery code").fill(totp_code())
    admin.get_by_role("button", name="Sign in").click()
    admin.goto(f"{base}{reverse('admin:credentials_credential_change', args=[credential.pk])}")
    admin.get_by_role("link", name="Revoke…").click()
    admin.get_by_label("Reason").fill("The deliverable was not the student's own work.")
    shoot(admin, "credentials-admin-revoke")
    admin.get_by_role("button", name="Revoke the credential").click()
    expect(admin.locator(".messagelist")).to_contain_text("the student was told")
    admin.context.close()

    student.goto(verify_url)
    expect(student.locator(".credential-status")).to_contain_text("Revoked")
    expect(student.get_by_role("main")).not_to_contain_text("not the student's own")
    shoot(student, "credentials-verify-revoked")
