"""The permission matrix's rules: one entry per URL name, as data.

Every URL pattern of the site (``lastmile.tests.permissions.urls.endpoints``) must have an entry
here, or ``test_registry.py`` fails naming the pattern and this file. An entry says:

- ``access``: who may reach the endpoint at all —
  ``PUBLIC`` (anyone, anonymous included), ``LOGIN`` (any signed-in person; a person's own
  objects only), ``STAFF`` (members of a unit or holders of an area role; residents,
  volunteers and party members without a staff role are refused), ``CHANNEL`` (Open311 and
  WeChat: authenticated by their own keys and signatures, not by a session), ``ACCOUNT``
  (Django's sign-in and password pages), ``ADMIN`` (Django admin: ``is_staff`` users only).
- ``obj``: the fixture object the URL points at (a key of ``world.populate``'s dict), or None.
  Objects belong to a side: "in" (the acting role's own world) or "out" (the other world, a
  different district). Cells with "out" objects must answer exactly what the same URL answers
  for an object that does not exist (404, or 403 when the role may not use the endpoint at
  all): an outsider must not learn that the object exists.
- ``kw``: how to build the URL's kwargs, ``{"param": "kind.attr"}`` from the fixture objects,
  or ``"=literal"``.
- ``methods``: the HTTP methods it accepts (API entries take theirs from the ninja routers).
- ``allow``: the roles that must succeed (2xx/3xx) on their own side's object; ``None`` when
  the rule is only "refuse everyone the access class refuses". ``ANY`` = every role the access
  class lets in.
- ``public_obj``: the object is public (board, notices, published wishes): "out" cells may show it.
- ``post_refused_only``: POST cells are checked only for refused roles (the endpoint writes for
  allowed roles, e.g. a form that creates something).

How to add an endpoint: see ``docs/development/permissions.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PUBLIC, LOGIN, STAFF, CHANNEL, ACCOUNT, ADMIN = (
    "public",
    "login",
    "staff",
    "channel",
    "account",
    "admin",
)
G, P, GP = ("GET",), ("POST",), ("GET", "POST")

# Roles (logins of ``world.build_matrix``; every one but the x_ roles lives in the "t" world).
NON_STAFF = frozenset({"resident", "resident2", "vol", "member", "outsider"})
STAFF_ROLES = frozenset(
    {
        "gridder",
        "handler",
        "handler2",
        "leader",
        "c1_handler",
        "c2_handler",
        "dispatcher",
        "supervisor",
        "admin",
        "v_secretary",
        "v_committee",
        "agent",
        "x_dispatcher",
        "x_c1_handler",
        "superuser",
    }
)
ROLES = ("anonymous", *sorted(NON_STAFF), *sorted(STAFF_ROLES - {"agent"}), "agent")
ANY = frozenset({"*"})

# Who works on 东风社区 (c1) objects: its unit, the street's dispatcher, the district's
# supervisor and admin, the grid worker of its first grid.
C1_STAFF = frozenset({"c1_handler", "dispatcher", "supervisor", "admin", "superuser"})
# Who works on 桃园村 (v1) objects: the branch, the street and the district.
V1_STAFF = frozenset(
    {"v_secretary", "v_committee", "dispatcher", "supervisor", "admin", "superuser"}
)


@dataclass(frozen=True)
class Rule:
    access: str
    obj: str | None = None
    kw: dict[str, str] = field(default_factory=dict)
    methods: tuple[str, ...] = G
    allow: frozenset[str] | None = None
    public_obj: bool = False
    note: str = ""


def R(access: str, obj: str | None = None, methods: tuple[str, ...] = G, **kw: str) -> Rule:
    """Shorthand: ``R(STAFF, "concern", GP, code="concern.code")``."""
    return Rule(access=access, obj=obj, kw=kw, methods=methods)


def pub(obj: str | None = None, methods: tuple[str, ...] = G, **kw: str) -> Rule:
    return Rule(access=PUBLIC, obj=obj, kw=kw, methods=methods, public_obj=True)


# Who must see the fixture's objects (on their own side): the concern in progress at the
# housing bureau in 东风社区第1网格, and 东风社区's own ledger item and wish.
CONCERN_STAFF = frozenset({"handler", "leader", "dispatcher", "supervisor", "admin", "superuser"})
C1_OWNERS = frozenset({"c1_handler", "superuser"})


def _allow(rule: Rule, roles: frozenset[str]) -> Rule:
    return Rule(rule.access, rule.obj, rule.kw, rule.methods, roles, rule.public_obj, rule.note)


def _own(rule: Rule) -> Rule:
    """An action on a public object (a station, goods in the shop, a published wish): the
    object is no secret, so refusing an outsider need not look like "not found"."""
    return Rule(rule.access, rule.obj, rule.kw, rule.methods, rule.allow, True, rule.note)


RULES: dict[str, Rule] = {
    # --- the concern loop: public pages --------------------------------------------------------
    "concerns:home": pub(),
    "concerns:raise": pub(methods=G),
    "concerns:similar": pub(),
    "concerns:submitted": pub("concern_received", code="concern_received.code"),
    "concerns:track_lookup": pub(methods=GP),
    "concerns:track": pub("concern", code="concern.code"),
    "concerns:track_callback": pub("concern", P, code="concern.code"),
    "concerns:board": pub(),
    "concerns:board_detail": pub("concern", code="concern.code"),
    "concerns:me_too": pub("concern", P, code="concern.code"),
    "concerns:attachment": R(PUBLIC, "concern_file", pk="concern_file.pk"),  # checked per file
    # --- the desk ------------------------------------------------------------------------------
    "concerns:desk": R(STAFF),
    "concerns:desk_queue": R(STAFF),
    "concerns:desk_community": R(LOGIN),  # the entries a person's posts and roles give
    "concerns:desk_supervise": R(STAFF),
    "concerns:desk_new": R(STAFF, methods=G),
    "concerns:desk_import": R(STAFF, methods=G),
    "concerns:desk_export": R(STAFF),
    "concerns:desk_privacy_access": R(STAFF),
    "concerns:desk_find": R(STAFF),
    "concerns:desk_concern": _allow(R(STAFF, "concern", code="concern.code"), CONCERN_STAFF),
    "concerns:desk_action": R(STAFF, "concern", P, code="concern.code", action="=reply"),
    # --- API (methods come from the ninja routers) ---------------------------------------------
    "api-v1:openapi-json": pub(),
    "api-v1:openapi-view": pub(),
    "api-v1:api-root": pub(),
    "api-v1:concern_create": pub(),
    "api-v1:concern_list": R(LOGIN),  # scoped: non-staff get an empty list
    "api-v1:board_list": pub(),
    "api-v1:board_detail": pub("concern", code="concern.code"),
    "api-v1:track": pub("concern", code="concern.code"),
    "api-v1:track_callback": pub("concern", code="concern.code"),
    "api-v1:categories": pub(),
    "api-v1:dispatch_rules": R(STAFF),
    "api-v1:dispatch_rule_put": R(STAFF),
    "api-v1:concern_detail": _allow(R(STAFF, "concern", code="concern.code"), CONCERN_STAFF),
    **{
        f"api-v1:concern_{action}": R(STAFF, "concern", code="concern.code")
        for action in (
            "dispatch",
            "divert",
            "answer",
            "sign",
            "object",
            "review_objection",
            "contact",
            "request_extension",
            "decide_extension",
            "reply",
            "request_stop",
            "decide_stop",
            "callback",
            "reopen",
            "assist_report",
            "merge",
        )
    },
    "api-v1:areas": pub(),
    "api-v1:units": pub(),
    # --- Open311 and WeChat: their own keys ----------------------------------------------------
    "open311:root": Rule(CHANNEL),
    "open311:discovery": Rule(CHANNEL, kw={"fmt": "=json"}),
    "open311:services": Rule(CHANNEL, kw={"fmt": "=json"}),
    "open311:service": Rule(CHANNEL, kw={"code": "=01.01.01", "fmt": "=json"}),
    "open311:requests": Rule(CHANNEL, kw={"fmt": "=json"}, methods=GP),
    "open311:request": Rule(
        CHANNEL, obj="concern", kw={"request_id": "concern.code", "fmt": "=json"}, public_obj=True
    ),
    "open311:token": Rule(CHANNEL, kw={"token": "=nosuchtoken", "fmt": "=json"}),
    "open311:updates": Rule(CHANNEL, kw={"fmt": "=json"}),
    "wechat:endpoint": Rule(CHANNEL, methods=GP),
    # --- insight -------------------------------------------------------------------------------
    "insight:briefing": R(STAFF),
    "insight:briefing_pdf": R(STAFF),
    "insight:briefing_xlsx": R(STAFF),
    "insight:briefing_agenda": R(STAFF, methods=P),
    "insight:geo_grids": pub(),
    "insight:geo_board": pub(),
    "insight:geo_desk": R(STAFF),
    "insight:geo_locate": pub(),
    # --- scores --------------------------------------------------------------------------------
    "scores:public": pub(),
    "scores:models": pub(),
    "scores:public_drill": pub(),
    "scores:desk": R(STAFF),
    "scores:desk_export": R(STAFF),
    "scores:desk_drill": R(STAFF),
    "scores:integrity": R(STAFF),
    "scores:integrity_dismiss": R(STAFF, "flag", P, pk="flag.pk"),
    "scores:evaluation:track_evaluate": pub("concern", GP, code="concern.code"),
    "scores:evaluation:rounds": R(LOGIN),
    "scores:evaluation:round_answer": R(LOGIN, None, pk="=999999"),
    "scores:evaluation:desk_rounds": R(STAFF),
    "scores:evaluation:desk_round": R(STAFF, None, pk="=999999"),
    "scores:evaluation:desk_round_action": R(STAFF, None, P, pk="=999999", action="=close"),
    "scores:evaluation:desk_behind": R(STAFF),
    # --- privacy: a person's own data ---------------------------------------------------------
    "privacy:me": R(LOGIN),
    "privacy:export_json": R(LOGIN),
    "privacy:export_xlsx": R(LOGIN),
    "privacy:delete_request": R(LOGIN, methods=G),
    "privacy:desk": R(STAFF),
    "privacy:decide": R(STAFF, None, P, pk="=999999", action="=approve"),
    # --- rectify -------------------------------------------------------------------------------
    "rectify:search": pub(),
    "rectify:evidence": R(PUBLIC, "evidence", pk="evidence.pk"),  # private evidence
    "rectify:desk": R(STAFF),
    "rectify:desk_new": R(STAFF, methods=G),
    "rectify:desk_export": R(STAFF),
    "rectify:desk_item": _allow(R(STAFF, "ledger", number="ledger.number"), C1_OWNERS),
    "rectify:desk_action": R(STAFF, "ledger", P, number="ledger.number", action="=note"),
    "rectify:public_item": pub("ledger", number="ledger.number"),
    # --- wishes --------------------------------------------------------------------------------
    "wishes:wall": pub(),
    "wishes:submit": pub(methods=G),
    "wishes:submitted": pub("wish", code="wish.code"),
    "wishes:summary": pub(),
    "wishes:photo": pub("wish_photo", pk="wish_photo.pk"),
    "wishes:lookup": pub(methods=G),
    "wishes:family": pub("wish", code="wish.code"),
    "wishes:family_confirm": pub("wish", P, code="wish.code"),
    "wishes:mine": R(LOGIN),
    "wishes:claim_action": R(LOGIN, "wish_claim", P, pk="wish_claim.pk", action="=contact"),
    "wishes:desk": R(STAFF),
    "wishes:desk_new": R(STAFF, methods=G),
    "wishes:desk_import": R(STAFF, methods=G),
    "wishes:desk_rounds": R(STAFF, methods=G),
    "wishes:desk_round": R(STAFF, "wish_round", pk="wish_round.pk"),
    "wishes:desk_wish": _allow(R(STAFF, "wish", code="wish.code"), C1_OWNERS),
    "wishes:desk_action": R(STAFF, "wish", P, code="wish.code", action="=edit"),
    "wishes:detail": pub("wish", code="wish.code"),
    "wishes:claim": _own(R(LOGIN, "wish", P, code="wish.code")),
    # --- merits --------------------------------------------------------------------------------
    "merits:home": pub(),
    "merits:deeds": pub(),
    "merits:ranking": pub(),
    "merits:shop": pub(),
    "merits:goods_picture": pub("goods", pk="goods.pk"),
    "merits:reserve": _own(R(LOGIN, "goods", P, pk="goods.pk")),
    "merits:story": pub("story", pk="story.pk"),
    "merits:story_photo": pub("story", pk="story.pk"),
    "merits:me": R(LOGIN),
    "merits:report": pub(),  # anonymous visitors get "sign in to report" (200)
    "merits:my_cancel": R(LOGIN, "redemption", P, pk="redemption.pk"),
    "merits:desk": R(STAFF),
    "merits:desk_record": R(STAFF, methods=G),
    "merits:desk_deed": R(STAFF, "deed", pk="deed.pk"),
    "merits:desk_deed_action": R(STAFF, "deed", P, pk="deed.pk", action="=reject"),
    "merits:desk_counter": R(STAFF),
    "merits:desk_redemption_action": R(
        STAFF, "redemption", P, pk="redemption.pk", action="=cancel"
    ),
    "merits:desk_goods": R(STAFF, methods=G),
    "merits:desk_goods_edit": R(STAFF, "goods", pk="goods.pk"),
    "merits:desk_stories": R(STAFF, methods=G),
    "merits:desk_story_withdraw": R(STAFF, "story", P, pk="story.pk"),
    "merits:desk_tallies": R(STAFF),
    "merits:desk_tallies_xlsx": R(STAFF),
    # --- decisions -----------------------------------------------------------------------------
    "decisions:board": pub(),
    "decisions:desk": R(STAFF),
    "decisions:desk_new": R(STAFF, methods=G),
    "decisions:desk_setting": R(STAFF, "matter_area", area_pk="matter_area.pk"),
    "decisions:attachment": R(STAFF, None, pk="=999999"),
    "decisions:desk_matter": R(STAFF, "matter", number="matter.number"),
    "decisions:desk_archive": R(STAFF, "matter", number="matter.number"),
    "decisions:desk_action": R(STAFF, "matter", P, number="matter.number", key="=implementation"),
    "decisions:public_matter": pub("matter", number="matter.number"),
    # --- outreach ------------------------------------------------------------------------------
    "outreach:mine": R(LOGIN),  # cadres hold posts, not always memberships
    "outreach:visit_new": R(LOGIN, methods=G),
    "outreach:visit": R(STAFF, "visit", pk="visit.pk"),
    "outreach:visit_concern": R(STAFF, "visit", P, pk="visit.pk"),
    "outreach:followup_add": R(STAFF, "visit", P, pk="visit.pk"),
    "outreach:followup_done": R(STAFF, "followup", P, pk="followup.pk"),
    "outreach:followup_reopen": R(STAFF, "followup", P, pk="followup.pk"),
    "outreach:household": R(STAFF, "household", pk="household.pk"),
    "outreach:coverage": R(STAFF),
    "outreach:coverage_xlsx": R(STAFF),
    "outreach:cadres": R(STAFF),
    "outreach:links": R(STAFF),
    "outreach:link_new": R(STAFF, methods=P),
    "outreach:link_end": R(STAFF, "link", P, pk="link.pk"),
    # --- stations ------------------------------------------------------------------------------
    "stations:list": pub(),
    "stations:station": pub("station", pk="station.pk"),
    "stations:check_in": _own(R(LOGIN, "station", P, pk="station.pk")),
    "stations:check_out": _own(R(LOGIN, "station", P, pk="station.pk")),
    "stations:guides": pub(),
    "stations:guide": pub("guide", pk="guide.pk"),
    "stations:desk": R(LOGIN),  # anyone may be on a duty roster
    "stations:my_duty": R(LOGIN),
    "stations:roster_index": R(STAFF),
    "stations:roster": R(STAFF, "station", pk="station.pk"),
    "stations:roster_remove": R(STAFF, "shift", P, pk="shift.station_id", shift="shift.pk"),
    "stations:missed": R(STAFF),
    "stations:requests": R(STAFF),
    "stations:request_new": R(STAFF, methods=G),
    "stations:incoming": R(STAFF),
    "stations:request": R(STAFF, "agent_request", pk="agent_request.pk"),
    "stations:request_action": R(
        STAFF, "agent_request", P, pk="agent_request.pk", action="=cancel"
    ),
    # --- bulletin ------------------------------------------------------------------------------
    "notices:list": pub(),
    "notices:detail": pub("notice", pk="notice.pk"),
    "notices:attachment": pub("notice_file", pk="notice_file.pk"),
    "notices:desk": R(STAFF),
    "notices:desk_new": R(STAFF, methods=G),
    "notices:desk_notice": R(STAFF, "notice", pk="notice.pk"),
    "notices:desk_attach": R(STAFF, "notice", P, pk="notice.pk"),
    "notices:desk_detach": R(
        STAFF, "notice_file", P, pk="notice_file.notice_id", file_pk="notice_file.pk"
    ),
    "notices:desk_action": R(STAFF, "notice", P, pk="notice.pk", action="=withdraw"),
    "messages:list": pub(),
    "messages:new": pub(methods=G),
    "messages:detail": pub("post", pk="post.pk"),
    "messages:desk": R(STAFF),
    "messages:desk_post": R(STAFF, "post", pk="post.pk"),
    "messages:desk_reply": R(STAFF, "post", P, pk="post.pk"),
    "messages:desk_moderate": R(STAFF, "post", P, pk="post.pk"),
    "messages:desk_convert": R(STAFF, "post", P, pk="post.pk"),
    # --- learning ------------------------------------------------------------------------------
    "learning:home": R(LOGIN),
    "learning:record": R(LOGIN),
    "learning:course": R(LOGIN, "course", pk="course.pk"),
    "learning:quiz": R(LOGIN, "course", pk="course.pk"),
    "learning:attempt": R(LOGIN, "course", pk="course.pk", number="=1"),
    "learning:item": R(LOGIN, "course_item", pk="course_item.pk"),
    "learning:beat": R(LOGIN, "course_item", P, pk="course_item.pk"),
    "learning:document": R(LOGIN, "course_item", pk="course_item.pk"),
    "learning:digests": R(LOGIN),
    "learning:digest": R(LOGIN, None, pk="=999999"),
    "learning:desk": R(STAFF),
    "learning:desk_new": R(STAFF, methods=G),
    "learning:desk_course": R(STAFF, "course", pk="course.pk"),
    "learning:desk_course_edit": R(STAFF, "course", pk="course.pk"),
    "learning:desk_assign": R(STAFF, "course", pk="course.pk"),
    "learning:desk_question_new": R(STAFF, "course", pk="course.pk"),
    "learning:desk_item_new": R(STAFF, "course", pk="course.pk", kind="=article"),
    "learning:desk_course_action": R(STAFF, "course", P, pk="course.pk", action="=archive"),
    "learning:desk_item_edit": R(STAFF, "course_item", pk="course_item.pk"),
    "learning:desk_item_remove": R(STAFF, "course_item", P, pk="course_item.pk"),
    "learning:desk_item_document": R(STAFF, "course_item", pk="course_item.pk"),
    "learning:desk_question_remove": R(STAFF, "question", P, pk="question.pk"),
    "learning:desk_assignment_cancel": R(STAFF, "assignment", P, pk="assignment.pk"),
    "learning:desk_hours": R(STAFF),
    "learning:desk_hours_xlsx": R(STAFF),
    # --- notifications, accounts ---------------------------------------------------------------
    "notify:inbox": R(LOGIN),
    "notify:mark_read": R(LOGIN, methods=P),
    "set_language": Rule(ACCOUNT, methods=P),
    "signup": Rule(ACCOUNT),
    "after_login": R(LOGIN),
    "login": Rule(ACCOUNT),
    "logout": Rule(ACCOUNT, methods=P),
    "password_change": R(LOGIN),
    "password_change_done": R(LOGIN),
    "password_reset": Rule(ACCOUNT),
    "password_reset_done": Rule(ACCOUNT),
    "password_reset_confirm": Rule(ACCOUNT, kw={"uidb64": "=MQ", "token": "=set-password"}),
    "password_reset_complete": Rule(ACCOUNT),
}

# Cells known to fail, each with its reason: run as xfail(strict=True), so fixing one makes the
# run fail until its entry is removed here.
XFAIL: dict[str, str] = {}

# Django admin: every pattern under /admin/ is for ``is_staff`` users only (one rule, by prefix).
ADMIN_PREFIX = "admin/"
