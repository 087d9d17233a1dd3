"""Open311 GeoReport v2 under /open311/v2/: each resource ends in .xml or .json."""

from django.urls import URLPattern, path, re_path

from lastmile.open311 import views

app_name = "open311"
FMT = r"\.(?P<fmt>[A-Za-z0-9]{1,10})$"

urlpatterns: list[URLPattern] = [
    path("", views.root, name="root"),
    re_path(r"^discovery" + FMT, views.discovery, name="discovery"),
    re_path(r"^services" + FMT, views.service_list, name="services"),
    re_path(r"^services/(?P<code>[^/]{1,64})" + FMT, views.service_definition, name="service"),
    re_path(r"^requests" + FMT, views.requests, name="requests"),
    re_path(r"^requests/(?P<request_id>[^/]{1,64})" + FMT, views.request_detail, name="request"),
    re_path(r"^tokens/(?P<token>[^/]{1,64})" + FMT, views.token_detail, name="token"),
    re_path(r"^servicerequestupdates" + FMT, views.request_updates, name="updates"),
]
