"""`make demo` serves a quiet demo: no error in its log once its crons have run, outgoing mail
caught locally rather than attempted, Chinese installed for the two demo users who work in it."""

import os
import signal
import subprocess
import time

from conftest import PROJECT_ROOT, free_port, odoo_shell

# Lines of an Odoo log that tell something went wrong.
ALARMS = (" ERROR ", " CRITICAL ", "Traceback (most recent call last)", "Stack (most recent call last)")
# The log line telling that the server's cron thread ran the addon's hourly job.
CRON_DONE = "Job 'Sales Performance: refresh goal actuals'"


def _mail_states(db):
    return odoo_shell(db, """
env.cr.execute("SELECT state, count(*) FROM mail_mail GROUP BY state")
result(dict(env.cr.fetchall()))
""")


def test_demo_serves_quietly(fresh_db, tmp_path):
    db = fresh_db("sales_demo")
    before = _mail_states(db)
    log_path = tmp_path / "demo.log"
    env = dict(os.environ, SM_DEMO_DB=db, SM_HTTP_PORT=str(free_port()))
    with log_path.open("w") as log:
        process = subprocess.Popen(["bash", "scripts/demo.sh"], cwd=PROJECT_ROOT, env=env, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        # the update, the language, then the cron thread's first pass (it wakes up within a minute)
        deadline = time.monotonic() + 480
        while time.monotonic() < deadline and process.poll() is None:
            if any(CRON_DONE in line and "fully done" in line for line in log_path.read_text().splitlines()):
                break
            time.sleep(5)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
    log = log_path.read_text()
    assert CRON_DONE in log, f"the demo server's crons did not run:\n{log[-3000:]}"
    alarms = [line for line in log.splitlines() if any(alarm in line for alarm in ALARMS)]
    assert not alarms, "\n".join(alarms[:20])
    after = _mail_states(db)
    assert after.get("exception", 0) == before.get("exception", 0), "the demo tried to send mail"
    assert "Outgoing mail is caught" in log
    users = odoo_shell(db, """
users = env['res.users'].search([('login', 'in', ('li.na', 'chen.jing', 'director'))])
result({user.login: user.lang for user in users})
""")
    assert users == {"li.na": "zh_CN", "chen.jing": "zh_CN", "director": "en_US"}
