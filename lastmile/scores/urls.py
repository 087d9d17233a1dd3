from django.urls import URLPattern, URLResolver, include, path

from lastmile.scores import views, views_integrity

app_name = "scores"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.public_ranking, name="public"),
    path("models/", views.public_models, name="models"),
    path("concerns/", views.public_drill, name="public_drill"),
    path("desk/", views.desk_ranking, name="desk"),
    path("desk/export.xlsx", views.desk_export, name="desk_export"),
    path("desk/concerns/", views.desk_drill, name="desk_drill"),
    path("integrity/", views_integrity.integrity, name="integrity"),
    path(
        "integrity/<int:pk>/dismiss/", views_integrity.integrity_dismiss, name="integrity_dismiss"
    ),
    path("evaluation/", include("lastmile.scores.evaluation.urls")),
]
