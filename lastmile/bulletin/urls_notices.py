from django.urls import URLPattern, URLResolver, path

from lastmile.bulletin.views import notices, notices_desk

app_name = "notices"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", notices.notice_list, name="list"),
    path("<int:pk>/", notices.notice_detail, name="detail"),
    path("files/<int:pk>/", notices.attachment, name="attachment"),
    path("desk/", notices_desk.desk_list, name="desk"),
    path("desk/new/", notices_desk.desk_new, name="desk_new"),
    path("desk/<int:pk>/", notices_desk.desk_notice, name="desk_notice"),
    path("desk/<int:pk>/attach/", notices_desk.desk_attach, name="desk_attach"),
    path(
        "desk/<int:pk>/files/<int:file_pk>/delete/",
        notices_desk.desk_detach,
        name="desk_detach",
    ),
    path("desk/<int:pk>/<str:action>/", notices_desk.desk_action, name="desk_action"),
]
