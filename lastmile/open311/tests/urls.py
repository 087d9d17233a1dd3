"""The URLs the Open311 tests need (the endpoint and the attachment view), independent of the
rest of the site's routing."""

from django.urls import URLResolver, include, path

urlpatterns: list[URLResolver] = [
    path("open311/v2/", include("lastmile.open311.urls")),
    path("", include("lastmile.concerns.urls")),
]
