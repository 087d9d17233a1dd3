from django.contrib.auth.decorators import login_required
from django.urls import URLPattern, URLResolver, path

from lastmile.learning.views import desk, desk_items, digest, hours, member, quiz

app_name = "learning"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", member.home, name="home"),
    path("record/", member.record, name="record"),
    path("course/<int:pk>/", member.course, name="course"),
    path("course/<int:pk>/quiz/", quiz.quiz, name="quiz"),
    path("course/<int:pk>/quiz/<int:number>/", quiz.attempt, name="attempt"),
    path("item/<int:pk>/", member.item, name="item"),
    path("item/<int:pk>/beat/", member.beat, name="beat"),
    path("item/<int:pk>/document/", member.document, name="document"),
    path("digest/", digest.digests, name="digests"),
    path("digest/<int:pk>/", digest.digest, name="digest"),
    # staff: sign in first (the views then check the learning-management role)
    path("desk/", login_required(desk.courses), name="desk"),
    path("desk/new/", login_required(desk.course_new), name="desk_new"),
    path("desk/course/<int:pk>/", login_required(desk.course_detail), name="desk_course"),
    path("desk/course/<int:pk>/edit/", login_required(desk.course_edit), name="desk_course_edit"),
    path("desk/course/<int:pk>/assign/", login_required(desk_items.assign), name="desk_assign"),
    path(
        "desk/course/<int:pk>/questions/new/",
        login_required(desk_items.question_new),
        name="desk_question_new",
    ),
    path(
        "desk/course/<int:pk>/items/new/<str:kind>/",
        login_required(desk_items.item_new),
        name="desk_item_new",
    ),
    path(
        "desk/course/<int:pk>/<str:action>/",
        login_required(desk.course_action),
        name="desk_course_action",
    ),
    path("desk/item/<int:pk>/", login_required(desk_items.item_edit), name="desk_item_edit"),
    path(
        "desk/item/<int:pk>/remove/",
        login_required(desk_items.item_remove),
        name="desk_item_remove",
    ),
    path(
        "desk/item/<int:pk>/document/",
        login_required(desk_items.item_document),
        name="desk_item_document",
    ),
    path(
        "desk/question/<int:pk>/remove/",
        login_required(desk_items.question_remove),
        name="desk_question_remove",
    ),
    path(
        "desk/assignment/<int:pk>/cancel/",
        login_required(desk_items.assignment_cancel),
        name="desk_assignment_cancel",
    ),
    path("desk/hours/", login_required(hours.report), name="desk_hours"),
    path("desk/hours.xlsx", login_required(hours.report_xlsx), name="desk_hours_xlsx"),
]
