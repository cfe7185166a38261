"""Every marked string has a French and an English translation."""

from babel.messages.pofile import read_po

from upcampus.core.i18n import TRANSLATIONS_DIR


def catalog(locale):
    with open(TRANSLATIONS_DIR / locale / "LC_MESSAGES" / "messages.po", "rb") as file:
        return read_po(file, locale=locale)


def marked_strings(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["i18n", "extract"])
    assert result.exit_code == 0, result.output
    with open(tmp_path / "messages.pot", "rb") as file:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(file) if m.id}


def test_every_marked_string_is_translated_in_french_and_english(app, tmp_path, monkeypatch):
    monkeypatch.setattr("upcampus.core.cli.POT", tmp_path / "messages.pot")  # a scratch file
    wanted = marked_strings(app, tmp_path)
    assert "Skip to content" in wanted  # the extraction sees templates and code
    for locale in ("fr", "en"):
        messages = {(m.id if isinstance(m.id, str) else m.id[0]): m for m in catalog(locale)
                    if m.id}
        missing = sorted(s for s in wanted if s not in messages)
        assert not missing, f"{locale}: not in the catalog (run upcampus i18n update): {missing}"
        empty = sorted(s for s in wanted if not all(
            [messages[s].string] if isinstance(messages[s].string, str)
             else messages[s].string))
        assert not empty, f"{locale}: untranslated: {empty}"
        fuzzy = sorted(s for s in wanted if messages[s].fuzzy)
        assert not fuzzy, f"{locale}: fuzzy: {fuzzy}"
