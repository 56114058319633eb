"""Two Odoo servers on one database, as DESIGN.md §7 scales out: each with two HTTP workers and
one cron thread, under load over JSON-2 from reps, team leaders and HR while both servers' crons
refresh goals and training compliance.

Every request either succeeds or is refused with a clear message; nothing is duplicated
(goals, risk alerts, reminders, enrolments) and nothing acknowledged is lost. The figures of
the run (requests, latencies, refusals, cron runs) are printed as one JSON line."""

import json
import os
import statistics
import threading
import time

from conftest import API_LOGINS, free_port, json2, odoo_shell, start_server, stop_server

LOAD_SECONDS = float(os.environ.get("SM_LOAD_SECONDS", "45"))
# Refusals an actor may meet when two of them race for the same thing.
CLEAR_REFUSALS = (
    "already has", "already enrolled", "already has a sub-goal", "is full", "cannot be", "not allowed",
    "A quota comes from the level above",
)

SETUP = """
from datetime import timedelta
now = fields.Datetime.now()
# the addon's crons run every minute, starting now, on both servers
crons = env['ir.cron'].search([('model_id.model', '=like', 'sales.%%')])
crons.write({'interval_number': 1, 'interval_type': 'minutes', 'nextcall': now, 'active': True})
# every confirmed goal is due for a refresh
env.cr.execute("UPDATE sales_goal SET last_computed_at = NULL WHERE state = 'confirmed'")
expiry = now + timedelta(days=1)
keys = {}
for login in %(logins)r:
    user = env['res.users'].search([('login', '=', login)])
    keys[login] = env['res.users.apikeys'].with_user(user).sudo()._generate(None, 'load test', expiry)
# each leader gets one draft goal per member for next month, to split into weeks during the load
month_start = (fields.Date.today().replace(day=1) + timedelta(days=32)).replace(day=1)
month_end = (month_start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
kpi = env.ref('sales_management.sales_kpi_won_count')
to_split = {}
for login in ('chen.jing',):
    leader = env['res.users'].search([('login', '=', login)])
    team = env['crm.team'].search([('user_id', '=', leader.id)], limit=1)
    to_split[login] = env['sales.goal'].create([{
        'kpi_id': kpi.id, 'level': 'user', 'user_id': member.id, 'team_id': team.id, 'period_type': 'month',
        'date_from': month_start, 'date_to': month_end, 'target': 20,
    } for member in team.member_ids - leader]).ids
sessions = env['sales.training.session'].search([('state', 'not in', ('cancelled', 'done')),
                                                 ('date_start', '>', now)])
employees = env['hr.employee'].search([('user_id.login', 'in', ('li.na', 'zhou.tao', 'ma.lin', 'wu.hao'))])
env.cr.commit()
result({'keys': keys, 'to_split': to_split, 'sessions': sessions.ids, 'employees': employees.ids,
        'team': env['crm.team'].search([('user_id.login', '=', 'chen.jing')], limit=1).id,
        'manual_kpi': env.ref('sales_management.sales_kpi_customer_satisfaction').id})
"""

CHECK = """
from odoo.addons.sales_management.models.sales_period import split_period
env.cr.execute('''
    SELECT count(*) FROM (SELECT 1 FROM sales_goal WHERE parent_id IS NOT NULL AND state != 'cancelled'
                           GROUP BY parent_id, level, user_id, team_id, date_from, date_to HAVING count(*) > 1) AS d''')
duplicate_goals = env.cr.fetchone()[0]
env.cr.execute('''
    SELECT count(*) FROM (SELECT 1 FROM mail_activity activity
                            JOIN mail_activity_type kind ON kind.id = activity.activity_type_id
                           WHERE activity.res_model LIKE 'sales.%%' AND activity.active
                        GROUP BY activity.res_model, activity.res_id, activity.activity_type_id, activity.user_id
                          HAVING count(*) > 1) AS d''')
duplicate_activities = env.cr.fetchone()[0]
env.cr.execute('''
    SELECT count(*) FROM (SELECT 1 FROM sales_training_enrollment WHERE state != 'cancelled'
                        GROUP BY session_id, employee_id HAVING count(*) > 1) AS d''')
duplicate_enrollments = env.cr.fetchone()[0]
result({
    'duplicate_goals': duplicate_goals,
    'duplicate_activities': duplicate_activities,
    'duplicate_enrollments': duplicate_enrollments,
    'kpi_values': env['sales.kpi.value'].search([('id', 'in', %(kpi_values)r)]).ids,
    'enrollments': env['sales.training.enrollment'].search([('id', 'in', %(enrollments)r)]).ids,
    'children': {str(goal.id): [len(goal.child_ids.filtered(lambda child: child.state != 'cancelled')),
                                len(split_period(goal.date_from, goal.date_to, 'week'))]
                 for goal in env['sales.goal'].browse(%(split)r)},
    'never_refreshed': env['sales.goal'].search_count([('state', '=', 'confirmed'), ('last_computed_at', '=', False)]),
})
"""


class Load:
    """Actors calling both servers in turn until the deadline; every answer is recorded."""

    def __init__(self, urls, keys):
        self.urls, self.keys = urls, keys
        self.calls, self.created = [], {"kpi_values": [], "enrollments": []}
        self.lock = threading.Lock()
        self.deadline = time.monotonic() + LOAD_SECONDS

    def call(self, server, login, model, method, **payload):
        started = time.monotonic()
        response = json2(self.urls[server], model, method, self.keys[login], **payload)
        answer = response.json() if response.headers.get("Content-Type", "").startswith("application/json") else None
        with self.lock:
            self.calls.append({"login": login, "call": f"{model}.{method}", "status": response.status_code,
                               "seconds": time.monotonic() - started,
                               "message": (answer or {}).get("message") if isinstance(answer, dict) else None})
        return response.status_code, answer

    def running(self):
        return time.monotonic() < self.deadline

    def rep(self, server, login):
        while self.running():
            status, goals = self.call(server, login, "sales.goal", "search_read",
                                      domain=[("user_id.login", "=", login), ("state", "=", "confirmed")],
                                      fields=["actual", "target", "status"], limit=5)
            if status == 200 and goals:
                self.call(server, login, "sales.goal", "action_refresh", ids=[goal["id"] for goal in goals])

    def leader(self, server, login, to_split, team, manual_kpi):
        for goal_id in to_split:
            if not self.running():
                break
            status, wizard_id = self.call(server, login, "sales.goal.split.wizard", "create",
                                          vals_list=[{"goal_id": goal_id, "split_by": "period",
                                                      "sub_period_type": "week"}])
            if status == 200:
                self.call(server, login, "sales.goal.split.wizard", "action_apply", ids=wizard_id)
        while self.running():
            status, ids = self.call(server, login, "sales.kpi.value", "create", vals_list=[{
                "kpi_id": manual_kpi, "team_id": team, "value": 80 + server, "note": "Customer survey (load test)"}])
            if status == 200:
                with self.lock:
                    self.created["kpi_values"] += ids

    def hr(self, server, login, sessions, employees):
        pairs = [(session, employee) for session in sessions for employee in employees]
        for session, employee in pairs:
            if not self.running():
                break
            status, ids = self.call(server, login, "sales.training.enrollment", "create",
                                    vals_list=[{"session_id": session, "employee_id": employee}])
            if status == 200:
                with self.lock:
                    self.created["enrollments"] += ids
        while self.running():
            self.call(server, login, "sales.training.compliance", "search_read", domain=[], fields=["state"],
                      limit=80)


def test_two_servers_one_database(fresh_db):
    db = fresh_db("sales_demo")
    setup = odoo_shell(db, SETUP % {"logins": API_LOGINS})
    options = ("--workers=2", "--max-cron-threads=1", "--log-level=warn")
    servers = [start_server(db, *options, f"--gevent-port={free_port()}") for _server in range(2)]
    try:
        load = Load([url for url, _process in servers], setup["keys"])
        actors = []
        for server in (0, 1):
            actors += [threading.Thread(target=load.rep, args=(server, login)) for login in ("li.na", "ma.lin")]
            actors.append(threading.Thread(target=load.leader, args=(
                server, "chen.jing", setup["to_split"]["chen.jing"], setup["team"], setup["manual_kpi"])))
            actors.append(threading.Thread(target=load.hr, args=(
                server, "liu.fang", setup["sessions"], setup["employees"])))
        for actor in actors:
            actor.start()
        for actor in actors:
            actor.join()
        # the crons finish the goals' first refresh (alerts included) after the load if they must
        deadline = time.monotonic() + 180
        while True:
            after = odoo_shell(db, CHECK % {"kpi_values": load.created["kpi_values"],
                                            "enrollments": load.created["enrollments"],
                                            "split": setup["to_split"]["chen.jing"]})
            if not after["never_refreshed"] or time.monotonic() > deadline:
                break
            time.sleep(10)
    finally:
        logs = []
        for _url, process in servers:
            stop_server(process)
            logs.append(process.log_path.read_text())

    failed = [call for call in load.calls if call["status"] >= 500
              or (call["status"] != 200 and not any(text in (call["message"] or "") for text in CLEAR_REFUSALS))]
    assert not failed, f"requests failed without a clear refusal: {failed[:10]}"
    assert after["duplicate_goals"] == 0
    assert after["duplicate_activities"] == 0, "an alert or reminder was raised twice"
    assert after["duplicate_enrollments"] == 0
    assert sorted(after["kpi_values"]) == sorted(load.created["kpi_values"]), "an acknowledged value was lost"
    assert sorted(after["enrollments"]) == sorted(load.created["enrollments"]), "an acknowledged enrolment was lost"
    assert all(count in (0, weeks) for count, weeks in after["children"].values()), "a goal split twice"
    assert after["never_refreshed"] == 0, "the crons did not refresh every goal"
    tracebacks = [line for log in logs for line in log.splitlines() if "Traceback" in line]
    assert not tracebacks, "\n".join(logs)[-5000:]

    seconds = sorted(call["seconds"] for call in load.calls)
    figures = {
        "case": "two_servers", "load_seconds": LOAD_SECONDS, "requests": len(load.calls),
        "requests_per_s": round(len(load.calls) / LOAD_SECONDS, 1),
        "p50_s": round(statistics.median(seconds), 3), "p95_s": round(seconds[int(len(seconds) * 0.95)], 3),
        "refused": sum(call["status"] != 200 for call in load.calls),
        "kpi_values": len(load.created["kpi_values"]), "enrollments": len(load.created["enrollments"]),
    }
    print(json.dumps(figures))  # noqa: T201  pylint: disable=print-used
