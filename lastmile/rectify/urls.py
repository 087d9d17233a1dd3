from django.urls import path

from lastmile.rectify.views import desk, item, public

app_name = "rectify"

urlpatterns = [
    path("", public.search, name="search"),
    path("files/<int:pk>/", public.evidence, name="evidence"),
    path("desk/", desk.ledger, name="desk"),
    path("desk/new/", desk.new_item, name="desk_new"),
    path("desk/export.xlsx", desk.export_xlsx, name="desk_export"),
    path("desk/<str:number>/", item.item_detail, name="desk_item"),
    path("desk/<str:number>/<str:action>/", item.item_action, name="desk_action"),
    path("<str:number>/", public.detail, name="public_item"),
]
