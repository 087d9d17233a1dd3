from django.urls import URLPattern

app_name = "scores"
urlpatterns: list[URLPattern] = []
