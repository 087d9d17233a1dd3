from django.urls import path

from lastmile.wechat import views

app_name = "wechat"
urlpatterns = [path("", views.endpoint, name="endpoint")]
