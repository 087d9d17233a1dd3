from django.urls import URLPattern, path

from lastmile.insight import views_briefing, views_geo

app_name = "insight"
urlpatterns: list[URLPattern] = [
    # 民情分析会 briefing (views_briefing.py)
    path("briefing/", views_briefing.briefing_page, name="briefing"),
    path("briefing/pdf/", views_briefing.briefing_pdf, name="briefing_pdf"),
    path("briefing/xlsx/", views_briefing.briefing_xlsx, name="briefing_xlsx"),
    path("briefing/agenda.xlsx", views_briefing.agenda_xlsx, name="briefing_agenda"),
    # Maps (views_geo.py): read-only GeoJSON
    path("geo/grids.json", views_geo.grids, name="geo_grids"),
    path("geo/board.json", views_geo.board, name="geo_board"),
    path("geo/desk.json", views_geo.desk, name="geo_desk"),
    path("geo/locate.json", views_geo.locate, name="geo_locate"),
]
