from django.urls import URLPattern, path

from lastmile.scores.evaluation import views, views_desk

app_name = "evaluation"
urlpatterns: list[URLPattern] = [
    path("track/<str:code>/", views.track_evaluate, name="track_evaluate"),
    path("rounds/", views.rounds, name="rounds"),
    path("rounds/<int:pk>/", views.round_answer, name="round_answer"),
    path("desk/", views_desk.desk_rounds, name="desk_rounds"),
    path("desk/<int:pk>/", views_desk.desk_round, name="desk_round"),
    path("desk/<int:pk>/<str:action>/", views_desk.desk_round_action, name="desk_round_action"),
    path("desk/behind/", views_desk.desk_behind, name="desk_behind"),
]
