from django.urls import URLPattern, URLResolver

app_name = "messages"

urlpatterns: list[URLPattern | URLResolver] = []
