from django.urls import URLPattern, URLResolver

app_name = "merits"

urlpatterns: list[URLPattern | URLResolver] = []
