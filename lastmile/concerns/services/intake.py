"""Intake: a concern arrives from any channel; diversion, answer at intake, and me-too."""

from __future__ import annotations

import hashlib
import hmac
import operator
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from functools import reduce

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.concerns import hooks, permissions
from lastmile.concerns.choices import AttachmentPurpose, Channel, Diversion, Kind, Urgency
from lastmile.concerns.models import Attachment, Category, Concern, MeToo
from lastmile.concerns.services import transition
from lastmile.concerns.uploads import CleanFile
from lastmile.core import audit, workcal
from lastmile.core.conf import setting
from lastmile.core.errors import InvalidInput, NotPermitted
from lastmile.orgs.models import Area, Household
from lastmile.orgs.selectors import Actor, grid_for_point

UploadedFile = CleanFile
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
_MOBILE_LOOSE = re.compile(r"^(?:\+?86-?|0086-?)?(1[3-9]\d)-?(\d{4})-?(\d{4})$")


def normalize_phone(phone: str) -> str:
    """Spaces and brackets dropped; a mobile number loses its +86 prefix and its hyphens
    (138-1234-5678, +86 138 1234 5678 → 13812345678); a landline keeps its area-code hyphen."""
    compact = re.sub(r"[\s()（）]", "", phone or "")
    mobile = _MOBILE_LOOSE.match(compact)
    return "".join(mobile.groups()) if mobile else compact


@dataclass(frozen=True)
class SubmitResult:
    concern: Concern
    pin: str
    created: bool


def pin_for(code: str) -> str:
    """The six-digit PIN of a tracking code (keyed hash: never stored, recomputable)."""
    key = (getattr(settings, "LASTMILE_PIN_KEY", "") or settings.SECRET_KEY).encode()
    digest = hmac.new(key, f"pin:{code}".encode(), hashlib.sha256).digest()
    return f"{int.from_bytes(digest[:6], 'big') % 1_000_000:06d}"


def check_pin(code: str, pin: str) -> bool:
    return hmac.compare_digest(pin_for(code), (pin or "").strip())


def _new_code() -> str:
    stamp = timezone.localtime().strftime("%y%m%d")
    return stamp + "".join(secrets.choice(CODE_ALPHABET) for _ in range(4))


def _validate(
    *,
    title: str,
    text: str,
    kind: str,
    urgency: str,
    phone: str,
    name: str,
    lat: float | None,
    lng: float | None,
) -> None:
    if kind not in Kind.values:
        raise InvalidInput(_("Choose what kind of concern this is."), field="kind")
    if urgency not in Urgency.values:
        raise InvalidInput(_("Choose a valid urgency."), field="urgency")
    if len(text.strip()) < 5:
        raise InvalidInput(
            _("Please describe what happened in at least 5 characters."), field="text"
        )
    if len(text) > 5000:
        raise InvalidInput(_("Please keep the description under 5000 characters."), field="text")
    if len(title) > 120:
        raise InvalidInput(_("Please keep the subject under 120 characters."), field="title")
    if phone and not PHONE_RE.match(phone):
        raise InvalidInput(
            _("Enter an 11-digit mobile number or a landline with area code."), field="phone"
        )
    if len(name) > 64:
        raise InvalidInput(_("Please keep the name under 64 characters."), field="name")
    if (lat is None) != (lng is None):
        raise InvalidInput(_("A location needs both latitude and longitude."), field="lat")
    if lat is not None and lng is not None and not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise InvalidInput(_("The location is outside the map."), field="lat")


def _content_hash(text: str, phone: str, fingerprint: str, *where: object) -> str:
    """Same text from the same person (phone, device) about the same place = a double submit.
    The place and name are part of it so two residents who type the same short sentence
    without a phone never receive each other's concern and PIN."""
    normal = re.sub(r"\s+", "", text)
    place = "|".join("" if w is None else str(w) for w in where)
    return hashlib.sha256(f"{normal}|{phone}|{fingerprint}|{place}".encode()).hexdigest()


def _by_key(idempotency_key: str, channel: str, external_id: str) -> Concern | None:
    """The concern already made with this external id (per channel) or idempotency key."""
    return _lookup(idempotency_key, "", channel, external_id)


def _existing(
    idempotency_key: str, content_hash: str, channel: str = "", external_id: str = ""
) -> Concern | None:
    """The concern a repeat of this submission already made: by external id (per channel), by
    idempotency key, else by the same content within ``DUPLICATE_SUBMIT_SECONDS``."""
    return _lookup(idempotency_key, content_hash, channel, external_id)


def _lookup(
    idempotency_key: str, content_hash: str, channel: str, external_id: str
) -> Concern | None:
    """One query for all three ways a repeat is recognised (each term has its index, so the
    database ORs three index look-ups); only the primary keys and the matching columns are
    read, and the full row only when there is a match (a repeat: rare). The external id wins
    over the key, the key over the content hash; among content matches the first made."""
    terms: list[Q] = []
    if external_id:
        terms.append(Q(channel=channel, external_id=external_id))
    if idempotency_key:
        terms.append(Q(idempotency_key=idempotency_key))
    if content_hash:
        window = timezone.now() - timedelta(seconds=setting("DUPLICATE_SUBMIT_SECONDS"))
        terms.append(Q(content_hash=content_hash, created_at__gte=window))
    if not terms:
        return None
    rows = (
        Concern.objects.filter(reduce(operator.or_, terms))
        .order_by()
        .values_list("pk", "channel", "external_id", "idempotency_key")
    )

    def rank(row: tuple[int, str, str, str]) -> tuple[int, int]:
        pk, row_channel, row_external, row_key = row
        if external_id and (row_channel, row_external) == (channel, external_id):
            return 0, pk
        if idempotency_key and row_key == idempotency_key:
            return 1, pk
        return 2, pk

    found = min(rows, key=rank, default=None)
    return Concern.objects.get(pk=found[0]) if found else None


def _store_files(concern: Concern, files: list[CleanFile], purpose: str, public: bool) -> None:
    for item in files:
        attachment = Attachment(
            concern=concern,
            purpose=purpose,
            original_name=item.name,
            content_type=item.content_type,
            size=len(item.content),
            is_public=public,
        )
        attachment.file.save(item.name, ContentFile(item.content), save=False)
        attachment.save()


def concern_submit(
    *,
    actor: Actor,
    channel: str,
    kind: str,
    text: str,
    title: str = "",
    category: Category | None = None,
    area: Area | None = None,
    address: str = "",
    lat: float | None = None,
    lng: float | None = None,
    resident_name: str = "",
    resident_phone: str = "",
    urgency: str = Urgency.NORMAL,
    files: list[CleanFile] | None = None,
    idempotency_key: str = "",
    fingerprint: str = "",
    created_at: object = None,
    external_id: str = "",
    resident_openid: str = "",
    household: Household | None = None,
) -> SubmitResult:
    """Create a concern (or return the one a double submit already made).

    ``external_id`` is the id the concern has outside (a message-board export's 留言编号, an
    Open311 client's id): per channel, a second submission with it returns the first concern.
    ``resident_openid`` is a WeChat sender, kept as a private contact."""
    external_id = (external_id or "").strip()[:64]
    if channel not in Channel.values:
        raise InvalidInput(_("Unknown channel."), field="channel")
    text, title = text.strip(), (title or "").strip()
    resident_phone = normalize_phone(resident_phone)
    resident_name = (resident_name or "").strip()
    _validate(
        title=title,
        text=text,
        kind=kind,
        urgency=urgency,
        phone=resident_phone,
        name=resident_name,
        lat=lat,
        lng=lng,
    )
    if len(files or []) > setting("UPLOAD_MAX_FILES"):
        raise InvalidInput(
            _("Attach at most %(n)d photos.") % {"n": setting("UPLOAD_MAX_FILES")},
            field="photos",
        )
    content_hash = _content_hash(
        text,
        resident_phone,
        fingerprint,
        resident_name,
        area.pk if area else None,
        lat,
        lng,
        address.strip(),
    )
    fields: dict[str, object] = {
        "actor": actor,
        "channel": channel,
        "kind": kind,
        "urgency": urgency,
        "title": title or text[:30],
        "text": text,
        "category": category,
        "area": area,
        "address": address.strip()[:200],
        "lat": lat,
        "lng": lng,
        "resident_name": resident_name,
        "resident_phone": resident_phone,
        "idempotency_key": idempotency_key[:64],
        "content_hash": content_hash,
        "created_at": created_at or timezone.now(),
        "external_id": external_id,
        "resident_openid": (resident_openid or "").strip()[:64],
        "household": household,
    }
    if transaction.get_connection().in_atomic_block:
        # Inside the caller's transaction: a clash is retried under a savepoint of its own.
        return _submit_in_transaction(fields, files or [], savepoint=True)
    # Our own transaction: no savepoint around the insert (two round trips that buy nothing
    # here); a clash rolls the whole transaction back and it runs again, so the look-up
    # finds a racing twin (same key or external id) or a new tracking code is drawn.
    for _attempt in range(8):
        try:
            return _submit_in_transaction(fields, files or [], savepoint=False)
        except _Clash:
            continue
    raise RuntimeError("could not allocate a tracking code")


class _Clash(Exception):
    """The bare insert hit a unique constraint (tracking code, key or external id)."""


def _submit_in_transaction(
    fields: dict[str, object], files: list[CleanFile], *, savepoint: bool
) -> SubmitResult:
    """Look-up, place, insert, files and the audit event in one transaction. The audit chain
    head is locked last (by ``audit.record``), so it is held only for the event and the commit."""
    key, channel = str(fields["idempotency_key"]), str(fields["channel"])
    external_id = str(fields["external_id"])
    with transaction.atomic():
        existing = _existing(key, str(fields["content_hash"]), channel, external_id)
        if existing:
            return SubmitResult(existing, pin_for(existing.code), created=False)
        area = fields["area"]
        lat, lng, address = fields["lat"], fields["lng"], str(fields["address"])
        if area is None and lat is not None and lng is not None:
            area = grid_for_point(lat, lng)  # type: ignore[arg-type]
        if area is None and address:  # no grid picked and no point inside one
            area = hooks.resolve_place(address)
        concern = _create_or_none(**{**fields, "area": area}, savepoint=savepoint)
        if concern is None:  # a concurrent submit with the same key or external id won the race
            existing = _by_key(key, channel, external_id)
            assert existing is not None
            return SubmitResult(existing, pin_for(existing.code), created=False)
        _store_files(concern, files, AttachmentPurpose.INTAKE, public=False)
        actor: Actor = fields["actor"]  # type: ignore[assignment]
        audit.record(
            verb="concern.received",
            obj_type="concern",
            obj_id=concern.pk,
            actor_id=actor.user_id,
            actor_label=actor.label,
            data={
                "channel": channel,
                "kind": fields["kind"],
                "to": concern.status,
                "area": concern.area_id,
            },
            at=concern.created_at,  # type: ignore[arg-type]
        )
    return SubmitResult(concern, pin_for(concern.code), created=True)


def _create_or_none(*, savepoint: bool = True, **fields: object) -> Concern | None:
    """Create with a fresh tracking code; None when the idempotency key is already taken.

    Without ``savepoint`` (the caller owns the transaction and retries it whole) the insert
    runs bare and an ``IntegrityError`` goes to the caller."""
    actor: Actor = fields.pop("actor")  # type: ignore[assignment]
    owner = {
        "created_by": actor.person,
        # a signed-in resident raising their own concern: it is theirs to follow
        "resident_user_id": None if actor.is_staff_member else actor.user_id,
    }
    if not savepoint:
        try:
            return Concern.objects.create(code=_new_code(), **owner, **fields)  # type: ignore[arg-type]
        except IntegrityError as clash:
            raise _Clash from clash  # rolls the transaction back; the caller runs it again
    key = fields.get("idempotency_key")
    external = {"channel": fields["channel"], "external_id": fields.get("external_id")}
    for _attempt in range(8):
        try:
            with transaction.atomic():
                return Concern.objects.create(code=_new_code(), **owner, **fields)  # type: ignore[arg-type]
        except IntegrityError:
            if key and Concern.objects.filter(idempotency_key=key).exists():
                return None
            if external["external_id"] and Concern.objects.filter(**external).exists():
                return None
            continue  # the tracking code collided: draw another
    raise RuntimeError("could not allocate a tracking code")


@transaction.atomic
def concern_divert(
    *,
    actor: Actor,
    concern: Concern,
    case: str,
    note: str,
    repeat_of: Concern | None = None,
    expected_version: int | None = None,
) -> Concern:
    """分流: record why the concern is not dispatched and where the resident should go.

    A repeat with no new facts names the concern it repeats, so the resident is shown that one's
    progress instead."""
    concern = transition.lock(concern, expected_version)
    permissions.require_dispatcher(actor, concern)
    if case not in Diversion.values:
        raise InvalidInput(_("Choose one of the six diversion cases."), field="case")
    if len(note.strip()) < 4:
        raise InvalidInput(_("Tell the resident where to go instead."), field="note")
    if case == Diversion.REPEAT:
        if repeat_of is None:
            raise InvalidInput(_("Name the concern this one repeats."), field="repeat_of")
        if repeat_of.pk == concern.pk:
            raise InvalidInput(_("A concern cannot repeat itself."), field="repeat_of")
    else:
        repeat_of = None
    return transition.apply(
        actor=actor,
        concern=concern,
        action="divert",
        fields={
            "diversion": case,
            "diversion_note": note.strip(),
            "closed_at": timezone.now(),
            "parent": repeat_of,
        },
        data={"case": case, "note": note.strip(), "repeat_of": repeat_of.code if repeat_of else ""},
    )


@transaction.atomic
def concern_answer(
    *, actor: Actor, concern: Concern, answer: str, expected_version: int | None = None
) -> Concern:
    """A consultation answered at intake: counted, and still rated by the resident."""
    concern = transition.lock(concern, expected_version)
    permissions.require_dispatcher(actor, concern)
    if concern.kind != Kind.CONSULT:
        raise InvalidInput(_("Only a consultation can be answered at intake."), field="answer")
    if len(answer.strip()) < 4:
        raise InvalidInput(_("Write the answer given to the resident."), field="answer")
    now = timezone.now()
    return transition.apply(
        actor=actor,
        concern=concern,
        action="answer",
        fields={
            "answer_text": answer.strip(),
            "reply_text": answer.strip(),
            "reply_resolved": True,
            "replied_at": now,
            "callback_due": workcal.add_working_days(now, setting("CALLBACK_WINDOW_WORKING_DAYS")),
        },
        data={"answer": answer.strip()},
    )


def concern_me_too(*, concern: Concern, fingerprint: str) -> bool:
    """我也遇到: count one more resident with the same problem; once per person."""
    if not fingerprint:
        raise NotPermitted(_("Please enable cookies to add “me too”."))
    if concern.status in ("diverted", "merged"):
        raise InvalidInput(_("This concern no longer accepts “me too”."))
    try:
        with transaction.atomic():
            MeToo.objects.create(
                concern=concern, fingerprint=fingerprint, created_at=timezone.now()
            )
            Concern.objects.filter(pk=concern.pk).update(me_too_count=F("me_too_count") + 1)
            audit.record(verb="concern.me_too", obj_type="concern", obj_id=concern.pk)
    except IntegrityError:
        return False
    return True
