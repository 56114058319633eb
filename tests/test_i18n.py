"""The translation template matches the code, and zh_CN translates all of it."""

import re
import subprocess

import polib
from conftest import PROJECT_ROOT, setting

I18N = PROJECT_ROOT / "sales_management" / "i18n"
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def test_pot_is_current(tmp_path):
    """The committed .pot holds exactly the terms of the installed module (run `make pot` when not)."""
    exported = tmp_path / "sales_management.pot"
    subprocess.run(
        [setting("SM_PYTHON"), "-m", "odoo", f"--addons-path={setting('ODOO_ADDONS_PATH')}", "i18n", "export",
         "-d", setting("SM_TEST_DB"), "sales_management", "-o", str(exported), "-l", "pot"],
        check=True, capture_output=True, timeout=300,
    )
    committed = polib.pofile(str(I18N / "sales_management.pot"))
    assert {entry.msgid for entry in polib.pofile(str(exported))} == {entry.msgid for entry in committed}


def test_zh_cn_translates_every_term():
    pot_ids = {entry.msgid for entry in polib.pofile(str(I18N / "sales_management.pot"))}
    zh = polib.pofile(str(I18N / "zh_CN.po"))
    translated = {entry.msgid: entry.msgstr for entry in zh if entry.msgstr}
    assert pot_ids - set(translated) == set()
    for msgid, msgstr in translated.items():
        assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(msgstr)), msgid
