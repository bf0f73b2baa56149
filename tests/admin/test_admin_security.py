"""Login attempts are limited; admin search stays within filters."""

import pytest
from django.contrib.auth.models import User

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def editor():
    return User.objects.create_superuser("editor", "e@example.org", "right-Passw0rd!")


def login(client, password):
    return client.post(LOGIN, {"username": "editor", "password": password})


def test_the_admin_login_locks_out_after_five_wrong_passwords(client, editor):
    for _ in range(4):
        assert login(client, "wrong").status_code == 200  # the form again, with an error
    assert login(client, "wrong").status_code == 429
    response = login(client, "right-Passw0rd!")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still asked to log in


def test_the_right_password_works_before_the_limit(client, editor):
    for _ in range(3):
        login(client, "wrong")
    assert login(client, "right-Passw0rd!").status_code == 302
    assert client.get("/admin/").status_code == 200


def test_admin_search_stays_within_the_list_filters(admin_client, make_article):
    wire = make_article(title="Oil sanctions", body="Sanctions on oil.", source="Wire")
    make_article(title="More sanctions", body="Sanctions again.", source="Daily")
    make_article(title="Grain deal", body="Grain moves.", source="Wire")
    response = admin_client.get(
        "/admin/articles/article/", {"source__id__exact": wire.source_id, "q": "sanctions"}
    )
    assert response.status_code == 200
    assert [a.title for a in response.context["cl"].result_list] == ["Oil sanctions"]


def test_admin_search_finds_by_field_and_by_full_text_within_the_filter(admin_client, make_article):
    by_field = make_article(title="Ankara visit", body="A visit.", source="Wire")
    by_text = make_article(title="Talks", body="Ministers met in Ankara.", source="Wire")
    make_article(title="Ankara elsewhere", body="Ankara.", source="Daily")
    response = admin_client.get(
        "/admin/articles/article/", {"source__id__exact": by_field.source_id, "q": "ankara"}
    )
    titles = {a.title for a in response.context["cl"].result_list}
    assert titles == {by_field.title, by_text.title}
