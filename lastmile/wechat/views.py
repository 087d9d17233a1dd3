"""The WeChat Official Account server endpoint: verify, parse, call one service, reply."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from lastmile.core import throttle
from lastmile.wechat import protocol, services

logger = logging.getLogger(__name__)
MAX_CLOCK_SKEW_SECONDS = 300  # WeChat retries within ~15 s; older signed requests are refused


def _conf(name: str) -> Any:
    return settings.LASTMILE_CHANNELS.get(name) or ""


def _read_body(request: HttpRequest) -> bytes | None:
    """The body, or None when it is larger than MAX_BODY_BYTES."""
    limit = int(_conf("MAX_BODY_BYTES") or 1024 * 1024)
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        return None
    body = request.read(limit + 1)
    return None if len(body) > limit else body


@csrf_exempt
@require_http_methods(["GET", "POST"])
def endpoint(request: HttpRequest) -> HttpResponse:
    token = _conf("WECHAT_TOKEN")
    if not token:
        raise Http404
    q = {k: request.GET.get(k, "") for k in ("signature", "timestamp", "nonce", "msg_signature")}
    try:
        protocol.check_signature(token, q["signature"], q["timestamp"], q["nonce"])
        skew = settings.LASTMILE_CHANNELS.get("WECHAT_MAX_CLOCK_SKEW", MAX_CLOCK_SKEW_SECONDS)
        protocol.check_fresh(q["timestamp"], int(skew or 0))
    except protocol.Rejected as exc:
        logger.warning("wechat: refused request: %s", exc)
        return HttpResponse("forbidden", status=403, content_type="text/plain")
    if request.method == "GET":  # the 公众号 server-URL check: echo echostr back
        return HttpResponse(request.GET.get("echostr", ""), content_type="text/plain")
    body = _read_body(request)
    if body is None:
        return HttpResponse("too large", status=413, content_type="text/plain")
    crypto = None
    try:
        if request.GET.get("encrypt_type", "raw").lower() == "aes":
            crypto = protocol.crypto_for(token, _conf("WECHAT_AES_KEY"), _conf("WECHAT_APPID"))
            xml = protocol.decrypt(crypto, protocol.xml_fields(body), q)
        else:
            xml = body.decode("utf-8")
        inbound = protocol.to_inbound(xml)
    except protocol.Rejected as exc:
        logger.warning("wechat: refused message: %s", exc)
        return HttpResponse("forbidden", status=403, content_type="text/plain")
    except (protocol.BadMessage, UnicodeDecodeError) as exc:
        logger.warning("wechat: bad message: %s", exc)
        return HttpResponse("bad request", status=400, content_type="text/plain")
    with translation.override(settings.LANGUAGE_CODE):
        try:  # per follower; WeChat shows a reply only with a 200, so the reply says why
            throttle.hit("wechat", openid=inbound.openid)
        except throttle.Throttled as error:
            reply = str(error.message)
        else:
            reply = services.wechat_receive(inbound=inbound)
        rendered = protocol.render_reply(
            reply, inbound, crypto=crypto, nonce=q["nonce"], timestamp=q["timestamp"]
        )
    content_type = "text/plain" if rendered == "success" else "application/xml"
    return HttpResponse(rendered, content_type=f"{content_type}; charset=utf-8")
