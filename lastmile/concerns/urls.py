from django.urls import path

from lastmile.concerns.views import desk, desk_community, desk_io, desk_privacy, files, public

app_name = "concerns"

urlpatterns = [
    # Residents and the public (no login)
    path("", public.home, name="home"),
    path("raise/", public.raise_concern, name="raise"),
    path("raise/similar/", public.similar, name="similar"),
    path("raise/done/<str:code>/", public.submitted, name="submitted"),
    path("track/", public.track_lookup, name="track_lookup"),
    path("track/<str:code>/", public.track, name="track"),
    path("track/<str:code>/callback/", public.track_callback, name="track_callback"),
    path("board/", public.board, name="board"),
    path("board/<str:code>/", public.board_detail, name="board_detail"),
    path("board/<str:code>/me-too/", public.me_too, name="me_too"),
    path("files/<int:pk>/", files.attachment, name="attachment"),
    # Staff desk (login)
    path("desk/", desk.inbox, name="desk"),
    path("desk/queue/", desk.queue, name="desk_queue"),
    path("desk/community/", desk_community.community, name="desk_community"),
    path("desk/supervise/", desk.supervise, name="desk_supervise"),
    path("desk/new/", desk.new_concern, name="desk_new"),
    path("desk/import/", desk_io.import_page, name="desk_import"),
    path("desk/export.xlsx", desk_io.export_xlsx, name="desk_export"),
    path("desk/privacy/access/", desk_privacy.access_log, name="desk_privacy_access"),
    path("desk/find/", desk_privacy.find_caller, name="desk_find"),
    path("desk/c/<str:code>/", desk.concern_detail, name="desk_concern"),
    path("desk/c/<str:code>/<str:action>/", desk.concern_action, name="desk_action"),
]
