from django.contrib import admin
from django.urls import include, path, re_path

from archive.health import healthz
from articles.api import endpoints

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/v1/", endpoints.urls()),
    re_path(r"^api/", endpoints.unknown_path),  # a JSON 404, not the site's HTML page
    path("", include("articles.web.urls")),
]
