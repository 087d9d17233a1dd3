from django.urls import URLPattern, URLResolver, path

from lastmile.decisions.views import archive, desk, matter, public

app_name = "decisions"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", public.board, name="board"),
    path("desk/", desk.matters, name="desk"),
    path("desk/new/", desk.new_matter, name="desk_new"),
    path("desk/settings/<int:area_pk>/", desk.area_setting, name="desk_setting"),
    path("desk/files/<int:pk>/", archive.attachment, name="attachment"),
    path("desk/<str:number>/", matter.matter_detail, name="desk_matter"),
    path("desk/<str:number>/archive.pdf", archive.archive_pdf, name="desk_archive"),
    path("desk/<str:number>/do/<str:key>/", matter.matter_action, name="desk_action"),
    path("<str:number>/", public.matter, name="public_matter"),
]
