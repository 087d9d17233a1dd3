from django.urls import URLPattern

app_name = "rectify"
urlpatterns: list[URLPattern] = []
