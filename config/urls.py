from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from lastmile.api.api import api
from lastmile.orgs import views_signup

admin.site.site_header = "最后一公里 Lastmile"
admin.site.site_title = "Lastmile"

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("open311/v2/", include("lastmile.open311.urls")),
    path("wechat/", include("lastmile.wechat.urls")),
    path("insight/", include("lastmile.insight.urls")),
    path("scores/", include("lastmile.scores.urls")),
    path("rectify/", include("lastmile.rectify.urls")),
    path("wishes/", include("lastmile.wishes.urls")),
    path("merits/", include("lastmile.merits.urls")),
    path("decisions/", include("lastmile.decisions.urls")),
    path("outreach/", include("lastmile.outreach.urls")),
    path("stations/", include("lastmile.stations.urls")),
    path("notices/", include("lastmile.bulletin.urls_notices")),
    path("messages/", include("lastmile.bulletin.urls_messages")),
    path("learn/", include("lastmile.learning.urls")),
    path("notifications/", include("lastmile.notify.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/signup/", views_signup.signup, name="signup"),
    path("accounts/after-login/", views_signup.after_login, name="after_login"),
    path("accounts/login/", views_signup.login_view, name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("lastmile.privacy.urls")),  # /me/data/, /desk/privacy/
    path("", include("lastmile.concerns.urls")),
]

# A clear page (503 + Retry-After when the database is down) instead of Django's bare 500.
handler500 = "lastmile.core.views_errors.server_error"
