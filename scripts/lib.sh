# shellcheck shell=bash
# Shared setup for the scripts in this folder. Sourced, never run.
# Everything here is idempotent: a second run reuses what the first one built
# (virtualenv, template databases).
set -euo pipefail

PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/sales_management"
# Odoo modules our addon depends on; template databases hold them pre-installed.
SM_DEPENDS="crm,sale_management,account,hr,hr_skills,mail,gamification"

say() { printf '\033[1m[sales_management]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[sales_management] error:\033[0m %s\n' "$*" >&2; exit 1; }

# --- Odoo source tree ---------------------------------------------------------
# ODOO_SRC, else an importable `odoo`, else /opt/odoo. Supports both layouts:
# a git checkout (odoo-bin, addons/) and a packaged tree (odoo/addons only).
is_odoo_tree() { [ -f "$1/odoo/release.py" ] && [ -d "$1/odoo/addons/base" ]; }

find_odoo() {
    if [ -n "${ODOO_SRC:-}" ]; then
        is_odoo_tree "$ODOO_SRC" || die "ODOO_SRC=$ODOO_SRC is not an Odoo 19.0 source tree (no odoo/release.py and odoo/addons/base there).
  Point ODOO_SRC at an Odoo 19.0 source tree, e.g. after
    git clone --depth 1 --branch 19.0 https://github.com/odoo/odoo /opt/odoo
  or unset ODOO_SRC to use /opt/odoo."
    else
        local py found=""
        for py in python3.12 python3 python; do
            command -v "$py" >/dev/null 2>&1 || continue
            found=$("$py" -c 'import odoo, os; print(os.path.dirname(os.path.dirname(os.path.abspath(odoo.__file__))))' 2>/dev/null) || found=""
            [ -n "$found" ] && is_odoo_tree "$found" && break
            found=""
        done
        if [ -n "$found" ]; then
            ODOO_SRC="$found"
        elif is_odoo_tree /opt/odoo; then
            ODOO_SRC=/opt/odoo
        else
            die "Odoo 19.0 not found. sales_management is an Odoo addon and needs the Odoo 19.0 source.
  Install it in one of these ways, then run this command again:
    - put an Odoo 19.0 source tree at /opt/odoo:
        git clone --depth 1 --branch 19.0 https://github.com/odoo/odoo /opt/odoo
    - or set ODOO_SRC to the folder that holds odoo/release.py
    - or install Odoo 19.0 so that 'python3 -c \"import odoo\"' works."
        fi
    fi
    ODOO_SRC="$(cd "$ODOO_SRC" && pwd)"
    local version
    version=$(sed -n "s/^version_info = (\([0-9]*\), \([0-9]*\).*/\1.\2/p" "$ODOO_SRC/odoo/release.py")
    [ "$version" = "19.0" ] || die "$ODOO_SRC holds Odoo $version; sales_management needs Odoo 19.0."
    ODOO_ADDONS_PATH="$ODOO_SRC/odoo/addons"
    [ -d "$ODOO_SRC/addons" ] && ODOO_ADDONS_PATH="$ODOO_SRC/addons,$ODOO_ADDONS_PATH"
    ODOO_ADDONS_PATH="$ODOO_ADDONS_PATH,$PROJECT_ROOT"
    # The launcher script: multi-process servers re-execute it (`python -m odoo` cannot be).
    ODOO_BIN="$ODOO_SRC/odoo-bin"
    [ -f "$ODOO_BIN" ] || ODOO_BIN="$ODOO_SRC/setup/odoo"
    [ -f "$ODOO_BIN" ] || ODOO_BIN="$(type -P odoo || true)"
    export ODOO_SRC ODOO_ADDONS_PATH ODOO_BIN
}

# --- Python -------------------------------------------------------------------
find_python() {
    local candidates=("${PYTHON:-}" python3.12 "$HOME"/.pyenv/versions/3.12*/bin/python3.12 python3.13 python3.11 python3.10 python3)
    local py
    for py in "${candidates[@]}"; do
        [ -n "$py" ] || continue
        command -v "$py" >/dev/null 2>&1 || continue
        if "$py" -c 'import sys; sys.exit(not (3, 10) <= sys.version_info[:2] < (3, 14))' 2>/dev/null; then
            BASE_PYTHON="$(command -v "$py")"
            return
        fi
    done
    die "Python 3.10-3.13 not found (3.12 recommended). Install python3.12 and python3.12-venv, or set PYTHON=/path/to/python3.12."
}

# --- System packages ----------------------------------------------------------
# Installs Debian/Ubuntu packages when run as root, else says which command to run.
# Only the distribution's packages are installed, nothing is downloaded elsewhere.
# SM_APT_GET and SM_AS_UID exist for the setup's own tests (tests/test_setup.py).
install_system_packages() {  # $1 = what they are for, then the package names
    local why="$1"
    shift
    [ $# -gt 0 ] || return 0
    local apt_get="${SM_APT_GET:-apt-get}"
    if ! command -v "$apt_get" >/dev/null 2>&1; then
        die "missing system packages for $why: $*.
  This is not a Debian/Ubuntu system (no apt-get): install the equivalent packages with your distribution's
  package manager and run again."
    fi
    if [ "${SM_AS_UID:-$(id -u)}" != 0 ]; then
        die "missing system packages for $why: $*. Install them, then run again:
    sudo apt-get install $*"
    fi
    say "installing system packages for $why: $*"
    if ! { DEBIAN_FRONTEND=noninteractive "$apt_get" update -qq \
           && DEBIAN_FRONTEND=noninteractive "$apt_get" install -y -qq "$@" >/dev/null; }; then
        die "could not install $* (is the distribution's package mirror reachable?). Install them, then run again:
    sudo apt-get install $*"
    fi
}

# Debian packages needed to build Odoo's Python requirements (psycopg2, python-ldap).
ensure_build_deps() {
    local missing=()
    command -v pg_config >/dev/null 2>&1 || missing+=(libpq-dev)
    [ -f /usr/include/ldap.h ] || missing+=(libldap2-dev)
    [ -f /usr/include/sasl/sasl.h ] || missing+=(libsasl2-dev)
    install_system_packages "building Odoo's Python requirements" "${missing[@]}"
}

# A browser for the tours and a CJK font, so pages in Chinese show characters, not boxes.
find_chrome() {
    local bin
    for bin in chromium chromium-browser google-chrome google-chrome-stable; do
        command -v "$bin" >/dev/null 2>&1 && return 0
    done
    return 1
}

has_cjk_font() { command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh family 2>/dev/null)" ]; }

ensure_browser_deps() {
    local missing=()
    find_chrome || missing+=(chromium)
    has_cjk_font || missing+=(fonts-noto-cjk)
    install_system_packages "the browser tours (Chromium, a Chinese font)" "${missing[@]}"
}

# The demo server renders reports (PDF) in Chinese too.
ensure_cjk_font() {
    has_cjk_font || install_system_packages "pages and reports in Chinese" fonts-noto-cjk
}

# A virtualenv keyed by the Python version and the requirement files, so that
# a fresh clone (CI) reuses it and a changed requirement builds a new one.
ensure_venv() {
    find_python
    local pyver key
    pyver=$("$BASE_PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    key=$(cat "$ODOO_SRC/requirements.txt" "$PROJECT_ROOT/requirements-dev.txt" | sha1sum | cut -c1-10)
    VENV="${VENV:-$CACHE_DIR/venv-py$pyver-$key}"
    if [ ! -f "$VENV/.complete" ]; then
        ensure_build_deps
        say "creating virtualenv $VENV (Python $pyver; a few minutes the first time)"
        rm -rf "$VENV"
        mkdir -p "$(dirname "$VENV")"
        "$BASE_PYTHON" -m venv "$VENV"
        {
            "$VENV/bin/pip" install -q --upgrade pip setuptools wheel
            "$VENV/bin/pip" install -q -r "$ODOO_SRC/requirements.txt" -r "$PROJECT_ROOT/requirements-dev.txt"
        } 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
        touch "$VENV/.complete"
    fi
    # The Odoo tree is found, not installed: a .pth file makes it importable.
    local site
    site=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    echo "$ODOO_SRC" > "$site/odoo_src.pth"
    PY="$VENV/bin/python"
    export VENV PY
}

# --- PostgreSQL ---------------------------------------------------------------
# Honours PGHOST/PGPORT/PGUSER/PGPASSWORD; starts a local Debian cluster if down.
pg_up() {
    "$PY" -c 'import psycopg2; psycopg2.connect(dbname="postgres", connect_timeout=3).close()' 2>/dev/null
}

ensure_postgres() {
    export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-$(id -un)}"
    [ "$PGUSER" = postgres ] && die "Odoo refuses to run as the PostgreSQL superuser 'postgres'. Set PGUSER to another role with CREATEDB (e.g. createuser -s $(id -un))."
    pg_up && return
    if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
        local version
        for version in /etc/postgresql/*; do
            version=$(basename "$version")
            say "starting PostgreSQL $version (cluster main)"
            pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
        done
        local i
        for i in 1 2 3 4 5 6 7 8 9 10; do pg_up && return; sleep 1; done
    fi
    die "cannot reach PostgreSQL at $PGHOST:$PGPORT as $PGUSER.
  Start PostgreSQL (e.g. sudo pg_ctlcluster 15 main start, or sudo service postgresql start),
  or set PGHOST/PGPORT/PGUSER/PGPASSWORD to a server where $PGUSER may create databases."
}

psql_admin() {
    "$PY" - "$@" <<'PYEOF'
import sys, psycopg2
conn = psycopg2.connect(dbname="postgres")
conn.autocommit = True
with conn.cursor() as cr:
    for statement in sys.argv[1:]:
        cr.execute(statement)
        if cr.description:
            for row in cr.fetchall():
                print(*row)
PYEOF
}

db_value() {  # $1 = database, $2 = SQL returning one value; prints it
    "$PY" - "$1" "$2" <<'PYEOF'
import sys, psycopg2
conn = psycopg2.connect(dbname=sys.argv[1])
with conn.cursor() as cr:
    cr.execute(sys.argv[2])
    row = cr.fetchone()
    print(row[0] if row else "")
conn.close()
PYEOF
}

db_exists() { [ -n "$(psql_admin "SELECT 1 FROM pg_database WHERE datname = '$1'")" ]; }

# --- Odoo ---------------------------------------------------------------------
# The Odoo command line with the project's database and addons settings;
# later arguments override these (e.g. --http-interface). `odoo shell ...` runs
# the shell (Odoo wants the subcommand first), anything else the server.
odoo() {
    local command=server http=(--http-interface=127.0.0.1)
    if [ "${1:-}" = shell ]; then
        command=shell http=(--no-http)
        shift
    fi
    local db_args=(--db_host="$PGHOST" --db_port="$PGPORT" --db_user="$PGUSER")
    [ -n "${PGPASSWORD:-}" ] && db_args+=(--db_password="$PGPASSWORD")
    "$PY" -m odoo "$command" "${db_args[@]}" --addons-path="$ODOO_ADDONS_PATH" "${http[@]}" "$@"
}

# A database with our dependencies installed, kept as a template: copying it
# takes seconds where installing crm, sale and hr takes minutes. The name
# carries a hash of the Odoo release and addons list so a change rebuilds it.
ensure_template() {  # $1 = demo|nodemo ; prints the template name
    local kind="$1" key name
    key=$( (cat "$ODOO_SRC/odoo/release.py"; echo "$SM_DEPENDS zh_CN"; ls "$ODOO_SRC/odoo/addons") \
        | sha1sum | cut -c1-8)
    name="sm_tpl_${key}_${kind}"
    if ! db_exists "$name"; then
        say "building template database $name (Odoo modules $SM_DEPENDS, ${kind}; once, about two minutes)"
        psql_admin "DROP DATABASE IF EXISTS ${name}_tmp"
        local demo=()
        [ "$kind" = demo ] && demo=(--with-demo)
        odoo -d "${name}_tmp" -i "$SM_DEPENDS" "${demo[@]}" --stop-after-init --log-level=warn >&2
        if [ "$kind" = demo ]; then
            # the demo speaks Chinese too (make demo's users, the demo system tests); activated, not
            # made the default (--load-language would make it everybody's language)
            odoo shell -d "${name}_tmp" --log-level=warn >&2 <<'PYEOF'
env['res.lang']._activate_lang('zh_CN')
env['ir.module.module'].search([('state', '=', 'installed')])._update_translations(['zh_CN'])
env.cr.commit()
PYEOF
        fi
        psql_admin "ALTER DATABASE ${name}_tmp RENAME TO $name"
        local filestore="$HOME/.local/share/Odoo/filestore"
        if [ -d "$filestore/${name}_tmp" ]; then rm -rf "${filestore:?}/$name"; mv "$filestore/${name}_tmp" "$filestore/$name"; fi
    fi
    echo "$name"
}

clone_db() {  # $1 = template, $2 = new database (dropped first)
    psql_admin "DROP DATABASE IF EXISTS \"$2\" WITH (FORCE)" "CREATE DATABASE \"$2\" TEMPLATE \"$1\""
    # the template's attachments (web assets) live in its filestore
    local filestore="$HOME/.local/share/Odoo/filestore"
    rm -rf "${filestore:?}/$2"
    if [ -d "$filestore/$1" ]; then cp -a "$filestore/$1" "$filestore/$2"; fi
}

run_lint() {
    say "lint: ruff and pylint-odoo"
    "$VENV/bin/ruff" check "$PROJECT_ROOT"
    # no-member: fields added by _inherit in other files are invisible to pylint's inference
    "$VENV/bin/pylint" --rcfile="$PROJECT_ROOT/.pylintrc" --disable=no-member --recursive=y \
        "$PROJECT_ROOT/sales_management" "$PROJECT_ROOT/tests"
}

setup_all() {
    find_odoo
    ensure_venv
    ensure_postgres
}
