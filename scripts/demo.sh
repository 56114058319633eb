#!/usr/bin/env bash
# Set everything up (idempotent) and serve the demo on http://localhost:8069.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_cjk_font
setup_all

DB="${SM_DEMO_DB:-sales_management_demo}"
PORT="${SM_HTTP_PORT:-8069}"
if db_exists "$DB"; then
    say "updating sales_management in the existing demo database $DB"
    odoo -d "$DB" -u sales_management --stop-after-init --log-level=warn
else
    clone_db "$(ensure_template demo)" "$DB"
    say "installing sales_management with demo data into $DB"
    odoo -d "$DB" -i sales_management --stop-after-init --log-level=warn
fi

cat >&2 <<INFO

  Sales Performance demo: http://localhost:$PORT   (database $DB)
  Logins (password = login):
    admin        administrator (Sales Performance manager)
    director     Wang Jun, sales director (manager)
    chen.jing    Chen Jing, team leader, Direct Sales
    zhao.lei     Zhao Lei, team leader, Channel Sales
    sun.mei      Sun Mei, team leader, Key Accounts
    li.na        Li Na, sales rep (Direct Sales); 11 more reps, e.g. ma.lin, lin.feng
    liu.fang     Liu Fang, HR officer
  Stop with Ctrl+C.

INFO
exec "$PY" -m odoo -d "$DB" --db-filter="^$DB\$" \
    --http-interface="${SM_HTTP_INTERFACE:-127.0.0.1}" --http-port="$PORT" --log-level=info
