"""Browsers ask every site for /favicon.ico (on the admin, the API, a file opened in a tab): a real icon."""

import io

from PIL import Image


def test_the_favicon_is_an_icon_at_the_site_root(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    body = b"".join(response.streaming_content) if response.streaming else response.content
    with Image.open(io.BytesIO(body)) as icon:
        assert icon.format == "ICO"
        assert (32, 32) in icon.info["sizes"]
