from django.urls import URLPattern, URLResolver, path

from lastmile.bulletin.views import board, board_desk

app_name = "messages"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", board.board_list, name="list"),
    path("new/", board.board_new, name="new"),
    path("<int:pk>/", board.board_detail, name="detail"),
    path("desk/", board_desk.queue, name="desk"),
    path("desk/<int:pk>/", board_desk.post_detail, name="desk_post"),
    path("desk/<int:pk>/reply/", board_desk.post_reply, name="desk_reply"),
    path("desk/<int:pk>/moderate/", board_desk.post_moderate, name="desk_moderate"),
    path("desk/<int:pk>/convert/", board_desk.post_convert, name="desk_convert"),
]
