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

# The first customers write in Chinese: zh_CN is installed and two demo users work in it.
if [ "$(db_value "$DB" "SELECT active FROM res_lang WHERE code = 'zh_CN'")" != True ]; then
    say "installing Simplified Chinese (zh_CN) in $DB"
    odoo -d "$DB" --load-language=zh_CN --stop-after-init --log-level=warn
fi

# A quiet demo: the crons that call Odoo's online services (lead enrichment, update notification)
# stay off, and outgoing mail goes to a local catcher (below) instead of the world.
odoo shell -d "$DB" --log-level=warn <<'PYEOF' >/dev/null
for xmlid in ('crm_iap_enrich.ir_cron_lead_enrichment', 'mail.ir_cron_module_update_notification'):
    cron = env.ref(xmlid, raise_if_not_found=False)
    if cron:
        cron.active = False
env['res.users'].search([('login', 'in', ('li.na', 'chen.jing'))]).lang = 'zh_CN'
env.cr.commit()
PYEOF

MAILDIR="$CACHE_DIR/demo-mail/$DB"
SMTP_PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$MAILDIR"/{tmp,new,cur}  # a Maildir
"$PY" -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$MAILDIR" &
MAIL_CATCHER=$!
trap 'kill "$MAIL_CATCHER" 2>/dev/null' EXIT

cat >&2 <<INFO

  Sales Performance demo: http://localhost:$PORT   (database $DB)
  Logins (password = login):
    admin        administrator (Sales Performance manager)
    director     Wang Jun, sales director (manager)
    chen.jing    Chen Jing, team leader, Direct Sales (works in Chinese)
    zhao.lei     Zhao Lei, team leader, Channel Sales
    sun.mei      Sun Mei, team leader, Key Accounts
    li.na        Li Na, sales rep (Direct Sales; works in Chinese); 11 more reps, e.g. ma.lin, lin.feng
    liu.fang     Liu Fang, HR officer
  Outgoing mail is caught, not sent: it lands in $MAILDIR (a Maildir).
  Stop with Ctrl+C.

INFO
odoo -d "$DB" --db-filter="^$DB\$" --smtp=127.0.0.1 --smtp-port="$SMTP_PORT" \
    --http-interface="${SM_HTTP_INTERFACE:-127.0.0.1}" --http-port="$PORT" --log-level=info
