import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_it_serves_the_home_page_in_dutch(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert response["Content-Language"] == "nl-be"
    assert "Proeftuin" in response.text
