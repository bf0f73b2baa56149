"""What a page allows: inline styles only in the admin, the File row only for staff who may
see articles in the admin."""

import pytest
from django.contrib.auth.models import Permission, User

pytestmark = pytest.mark.django_db


def test_inline_styles_are_allowed_in_the_admin_only(client, admin_client, make_article):
    article = make_article()
    for response in (client.get("/"), client.get(article.get_absolute_url())):
        assert "style-src 'self';" in response["Content-Security-Policy"]
        assert "unsafe-inline" not in response["Content-Security-Policy"]
    admin = admin_client.get("/admin/articles/article/")
    assert "style-src 'self' 'unsafe-inline';" in admin["Content-Security-Policy"]
    assert "unsafe-inline" not in admin_client.get("/")["Content-Security-Policy"]


def test_the_file_row_needs_permission_to_see_articles(client, make_article):
    article = make_article()
    staff = User.objects.create_user("clerk", password="x", is_staff=True)
    client.force_login(staff)
    assert "<dt>File</dt>" not in client.get(article.get_absolute_url()).content.decode()
    staff.user_permissions.add(Permission.objects.get(codename="view_article"))
    staff = User.objects.get(pk=staff.pk)  # permissions are cached on the user
    client.force_login(staff)
    assert "<dt>File</dt>" in client.get(article.get_absolute_url()).content.decode()
