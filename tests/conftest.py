"""Black-box fixtures: real databases and real Odoo servers, driven from outside.

scripts/test.sh exports what these need: SM_PYTHON (the virtualenv's python,
with Odoo importable), ODOO_ADDONS_PATH, PGHOST/PGPORT/PGUSER, SM_TEST_DB
(the addon's test database; the databases made here are named after it) and
the two template databases holding Odoo's modules without and with demo data.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg2
import pytest
import requests

PROJECT_ROOT = Path(__file__).resolve().parents[1]
FILESTORE = Path.home() / ".local/share/Odoo/filestore"
# The line an odoo shell script prints its JSON answer on.
RESULT_MARKER = "SM-RESULT:"


def setting(name):
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run the system tests with `make test` (scripts/test.sh).")
    return value


def _admin_execute(*statements):
    conn = psycopg2.connect(dbname="postgres")
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            for statement in statements:
                cr.execute(statement)
    finally:
        conn.close()


def odoo_command(subcommand, db, *args, stdin=None):
    """Run `odoo <subcommand>` on `db`; fail the test with Odoo's output if it fails."""
    command = [
        setting("SM_PYTHON"), "-m", "odoo", subcommand, "-d", db,
        f"--addons-path={setting('ODOO_ADDONS_PATH')}", "--log-level=warn", *args,
    ]
    process = subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=600, check=False)
    if process.returncode:
        pytest.fail(f"odoo {subcommand} {' '.join(args)} failed on {db}:\n{process.stdout}\n{process.stderr}")
    return process


def install(db, *args):
    """Install or update modules (`-i x` / `-u x`) and stop."""
    return odoo_command("server", db, "--http-interface=127.0.0.1", "--stop-after-init", *args)


def odoo_shell(db, script):
    """Run a Python script in `odoo shell` (`env` is bound); it answers with `result(value)`."""
    prelude = (
        "import json\nfrom odoo import Command, fields\n"
        f"def result(value):\n    print({RESULT_MARKER!r} + json.dumps(value))\n"
    )
    process = odoo_command("shell", db, "--no-http", stdin=prelude + script)
    answers = [line[len(RESULT_MARKER):] for line in process.stdout.splitlines() if line.startswith(RESULT_MARKER)]
    if not answers:
        pytest.fail(f"odoo shell script gave no result on {db}:\n{script}\n{process.stdout}\n{process.stderr}")
    return json.loads(answers[-1])


def clone_database(template, name):
    _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    shutil.rmtree(FILESTORE / name, ignore_errors=True)
    if (FILESTORE / template).is_dir():
        shutil.copytree(FILESTORE / template, FILESTORE / name)
    return name


def drop_database(name):
    _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    shutil.rmtree(FILESTORE / name, ignore_errors=True)


@pytest.fixture(scope="session")
def demo_template():
    """A database where sales_management was installed with its demo data, never served:
    tests that change the demo company work on clones of it (seconds, not an install)."""
    name = clone_database(setting("SM_TEMPLATE_DEMO"), f"{setting('SM_TEST_DB')}_demo_tpl")
    install(name, "-i", "sales_management")
    yield name
    drop_database(name)


@pytest.fixture
def fresh_db(request):
    """A factory of databases, dropped after the test: "nodemo" and "demo" hold Odoo's modules
    (without and with their demo data), "sales_demo" the addon with its demo company."""
    made = []

    def make(kind):
        name = re.sub(r"\W", "_", f"{setting('SM_TEST_DB')}_{len(made)}_{request.node.name}").lower()[:63]
        template = (request.getfixturevalue("demo_template") if kind == "sales_demo"
                    else setting(f"SM_TEMPLATE_{kind.upper()}"))
        made.append(clone_database(template, name))
        return name

    yield make
    for name in made:
        drop_database(name)


@pytest.fixture(scope="session")
def demo_db(demo_template):
    """A database with the addon and its demo data, served by demo_server."""
    name = clone_database(demo_template, f"{setting('SM_TEST_DB')}_demo")
    yield name
    drop_database(name)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db, *options):
    """A real Odoo server on a free port serving `db` only, ready when this returns:
    (url, process); its log is in process.log_path. `options` add to the defaults (no workers,
    no cron thread, warnings only)."""
    port = free_port()
    log_path = Path(tempfile.mkstemp(prefix=f"odoo-{db}-", suffix=".log")[1])
    with log_path.open("w") as log:
        process = subprocess.Popen(
            # the launcher script, not `-m odoo`: a multi-process server re-executes it
            [setting("SM_PYTHON"), setting("SM_ODOO_BIN"), "server", "-d", db, f"--db-filter=^{db}$",
             f"--addons-path={setting('ODOO_ADDONS_PATH')}", "--http-interface=127.0.0.1", f"--http-port={port}",
             "--workers=0", "--max-cron-threads=0", "--log-level=warn", *options],
            stdout=subprocess.DEVNULL, stderr=log, text=True,
        )
    process.log_path = log_path
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the Odoo server on {db} stopped at start:\n{log_path.read_text()[-5000:]}")
        try:
            if requests.get(f"{url}/web/health", timeout=10).status_code == 200:
                return url, process
        except requests.RequestException:
            # refused while starting, or a read timeout while a busy machine builds the routing map
            time.sleep(0.5)
    process.kill()
    pytest.fail(f"the Odoo server on {db} did not answer within 180 s:\n{log_path.read_text()[-5000:]}")


def stop_server(process):
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def demo_server(demo_db):
    """A real Odoo server on a free port, serving the demo database only."""
    url, process = start_server(demo_db)
    yield url
    stop_server(process)


# Demo logins the JSON-2 tests call as: reps of Direct Sales (li.na, zhou.tao) and Channel Sales
# (ma.lin), the Direct Sales leader (chen.jing), the director and the HR officer (liu.fang).
API_LOGINS = ('li.na', 'zhou.tao', 'ma.lin', 'chen.jing', 'director', 'liu.fang')


@pytest.fixture(scope="session")
def api_keys(demo_db):
    """An API key per demo login, made in the database the way a user makes one."""
    return odoo_shell(demo_db, f"""
from datetime import timedelta
expiry = fields.Datetime.now() + timedelta(days=1)
keys = {{}}
for login in {API_LOGINS!r}:
    user = env['res.users'].search([('login', '=', login)])
    keys[login] = env['res.users.apikeys'].with_user(user).sudo()._generate(None, 'system test', expiry)
env.cr.commit()
result(keys)
""")


def json2(url, model, method, key=None, **payload):
    """POST /json/2/<model>/<method> as an integration does; `payload` holds the keyword arguments."""
    headers = {"Content-Type": "application/json"}
    if key is not None:
        headers["Authorization"] = f"bearer {key}"
    return requests.post(f"{url}/json/2/{model}/{method}", json=payload, headers=headers, timeout=60)
