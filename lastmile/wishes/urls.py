from django.urls import URLPattern, URLResolver, path

from lastmile.wishes.views import desk, desk_wish, family, mine, public, rounds

app_name = "wishes"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", public.wall, name="wall"),
    path("new/", public.submit, name="submit"),
    path("new/<str:code>/", public.submitted, name="submitted"),
    path("summary/", public.summary, name="summary"),
    path("photos/<int:pk>/", public.photo, name="photo"),
    path("family/", family.lookup, name="lookup"),
    path("family/<str:code>/", family.family, name="family"),
    path("family/<str:code>/confirm/", family.family_confirm, name="family_confirm"),
    path("mine/", mine.mine, name="mine"),
    path("mine/<int:pk>/<str:action>/", mine.claim_action, name="claim_action"),
    path("desk/", desk.desk, name="desk"),
    path("desk/new/", desk.collect, name="desk_new"),
    path("desk/import/", desk.import_page, name="desk_import"),
    path("desk/rounds/", rounds.rounds, name="desk_rounds"),
    path("desk/rounds/<int:pk>/", rounds.round_page, name="desk_round"),
    path("desk/w/<str:code>/", desk_wish.wish_page, name="desk_wish"),
    path("desk/w/<str:code>/<str:action>/", desk_wish.wish_action, name="desk_action"),
    path("w/<str:code>/", public.detail, name="detail"),
    path("w/<str:code>/claim/", public.claim, name="claim"),
]
