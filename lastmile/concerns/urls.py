from django.urls import path

from lastmile.concerns.views import desk, public

app_name = "concerns"

urlpatterns = [
    path("", public.home, name="home"),
]
