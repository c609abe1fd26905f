"""Logos: checked by their content, stored privately under a safe name, served inline with the right type."""

import io
import os
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from employers.factories import EmployerMemberFactory
from employers.models import Employer, MemberRole
from marketplace.uploads import private_storage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> dict[str, Path]:
    """Public and private media in throwaway folders of their own, deleted with them."""
    folders = {"public": tmp_path / "public", "private": tmp_path / "private"}
    for folder in folders.values():
        folder.mkdir()
    settings.MEDIA_ROOT = folders["public"]
    settings.PRIVATE_MEDIA_ROOT = folders["private"]
    return folders


def _stored(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*") if path.is_file()}


def _image(image_format: str = "PNG", *, name: str = "logo.png", size=(64, 64), noise: bool = False):
    image = (
        Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
        if noise
        else Image.new("RGB", size, (39, 71, 199))
    )
    buffer = io.BytesIO()
    image.save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _edit(client, upload, **extra):
    data = {"name": "Brightlane", "description": "", "website": "", "logo": upload, **extra}
    return client.post(reverse("employers:org_edit", args=["brightlane"]), data)


def test_a_real_png_is_stored_privately_under_a_safe_name(client, employer_user, media):
    client.force_login(employer_user)
    upload = _image(name="../../My Logo!.png")
    response = client.post(
        reverse("employers:org_create"), {"name": "Acme", "description": "", "website": "", "logo": upload}
    )
    assert response.status_code == 302
    employer = Employer.objects.get()
    assert re.fullmatch(r"logos/\d{4}/\d{2}/My_Logo\.png", employer.logo.name)
    assert Employer._meta.get_field("logo")._storage_callable is private_storage
    path = Path(employer.logo.path)
    assert _stored(media["private"]) == {path}
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert _stored(media["public"]) == set()


def test_the_logo_is_served_inline_to_anyone_with_its_type_and_long_caching(client, owner):
    client.force_login(owner.user)
    _edit(client, _image())
    client.logout()
    owner.employer.refresh_from_db()
    response = client.get(owner.employer.logo_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "max-age=" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content)[:4] == b"\x89PNG"


def test_a_jpeg_named_png_is_stored_and_served_as_a_jpeg(client, owner):
    client.force_login(owner.user)
    _edit(client, _image("JPEG", name="photo.png"))
    owner.employer.refresh_from_db()
    assert re.fullmatch(r"logos/\d{4}/\d{2}/photo\.jpg", owner.employer.logo.name)
    assert client.get(reverse("employers:logo", args=["brightlane"]))["Content-Type"] == "image/jpeg"


def test_a_text_file_renamed_png_is_refused_and_the_details_typed_are_kept(client, owner, media):
    client.force_login(owner.user)
    fake = SimpleUploadedFile("logo.png", b"just some text, not an image", content_type="image/png")
    response = _edit(client, fake, name="Brightlane Labs")
    assert response.status_code == 200
    assert "Upload a PNG, JPEG or WebP image." in response.content.decode()
    assert 'value="Brightlane Labs"' in response.content.decode()
    owner.employer.refresh_from_db()
    assert not owner.employer.logo and owner.employer.name == "Brightlane"
    assert _stored(media["private"]) == set()


def test_an_image_over_2_mb_is_refused(client, owner, media):
    client.force_login(owner.user)
    big = _image(size=(1000, 1000), noise=True)
    assert big.size > 2 * 1024 * 1024
    response = _edit(client, big)
    assert response.status_code == 200
    assert "the limit is 2.0" in response.content.decode()
    assert _stored(media["private"]) == set()


def test_an_svg_is_refused(client, owner):
    client.force_login(owner.user)
    svg = SimpleUploadedFile("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>')
    response = _edit(client, svg)
    assert "Upload a PNG, JPEG or WebP image." in response.content.decode()


def test_replacing_the_logo_deletes_the_old_file_once_saved(
    client, owner, media, django_capture_on_commit_callbacks
):
    client.force_login(owner.user)
    with django_capture_on_commit_callbacks(execute=True):
        _edit(client, _image(name="first.png"))
        first = Path(Employer.objects.get().logo.path)
        _edit(client, _image("WEBP", name="second.webp"))
    second = Path(Employer.objects.get().logo.path)
    assert second.suffix == ".webp"
    assert _stored(media["private"]) == {second}
    assert not first.exists()
    assert client.get(reverse("employers:logo", args=["brightlane"]))["Content-Type"] == "image/webp"


def test_an_owner_removes_the_logo_and_its_address_then_answers_404(
    client, owner, media, django_capture_on_commit_callbacks
):
    client.force_login(owner.user)
    with django_capture_on_commit_callbacks(execute=True):
        _edit(client, _image())
        assert (
            "Remove the current logo"
            in client.get(reverse("employers:org_edit", args=["brightlane"])).content.decode()
        )
        _edit(client, "", remove_logo="on")
    owner.employer.refresh_from_db()
    assert not owner.employer.logo and owner.employer.logo_url == ""
    assert _stored(media["private"]) == set()
    assert client.get(reverse("employers:logo", args=["brightlane"])).status_code == 404


def test_a_member_who_is_not_an_owner_cannot_change_the_logo(client, owner, media):
    member = EmployerMemberFactory(employer=owner.employer, role=MemberRole.MEMBER)
    client.force_login(member.user)
    _edit(client, _image())
    assert _stored(media["private"]) == set()


def test_an_organisation_without_a_logo_or_an_unknown_one_answers_404(client, owner):
    assert client.get(reverse("employers:logo", args=["brightlane"])).status_code == 404
    assert client.get(reverse("employers:logo", args=["nobody"])).status_code == 404


def test_the_logo_address_changes_when_the_logo_does(client, owner):
    client.force_login(owner.user)
    _edit(client, _image())
    owner.employer.refresh_from_db()
    first = owner.employer.logo_url
    Employer.objects.filter(pk=owner.employer.pk).update(
        updated_at=owner.employer.updated_at.replace(year=2020)
    )
    owner.employer.refresh_from_db()
    assert owner.employer.logo_url != first
    assert owner.employer.logo_url.startswith(reverse("employers:logo", args=["brightlane"]) + "?v=")


def _png_claiming(width: int, height: int) -> SimpleUploadedFile:
    """A tiny PNG whose header claims `width` x `height` pixels (a decompression bomb's calling card)."""
    import struct
    import zlib

    data = _image(size=(1, 1)).read()
    ihdr = data.index(b"IHDR")
    fields = struct.pack(">II", width, height) + data[ihdr + 12 : ihdr + 17]
    chunk = b"IHDR" + fields
    patched = data[:ihdr] + chunk + struct.pack(">I", zlib.crc32(chunk)) + data[ihdr + 4 + 13 + 4 :]
    return SimpleUploadedFile("bomb.png", patched, content_type="image/png")


def test_a_png_claiming_30000_by_30000_pixels_is_refused_with_a_field_error(client, owner, media):
    client.force_login(owner.user)
    response = _edit(client, _png_claiming(30_000, 30_000))
    assert response.status_code == 200
    assert "million pixels" in response.content.decode()
    assert not Employer.objects.get().logo
    assert _stored(media["private"]) == set()


def test_a_real_12000_by_12000_logo_is_refused_for_its_pixels(client, owner, media):
    """144 megapixels in 140 KB: under Pillow's own guard, but far too big to show as a logo."""
    client.force_login(owner.user)
    response = _edit(client, _image(size=(12_000, 12_000)))
    assert response.status_code == 200
    assert "12,000 x 12,000 pixels" in response.content.decode()
    assert not Employer.objects.get().logo


def test_a_logo_of_4000_by_4000_pixels_is_still_accepted(client, owner):
    client.force_login(owner.user)
    assert _edit(client, _image(size=(4_000, 4_000))).status_code == 302
    assert Employer.objects.get().logo
