from django.contrib import admin
from django.urls import include, path, re_path

from archive.health import healthz
from articles.api.endpoints import api, unknown_path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    re_path(r"^api/", unknown_path),  # a JSON 404, not the site's HTML page
    path("", include("articles.web.urls")),
]
