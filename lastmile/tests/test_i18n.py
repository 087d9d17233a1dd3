"""The Chinese catalogue is complete and its compiled form matches it."""

from pathlib import Path

import polib
from django.utils import translation

PO = Path(__file__).resolve().parent.parent / "locale/zh_Hans/LC_MESSAGES/django.po"


def test_every_message_is_translated():
    po = polib.pofile(str(PO))
    untranslated = [e.msgid for e in po if not e.obsolete and not e.translated()]
    assert untranslated == []


def test_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(PO))
    mo = polib.mofile(str(PO.with_suffix(".mo")))
    compiled = {e.msgid: e.msgstr for e in mo}
    for entry in po:
        if entry.obsolete or entry.msgid_plural:
            continue
        assert compiled.get(entry.msgid) == entry.msgstr, entry.msgid


def test_placeholders_survive_translation():
    import re

    pattern = re.compile(r"%\(\w+\)[sd]")
    po = polib.pofile(str(PO))
    for entry in po:
        if entry.obsolete or not entry.msgstr:
            continue
        assert sorted(pattern.findall(entry.msgid)) == sorted(pattern.findall(entry.msgstr)), (
            entry.msgid
        )


def test_chinese_is_the_default_and_english_available():
    with translation.override("zh-hans"):
        assert translation.gettext("Complaint") == "投诉"
    with translation.override("en"):
        assert translation.gettext("Complaint") == "Complaint"
