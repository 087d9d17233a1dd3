"""Only the WeChat endpoint, so these tests do not depend on the rest of the URL tree."""

from django.urls import include, path

urlpatterns = [path("wechat/", include("lastmile.wechat.urls"))]
