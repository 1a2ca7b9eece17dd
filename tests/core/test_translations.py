from __future__ import annotations

from pathlib import Path

from django.utils import formats, translation

CATALOGUE = Path(__file__).resolve().parents[2] / "locale/vi/LC_MESSAGES/django.po"


def _entries(text: str) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) of each entry of a catalogue written with --no-wrap."""
    entries, fuzzy, msgid = [], False, None
    for line in text.splitlines():
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgid "):
            msgid = line[6:]
        elif line.startswith("msgstr ") and msgid is not None:
            entries.append((msgid, line[7:], fuzzy))
            fuzzy, msgid = False, None
    return entries


def test_vietnamese_catalogue_translates_every_string() -> None:
    entries = [e for e in _entries(CATALOGUE.read_text("utf-8")) if e[0] != '""']
    untranslated = [msgid for msgid, msgstr, _ in entries if msgstr == '""']
    fuzzy = [msgid for msgid, _, is_fuzzy in entries if is_fuzzy]

    assert entries
    assert untranslated == []
    assert fuzzy == []


def test_vietnamese_is_the_default_language(settings) -> None:
    assert settings.LANGUAGE_CODE == "vi"
    with translation.override("vi"):
        assert translation.gettext("Log in") == "Đăng nhập"


def test_dates_are_shown_day_first_in_both_languages() -> None:
    import datetime as dt

    day = dt.date(2024, 3, 5)
    for language in ("vi", "en"):
        with translation.override(language):
            assert formats.date_format(day, "SHORT_DATE_FORMAT") == "05/03/2024"
