"""The page's static files: the icon browsers ask for by themselves."""

from __future__ import annotations


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")
    assert client.get("/static/favicon.svg").content == response.content


def test_the_page_links_the_icon(client):
    assert '<link rel="icon" href="/static/favicon.svg"' in client.get("/").text
