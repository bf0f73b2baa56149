from django.contrib import admin
from django.urls import include, path

from archive.health import healthz
from articles.api.endpoints import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("", include("articles.web.urls")),
]
