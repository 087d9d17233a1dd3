from django.urls import URLPattern, path

from lastmile.privacy import views

app_name = "privacy"
urlpatterns: list[URLPattern] = [
    path("me/data/", views.me, name="me"),
    path("me/data/export.json", views.export_json, name="export_json"),
    path("me/data/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("me/data/delete/", views.delete_request, name="delete_request"),
    path("desk/privacy/", views.desk, name="desk"),
    path("desk/privacy/<int:pk>/<str:action>/", views.decide, name="decide"),
]
