from django.urls import URLPattern, URLResolver, path

from lastmile.merits.views import desk, me, public, shop_desk, stories_desk, tallies

app_name = "merits"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", public.home, name="home"),
    path("deeds/", public.deeds, name="deeds"),
    path("ranking/", public.ranking, name="ranking"),
    path("shop/", public.shop, name="shop"),
    path("shop/<int:pk>/picture/", public.goods_picture, name="goods_picture"),
    path("shop/<int:pk>/reserve/", me.reserve, name="reserve"),
    path("stories/<int:pk>/", public.story, name="story"),
    path("stories/<int:pk>/photo/", public.story_photo, name="story_photo"),
    path("me/", me.me, name="me"),
    path("me/report/", me.report, name="report"),
    path("me/reservations/<int:pk>/cancel/", me.cancel_reservation, name="my_cancel"),
    path("desk/", desk.overview, name="desk"),
    path("desk/record/", desk.record, name="desk_record"),
    path("desk/deeds/<int:pk>/", desk.deed_detail, name="desk_deed"),
    path("desk/deeds/<int:pk>/<str:action>/", desk.deed_action, name="desk_deed_action"),
    path("desk/counter/", shop_desk.counter, name="desk_counter"),
    path(
        "desk/redemptions/<int:pk>/<str:action>/",
        shop_desk.redemption_action,
        name="desk_redemption_action",
    ),
    path("desk/goods/", shop_desk.goods_list, name="desk_goods"),
    path("desk/goods/<int:pk>/", shop_desk.goods_edit, name="desk_goods_edit"),
    path("desk/stories/", stories_desk.stories, name="desk_stories"),
    path(
        "desk/stories/<int:pk>/withdraw/", stories_desk.story_withdraw, name="desk_story_withdraw"
    ),
    path("desk/tallies/", tallies.tallies, name="desk_tallies"),
    path("desk/tallies.xlsx", tallies.tallies_xlsx, name="desk_tallies_xlsx"),
]
