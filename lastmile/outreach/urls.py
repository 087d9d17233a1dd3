from django.urls import path

from lastmile.outreach.views import community, households, links, mine, visits

app_name = "outreach"

urlpatterns = [
    path("", mine.mine, name="mine"),
    path("visits/new/", visits.visit_new, name="visit_new"),
    path("visits/<int:pk>/", visits.visit_detail, name="visit"),
    path("visits/<int:pk>/concern/", visits.visit_concern, name="visit_concern"),
    path("visits/<int:pk>/followups/", visits.followup_add, name="followup_add"),
    path("followups/<int:pk>/done/", visits.followup_done, name="followup_done"),
    path("followups/<int:pk>/reopen/", visits.followup_reopen, name="followup_reopen"),
    path("households/<int:pk>/", households.household_detail, name="household"),
    path("coverage/", community.coverage, name="coverage"),
    path("coverage.xlsx", community.coverage_xlsx, name="coverage_xlsx"),
    path("cadres/", community.cadres, name="cadres"),
    path("links/", links.links, name="links"),
    path("links/new/", links.link_new, name="link_new"),
    path("links/<int:pk>/end/", links.link_end, name="link_end"),
]
