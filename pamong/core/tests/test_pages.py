from django.urls import reverse


def test_home_page_names_the_regency(client, regency):
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert "Kabupaten Bojonegoro" in response.content.decode()


def test_unknown_url_gets_the_styled_404_page(client, db):
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    assert "<h1>" in response.content.decode()
