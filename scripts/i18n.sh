#!/usr/bin/env bash
# Regenerate sales_management/i18n/sales_management.pot from the code and
# merge it into zh_CN.po (existing translations kept, new terms left empty:
# the test suite fails until they are translated).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_all

DB="sm_i18n_export_$$"
clone_db "$(ensure_template nodemo)" "$DB"
odoo -d "$DB" -i sales_management --stop-after-init --log-level=warn
I18N="$PROJECT_ROOT/sales_management/i18n"
"$PY" -m odoo --addons-path="$ODOO_ADDONS_PATH" i18n export -d "$DB" sales_management -l pot
"$PY" - "$I18N/sales_management.pot" "$I18N/zh_CN.po" <<'PYEOF'
import sys
import polib
pot = polib.pofile(sys.argv[1])
po = polib.pofile(sys.argv[2])
po.merge(pot)
for entry in po.obsolete_entries():
    po.remove(entry)
po.save(sys.argv[2])
missing = [entry.msgid for entry in po if not entry.msgstr]
print(f"zh_CN.po: {len(po)} terms, {len(missing)} to translate", *missing, sep="\n  ")
PYEOF
psql_admin "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
