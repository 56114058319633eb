#!/usr/bin/env bash
# Run the whole suite: lint, the addon's Odoo tests (with browser tours) and the
# system tests in tests/, in one pytest run on a fresh test database.
# Extra arguments go to pytest (e.g. -k access, -x).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_browser_deps
setup_all

run_lint

TEMPLATE_NODEMO=$(ensure_template nodemo)
TEMPLATE_DEMO=$(ensure_template demo)
DB="${SM_TEST_DB:-sales_management_test}"
clone_db "$TEMPLATE_NODEMO" "$DB"
say "installing sales_management into the fresh test database $DB"
odoo -d "$DB" -i sales_management --stop-after-init --log-level=warn

# What the system tests in tests/ need to start their own Odoo servers.
export SM_PYTHON="$PY" SM_ODOO_BIN="$ODOO_BIN" SM_TEST_DB="$DB" SM_TEMPLATE_NODEMO="$TEMPLATE_NODEMO" SM_TEMPLATE_DEMO="$TEMPLATE_DEMO"

# The tours' HTTP server takes a free port: another Odoo (a demo, a second run) may hold 8069.
HTTP_PORT="${SM_TEST_HTTP_PORT:-$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"

REPORT_DIR="$PROJECT_ROOT/.test-reports"
mkdir -p "$REPORT_DIR"
say "pytest: addon tests (pytest-odoo, browser tours) and system tests"
cd "$PROJECT_ROOT"
set +e
"$PY" -m pytest sales_management/tests tests \
    --odoo-database="$DB" --odoo-addons-path="$ODOO_ADDONS_PATH" --odoo-http --odoo-log-level=error \
    --odoo-extra="http-port=$HTTP_PORT" --odoo-extra="http-interface=127.0.0.1" \
    --junitxml="$REPORT_DIR/junit.xml" -p no:cacheprovider "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
    die "pytest collected no test: nothing was tested."
fi
[ "$status" -eq 0 ] || exit "$status"
# A skipped test proves nothing (a tour skips when Chromium cannot start).
"$PY" - "$REPORT_DIR/junit.xml" <<'PYEOF'
import sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else list(root)
ran = sum(int(s.get("tests", 0)) for s in suites)
skipped = sum(int(s.get("skipped", 0)) for s in suites)
if ran == 0 or skipped:
    print(f"[sales_management] error: {ran} tests, {skipped} skipped: a skipped or empty run counts as not tested.", file=sys.stderr)
    sys.exit(1)
PYEOF
say "all green"
