from django.urls import URLPattern, URLResolver, path

from lastmile.stations.views import agents, desk, duty, public, roster

app_name = "stations"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", public.station_list, name="list"),
    path("<int:pk>/", public.station_detail, name="station"),
    path("<int:pk>/check-in/", duty.check_in, name="check_in"),
    path("<int:pk>/check-out/", duty.check_out, name="check_out"),
    path("guides/", public.guide_list, name="guides"),
    path("guides/<int:pk>/", public.guide_detail, name="guide"),
    path("desk/", desk.home, name="desk"),
    path("desk/duty/", duty.my_duty, name="my_duty"),
    path("desk/roster/", roster.roster_index, name="roster_index"),
    path("desk/roster/<int:pk>/", roster.roster, name="roster"),
    path("desk/roster/<int:pk>/remove/<int:shift>/", roster.roster_remove, name="roster_remove"),
    path("desk/missed/", roster.missed, name="missed"),
    path("desk/requests/", agents.my_requests, name="requests"),
    path("desk/requests/new/", agents.request_new, name="request_new"),
    path("desk/requests/incoming/", agents.incoming, name="incoming"),
    path("desk/requests/<int:pk>/", agents.request_detail, name="request"),
    path("desk/requests/<int:pk>/<str:action>/", agents.request_action, name="request_action"),
]
