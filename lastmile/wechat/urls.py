from django.urls import URLPattern

app_name = "wechat"
urlpatterns: list[URLPattern] = []
