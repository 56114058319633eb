"""Goal recompute benchmark (DESIGN.md §6): prints one JSON line per case.

Builds (once per database and scale) reps, teams, leads and sale orders with
bulk SQL, then times on the same data:
- the SQL floor of the whole job: the grouped scans that hold every answer plus one
  bulk UPDATE writing every goal's numbers,
- our engine as the hourly cron runs it (sales.goal._refresh_batches, each batch's
  _refresh_actuals committed),
- the Odoo peer: gamification in batch mode for weekly "new leads" goals
  (gamification_sale_crm's definition), the naive ORM loop (one _read_group per
  goal, timed on a sample and extrapolated) for the mixed case.
Goals are refreshed twice: the first also raises the one-time risk alerts (and
gamification writes its reached/failed states); the second is the steady state the
ratios are computed on. Both are printed, with the design's targets (DESIGN.md §6)
and whether they are met. Each case deletes what it created, so runs are repeatable.
"""

# A standalone program with its own cursor: it commits like the cron it measures.
# pylint: disable=invalid-commit

import argparse
import json
import sys
import time
from datetime import date, timedelta

import psycopg2

import odoo
from odoo.modules.registry import Registry
from odoo.tools import SQL

YEAR = 2025
YEAR_START = date(YEAR, 1, 1)
MIXED_KPIS = ('won_revenue', 'order_amount', 'invoiced_amount', 'conversion_rate')
# DESIGN.md §6: ours against the floor of the whole job, gamification against ours, the first
# refresh (alerts) against the hourly one.
TARGETS = {'ours_vs_floor_max': 1.5, 'peer_vs_ours_min': 5.0, 'first_vs_steady_max': 2.0}


def timed(function, cr, commit=False):
    """(seconds, queries) of one call, with its commit when asked (refreshes run as cron jobs do)."""
    before = cr.sql_log_count
    start = time.perf_counter()
    function()
    if commit:
        cr.commit()
    return time.perf_counter() - start, cr.sql_log_count - before


def run_floor(cr, queries):
    """The bare grouped scans (and the floor's UPDATE), at their best: without JIT compilation,
    which costs the scans more than it saves here (our engine switches it off for them too)."""
    cr.execute("SET LOCAL jit = off")
    for query in queries:
        cr.execute(query)
        if cr.description:
            cr.fetchall()


def best_of(runs, function, cr, commit=False):
    return min(timed(function, cr, commit=commit) for _ in range(runs))


def refresh_like_cron(goals, cr):
    """What the hourly cron does with these goals: one committed batch per company, KPI and time zone."""
    def run():
        for batch in goals._refresh_batches():
            batch._refresh_actuals()
            cr.commit()
    return run


def floor_update(cr, goals):
    """The floor's write: one UPDATE of every goal's numbers from arrays, as bare SQL."""
    cr.execute(SQL("SELECT id, actual, pipeline, attainment, expected_progress, forecast, status FROM sales_goal"
                   " WHERE id = ANY(%s)", goals.ids))
    columns = [list(column) for column in zip(*cr.fetchall(), strict=True)]
    return SQL(
        """UPDATE sales_goal
              SET actual = v.actual, pipeline = v.pipeline, attainment = v.attainment,
                  expected_progress = v.expected_progress, forecast = v.forecast, status = v.status,
                  last_computed_at = now() AT TIME ZONE 'UTC'
             FROM unnest(%s::int[], %s::float8[], %s::float8[], %s::float8[], %s::float8[], %s::float8[],
                         %s::varchar[]) AS v(id, actual, pipeline, attainment, expected_progress, forecast, status)
            WHERE sales_goal.id = v.id""", *columns)


def vacuum(db, table):
    """VACUUM ANALYZE outside any transaction, as autovacuum would after bulk changes."""
    connection = psycopg2.connect(dbname=db)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {table}")
    connection.close()


# ---------------------------------------------------------------- data

def ensure_data(env, args):
    marker = f"{args.reps}/{args.leads}/{args.orders}"
    param = env['ir.config_parameter'].sudo()
    if param.get_param('sales_management.bench_scale') == marker:
        return
    if param.get_param('sales_management.bench_scale'):
        sys.exit(f"database already holds benchmark data of another scale "
                 f"({param.get_param('sales_management.bench_scale')}); use another SM_BENCH_DB")
    company = env.company
    sales_group = env.ref('sales_management.group_sales_management_user')
    reps = env['res.users'].with_context(no_reset_password=True, mail_create_nolog=True).create([{
        'name': f"Bench Rep {index:04d}", 'login': f"bench_rep_{index:04d}", 'tz': 'UTC',
        'group_ids': [(6, 0, [env.ref('base.group_user').id, sales_group.id])],
    } for index in range(args.reps)])
    team_size = 20
    env['crm.team'].create([{
        'name': f"Bench Team {index:02d}", 'company_id': company.id,
        'member_ids': [(6, 0, reps[index * team_size:(index + 1) * team_size].ids)],
    } for index in range((args.reps + team_size - 1) // team_size)])
    partners = env['res.partner'].create([{'name': f"Bench Customer {index:05d}", 'is_company': True}
                                          for index in range(max(args.orders // 200, 10))])
    won_stage = env['crm.stage'].search([('is_won', '=', True)], limit=1)
    open_stage = env['crm.stage'].search([('is_won', '=', False)], limit=1)
    env.flush_all()
    cr = env.cr
    user_ids, team_of = reps.ids, {rep.id: rep.sale_team_id.id for rep in reps}
    cr.execute(SQL(
        "CREATE TEMP TABLE bench_rep AS"
        " SELECT * FROM unnest(%s::int[], %s::int[]) WITH ORDINALITY AS r(user_id, team_id, idx)",
        user_ids, [team_of[uid] for uid in user_ids]))
    cr.execute(SQL(
        """INSERT INTO crm_lead (name, type, user_id, team_id, company_id, create_date, write_date, date_open,
                                 date_closed, active, probability, expected_revenue, won_status, stage_id,
                                 create_uid, write_uid)
           SELECT 'Bench lead ' || g, CASE WHEN g %% 3 = 0 THEN 'lead' ELSE 'opportunity' END,
                  rep.user_id, rep.team_id, %(company)s, stamp, stamp, stamp,
                  CASE WHEN g %% 4 IN (0, 1) THEN stamp + interval '9 days' END,
                  g %% 4 <> 1, CASE g %% 4 WHEN 0 THEN 100 WHEN 1 THEN 0 ELSE 40 END,
                  1000 + (g %% 50) * 100,
                  CASE g %% 4 WHEN 0 THEN 'won' WHEN 1 THEN 'lost' ELSE 'pending' END,
                  CASE WHEN g %% 4 = 0 THEN %(won)s ELSE %(open)s END, 1, 1
             FROM generate_series(1, %(count)s) AS g
             JOIN bench_rep rep ON rep.idx = 1 + g %% %(reps)s,
                  LATERAL (SELECT %(start)s::timestamp + (g %% 365) * interval '1 day'
                                  + (g %% 86400) * interval '1 second' AS stamp) AS t""",
        company=company.id, won=won_stage.id, open=open_stage.id, count=args.leads, reps=args.reps,
        start=YEAR_START,
    ))
    cr.execute(SQL("CREATE TEMP TABLE bench_partner AS SELECT * FROM unnest(%s::int[]) WITH ORDINALITY AS p(id, idx)",
                   partners.ids))
    cr.execute(SQL(
        """INSERT INTO sale_order (name, partner_id, partner_invoice_id, partner_shipping_id, company_id, date_order,
                                   state, user_id, team_id, currency_id, currency_rate, amount_untaxed, amount_tax,
                                   amount_total, create_date, write_date, create_uid, write_uid)
           SELECT 'BENCH' || g, partner.id, partner.id, partner.id, %(company)s,
                  %(start)s::timestamp + (g %% 365) * interval '1 day' + (g %% 36000) * interval '1 second',
                  CASE WHEN g %% 10 = 0 THEN 'cancel' WHEN g %% 10 = 1 THEN 'draft' ELSE 'sale' END,
                  rep.user_id, rep.team_id, %(currency)s, 1, 500 + (g %% 40) * 50, 0, 500 + (g %% 40) * 50,
                  now(), now(), 1, 1
             FROM generate_series(1, %(count)s) AS g
             JOIN bench_rep rep ON rep.idx = 1 + g %% %(reps)s
             JOIN bench_partner partner ON partner.idx = 1 + g %% %(partners)s""",
        company=company.id, start=YEAR_START, currency=company.currency_id.id, count=args.orders,
        reps=args.reps, partners=len(partners),
    ))
    cr.execute("ANALYZE crm_lead")
    cr.execute("ANALYZE sale_order")
    param.set_param('sales_management.bench_scale', marker)
    env.cr.commit()


def remove_case_records(cr):
    """What a case created and committed (the benchmark database is dedicated to it)."""
    cr.execute("DELETE FROM mail_activity WHERE res_model = 'sales.goal'")
    cr.execute("DELETE FROM mail_message WHERE model = 'sales.goal'")
    cr.execute("DELETE FROM mail_followers WHERE res_model = 'sales.goal'")
    cr.execute("DELETE FROM sales_goal")
    cr.execute("DELETE FROM sales_kpi WHERE code = 'bench_new_leads'")
    cr.execute("DELETE FROM gamification_goal")
    cr.execute("DELETE FROM gamification_goal_definition WHERE name->>'en_US' = 'New Leads'")
    cr.commit()


def bench_reps(env):
    return env['res.users'].search([('login', '=like', 'bench_rep_%')], order='login')


def insert_goals(env, rows):
    """Bulk-insert goals: (kpi, level, user, team, period_type, date_from, date_to, target)."""
    company = env.company
    env.cr.execute(SQL(
        """INSERT INTO sales_goal (name, kpi_id, level, user_id, team_id, company_id, period_type, date_from, date_to,
                                   target, weight, state, create_uid, write_uid, create_date, write_date)
           SELECT 'bench', kpi, level, user_id, team_id, %s, period_type, date_from, date_to, target, 1, 'confirmed',
                  1, 1, now(), now()
             FROM (VALUES %s) AS v(kpi, level, user_id, team_id, period_type, date_from, date_to, target)
        RETURNING id""",
        company.id, SQL(", ").join(SQL("(%s, %s, %s::int, %s::int, %s, %s::date, %s::date, %s::float8)", *row)
                                   for row in rows),
    ))
    return env['sales.goal'].browse([goal_id for (goal_id,) in env.cr.fetchall()])


def weeks(count):
    first_monday = YEAR_START + timedelta(days=(7 - YEAR_START.weekday()) % 7)
    return [(first_monday + timedelta(weeks=index), first_monday + timedelta(weeks=index, days=6))
            for index in range(count)]


# ---------------------------------------------------------------- cases

def case_weekly_new_leads(env, args, reps):
    """10,000 weekly per-rep "new leads" goals, as gamification_sale_crm defines them."""
    cr = env.cr
    periods = weeks(args.goals // len(reps))
    first, last = periods[0][0], periods[-1][1] + timedelta(days=1)
    floor_sql = SQL(
        """SELECT user_id, date_trunc('week', create_date), count(*) FROM crm_lead
            WHERE type IN ('lead', 'opportunity') AND create_date >= %s AND create_date < %s
         GROUP BY 1, 2""", first, last)
    kpi = env['sales.kpi'].create({
        'name': "New Leads (bench)", 'code': 'bench_new_leads', 'source': 'custom', 'unit': 'count',
        'model_id': env['ir.model']._get_id('crm.lead'),
        'domain': "['|', ('type', '=', 'lead'), ('type', '=', 'opportunity')]",
        'date_field_id': env['ir.model.fields']._get('crm.lead', 'create_date').id,
        'user_field_id': env['ir.model.fields']._get('crm.lead', 'user_id').id,
    })
    goals = insert_goals(env, [(kpi.id, 'user', rep.id, None, 'week', start, end, 20.0)
                               for rep in reps for start, end in periods])
    env.invalidate_all()
    cr.commit()
    vacuum(args.db, 'sales_goal')
    ours_first = timed(refresh_like_cron(goals, cr), cr)
    update_sql = floor_update(cr, goals)
    floor_s, _ = best_of(3, lambda: run_floor(cr, [floor_sql, update_sql]), cr, commit=True)
    env.invalidate_all()
    ours = ours_first, best_of(2, refresh_like_cron(goals, cr), cr)

    definition = env['gamification.goal.definition'].create({
        'name': "New Leads", 'computation_mode': 'count', 'model_id': env['ir.model']._get_id('crm.lead'),
        'field_date_id': env['ir.model.fields']._get('crm.lead', 'create_date').id,
        'domain': "['|', ('type', '=', 'lead'), ('type', '=', 'opportunity')]",
        'batch_mode': True, 'batch_distinctive_field': env['ir.model.fields']._get('crm.lead', 'user_id').id,
        'batch_user_expression': 'user.id',
    })
    cr.execute(SQL(
        """INSERT INTO gamification_goal (definition_id, user_id, start_date, end_date, target_goal, current, state,
                                          create_uid, write_uid, create_date, write_date)
           SELECT %s, user_id, start_date, end_date, 20, 0, 'inprogress', 1, 1, now(), now()
             FROM (VALUES %s) AS v(user_id, start_date, end_date) RETURNING id""",
        definition.id, SQL(", ").join(SQL("(%s, %s::date, %s::date)", rep.id, start, end)
                                      for rep in reps for start, end in periods),
    ))
    peer_goals = env['gamification.goal'].browse([goal_id for (goal_id,) in cr.fetchall()])
    cr.commit()
    env.invalidate_all()
    peer = timed(peer_goals.update_goal, cr, commit=True), timed(peer_goals.update_goal, cr, commit=True)
    return report('weekly_new_leads', args, goals, floor_s, ours, peer_name='gamification (batch mode)', peer=peer)


def case_mixed(env, args, reps):
    """Revenue, orders, invoices and conversion goals of reps and teams over months."""
    cr = env.cr
    kpis = [env.ref(f'sales_management.sales_kpi_{code}') for code in MIXED_KPIS]
    months = [(date(YEAR, month, 1), (date(YEAR, month + 1, 1) if month < 12 else date(YEAR + 1, 1, 1))
               - timedelta(days=1)) for month in range(1, 13)]
    rows = [(kpi.id, 'user', rep.id, None, 'month', start, end, 10000.0)
            for kpi in kpis for rep in reps for start, end in months]
    teams = reps.sale_team_id
    rows += [(kpi.id, 'team', None, team.id, 'month', start, end, 100000.0)
             for kpi in kpis for team in teams for start, end in months]
    rows = rows[:args.goals]
    goals = insert_goals(env, rows)

    # the floor: one grouped scan per KPI source holding every rep's and team's months
    span = (date(YEAR, 1, 1), date(YEAR + 1, 1, 1))
    floor_sqls = [
        SQL("""SELECT user_id, team_id, date_trunc('month', date_closed), sum(expected_revenue) FROM crm_lead
                WHERE won_status = 'won' AND date_closed >= %s AND date_closed < %s GROUP BY 1, 2, 3""", *span),
        SQL("""SELECT user_id, team_id, date_trunc('month', date_order), sum(amount_untaxed / currency_rate)
                 FROM sale_order WHERE state = 'sale' AND date_order >= %s AND date_order < %s GROUP BY 1, 2, 3""",
            *span),
        SQL("""SELECT invoice_user_id, team_id, date_trunc('month', invoice_date), sum(amount_untaxed_signed)
                 FROM account_move WHERE state = 'posted' AND move_type IN ('out_invoice', 'out_refund')
                  AND invoice_date >= %s AND invoice_date < %s GROUP BY 1, 2, 3""", *span),
        SQL("""SELECT user_id, team_id, date_trunc('month', date_closed), count(*) FILTER (WHERE won_status = 'won'),
                      count(*) FROM crm_lead
                WHERE won_status IN ('won', 'lost') AND date_closed >= %s AND date_closed < %s GROUP BY 1, 2, 3""",
            *span),
    ]

    cr.commit()
    vacuum(args.db, 'sales_goal')
    env.invalidate_all()
    ours_first = timed(refresh_like_cron(goals, cr), cr)
    floor_sqls.append(floor_update(cr, goals))
    floor_s, _ = best_of(3, lambda: run_floor(cr, floor_sqls), cr, commit=True)
    env.invalidate_all()
    ours = ours_first, best_of(2, refresh_like_cron(goals, cr), cr)

    # the naive ORM loop: one _read_group per goal, timed on a sample
    sample = goals[:: max(1, len(goals) // 100)]
    env.invalidate_all()

    def naive():
        for goal in sample:
            goal.kpi_id._values_in_window(goal._get_window())

    sample_s, sample_q = timed(naive, cr)
    scale = len(goals) / len(sample)
    extrapolated = (sample_s * scale, round(sample_q * scale))
    return report('mixed', args, goals, floor_s, ours, peer_name='naive loop (1 query per goal, extrapolated)',
                  peer=(extrapolated, extrapolated))


def report(case, args, goals, floor_s, ours, *, peer_name, peer):
    """ours and peer: ((first_s, first_queries), (steady_s, steady_queries))."""
    (ours_first_s, ours_first_q), (ours_s, ours_q) = ours
    (peer_first_s, peer_first_q), (peer_s, peer_q) = peer
    line = {
        'case': case, 'goals': len(goals), 'leads': args.leads, 'orders': args.orders, 'reps': args.reps,
        'floor_s': round(floor_s, 4),
        'ours_s': round(ours_s, 4), 'ours_queries': ours_q,
        'ours_first_s': round(ours_first_s, 4), 'ours_first_queries': ours_first_q,
        'peer': peer_name, 'peer_s': round(peer_s, 4), 'peer_queries': peer_q,
        'peer_first_s': round(peer_first_s, 4), 'peer_first_queries': peer_first_q,
        'ours_vs_floor': round(ours_s / floor_s, 2) if floor_s else None,
        'peer_vs_ours': round(peer_s / ours_s, 2) if ours_s else None,
        'first_vs_steady': round(ours_first_s / ours_s, 2) if ours_s else None,
        'targets': TARGETS,
        'sample_actuals': goals[:3].mapped('actual'),
    }
    line['meets'] = {
        'ours_vs_floor': line['ours_vs_floor'] <= TARGETS['ours_vs_floor_max'],
        'peer_vs_ours': line['peer_vs_ours'] >= TARGETS['peer_vs_ours_min'],
        'first_vs_steady': line['first_vs_steady'] <= TARGETS['first_vs_steady_max'],
    }
    # the benchmark's output is this line on stdout
    print(json.dumps(line), flush=True)  # noqa: T201  pylint: disable=print-used
    return line


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--db', required=True)
    parser.add_argument('--addons-path', required=True)
    parser.add_argument('--reps', type=int, default=200)
    parser.add_argument('--leads', type=int, default=1_000_000)
    parser.add_argument('--orders', type=int, default=200_000)
    parser.add_argument('--goals', type=int, default=10_000)
    parser.add_argument('--cases', default='weekly_new_leads,mixed', help="comma-separated cases to run")
    args = parser.parse_args()
    odoo.tools.config.parse_config(['-d', args.db, f'--addons-path={args.addons_path}', '--log-level=warn'])
    registry = Registry(args.db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        ensure_data(env, args)
        reps = bench_reps(env)
        cases = {'weekly_new_leads': case_weekly_new_leads, 'mixed': case_mixed}
        for name in args.cases.split(','):
            try:
                cases[name](env, args, reps)
            finally:
                cr.rollback()
                remove_case_records(cr)


if __name__ == '__main__':
    main()
