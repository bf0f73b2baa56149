"""Tokens (issued in the admin, stored hashed) and the limits per address and per token."""

import pytest

from articles.api.tokens import hash_key, issue
from articles.models import ApiToken


@pytest.fixture
def token_key(db):
    token = ApiToken(name="A researcher")
    key = issue(token)
    token.save()
    return key


def test_the_admin_shows_a_new_token_once_and_stores_its_hash(admin_client):
    response = admin_client.post(
        "/admin/articles/apitoken/add/",
        {"name": "Notebook", "rate": "", "active": "on"},
        follow=True,
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(name="Notebook")
    [message] = [str(m) for m in response.context["messages"] if "copy it now" in str(m)]
    key = message.split(" is ")[1].split(" ")[0]
    assert token.key_hash == hash_key(key) and key not in token.key_hash
    assert key.startswith(token.prefix)


def test_the_admin_refuses_a_malformed_rate(admin_client):
    response = admin_client.post("/admin/articles/apitoken/add/", {"name": "X", "rate": "lots"})
    assert response.status_code == 200
    assert "rate" in response.context["adminform"].form.errors
    assert not ApiToken.objects.exists()


def test_anonymous_requests_are_limited_per_address(client, db, settings):
    settings.ARCHIVE_API_ANON_RATE = "3/min"
    statuses = [client.get("/api/v1/sources").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/sources")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert response.json()["detail"]
    other = client.get("/api/v1/sources", REMOTE_ADDR="10.0.0.2")
    assert other.status_code == 200


def test_a_token_has_its_own_higher_limit(client, token_key, settings):
    settings.ARCHIVE_API_ANON_RATE = "2/min"
    settings.ARCHIVE_API_TOKEN_RATE = "5/min"
    auth = {"Authorization": f"Bearer {token_key}"}
    statuses = [client.get("/api/v1/sources", headers=auth).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    assert ApiToken.objects.get().last_used_on is not None


def test_a_tokens_own_rate_wins(client, token_key, settings):
    ApiToken.objects.update(rate="1/min")
    auth = {"Authorization": f"Bearer {token_key}"}
    assert [client.get("/api/v1/topics", headers=auth).status_code for _ in range(2)] == [200, 429]


def test_a_wrong_or_revoked_token_is_refused(client, token_key):
    wrong = client.get("/api/v1/sources", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.json()["detail"]
    ApiToken.objects.update(active=False)
    revoked = client.get("/api/v1/sources", headers={"Authorization": f"Bearer {token_key}"})
    assert revoked.status_code == 401
