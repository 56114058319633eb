"""Install, upgrade and uninstall sales_management on real databases."""

from conftest import install, odoo_shell

DEFAULT_KPI_CODES = {
    'won_revenue', 'order_amount', 'invoiced_amount', 'collected_amount', 'collection_rate', 'new_customers',
    'won_count', 'conversion_rate', 'retention_rate', 'activities_done', 'customer_satisfaction', 'market_share',
}


def test_install_without_demo(fresh_db):
    db = fresh_db("nodemo")
    install(db, "-i", "sales_management")
    state = odoo_shell(db, """
result({
    'module': env['ir.module.module'].search([('name', '=', 'sales_management')]).state,
    'codes': env['sales.kpi'].search([]).mapped('code'),
    'demo_users': env['res.users'].search_count([('login', 'in', ['director', 'li.na'])]),
    'admin_manager': env.ref('base.user_admin').has_group('sales_management.group_sales_management_manager'),
})
""")
    assert state['module'] == 'installed'
    assert set(state['codes']) == DEFAULT_KPI_CODES
    assert state['demo_users'] == 0
    assert state['admin_manager']


def test_install_with_demo(demo_db):
    story = odoo_shell(demo_db, """
from datetime import timedelta
today = fields.Date.today()
User = env['res.users']
director = User.search([('login', '=', 'director')])
teams = env['crm.team'].search([('user_id.login', 'in', ['chen.jing', 'zhao.lei', 'sun.mei'])])
reps = teams.member_ids - teams.user_id
rep_employees = env['hr.employee'].search([('user_id', 'in', reps.ids)])
leaders = teams.user_id.employee_ids
orders = env['sale.order'].search([('user_id', 'in', reps.ids), ('state', '=', 'sale')])
invoices = env['account.move'].search([('invoice_user_id', 'in', reps.ids), ('state', '=', 'posted')])
leads = env['crm.lead'].with_context(active_test=False).search([('user_id', 'in', reps.ids)])
result({
    'director_manager': director.has_group('sales_management.group_sales_management_manager'),
    'teams': sorted(teams.mapped('name')),
    'reps': len(reps),
    'reps_are_users': all(rep.has_group('sales_management.group_sales_management_user') for rep in reps),
    'leaders_lead': all(
        user.has_group('sales_management.group_sales_management_team_leader') for user in teams.user_id),
    'rep_managers_are_leaders': all(employee.parent_id in leaders for employee in rep_employees),
    'leaders_report_to_director': set(leaders.parent_id.user_id.mapped('login')) == {'director'},
    'hr_officer': User.search([('login', '=', 'liu.fang')]).has_group('hr.group_hr_user'),
    'won': len(leads.filtered(lambda lead: lead.stage_id.is_won)),
    'lost': len(leads.filtered(lambda lead: not lead.active)),
    'open': len(leads.filtered(lambda lead: lead.active and not lead.stage_id.is_won)),
    'orders': len(orders),
    'newest_order_age': (today - max(orders.mapped('date_order')).date()).days,
    'oldest_order_age': (today - min(orders.mapped('date_order')).date()).days,
    'invoices': len(invoices),
    'paid': len(invoices.filtered(lambda move: move.payment_state in ('paid', 'in_payment'))),
    'open_receivables': len(invoices.filtered(lambda move: move.payment_state == 'not_paid')),
    'goal_levels': sorted(set(env['sales.goal'].search([]).mapped('level'))),
    'cascade_depth': max(len(goal.parent_path.split('/')) - 1 for goal in env['sales.goal'].search([])),
    'goals_behind': env['sales.goal'].search_count([
        ('status', 'in', ('at_risk', 'off_track')), ('state', '=', 'confirmed')]),
    'risk_activities': env['mail.activity'].search_count([('res_model', '=', 'sales.goal')]),
    'current_year_goal': bool(env['sales.goal'].search_count([
        ('level', '=', 'company'), ('date_from', '<=', today), ('date_to', '>=', today)])),
})
""")
    assert story['director_manager']
    assert story['teams'] == ['Channel Sales', 'Direct Sales', 'Key Accounts']
    assert story['reps'] == 12
    assert story['reps_are_users'] and story['leaders_lead'] and story['hr_officer']
    assert story['rep_managers_are_leaders'] and story['leaders_report_to_director']
    assert story['won'] > 20 and story['lost'] > 10 and story['open'] > 10
    # dated relative to today: recent activity and a year of history
    assert story['newest_order_age'] <= 30 and story['oldest_order_age'] >= 180
    assert story['orders'] > 50 and story['invoices'] > 40
    assert story['paid'] > 10 and story['open_receivables'] > 5
    # this year's company goal cascaded to teams, reps, quarters and months, some visibly behind
    assert story['current_year_goal']
    assert story['goal_levels'] == ['company', 'team', 'user']
    assert story['cascade_depth'] == 5
    assert story['goals_behind'] > 0 and story['risk_activities'] == story['goals_behind']


def test_upgrade_keeps_user_data(fresh_db):
    db = fresh_db("nodemo")
    install(db, "-i", "sales_management")
    odoo_shell(db, """
env['sales.kpi'].create({'name': 'Customer Visits', 'code': 'customer_visits', 'unit': 'count'})
env.ref('sales_management.sales_kpi_won_revenue').name = 'Signed Revenue'
env.ref('sales_management.sales_kpi_market_share').active = False
env.cr.commit()
result(True)
""")
    install(db, "-u", "sales_management")
    after = odoo_shell(db, """
Kpi = env['sales.kpi'].with_context(active_test=False)
result({
    'visits': Kpi.search([('code', '=', 'customer_visits')]).mapped('name'),
    'won_revenue': env.ref('sales_management.sales_kpi_won_revenue').name,
    'market_share_active': env.ref('sales_management.sales_kpi_market_share').active,
    'count': Kpi.search_count([]),
})
""")
    assert after == {
        'visits': ['Customer Visits'],
        'won_revenue': 'Signed Revenue',
        'market_share_active': False,
        'count': len(DEFAULT_KPI_CODES) + 1,
    }


def test_upgrade_from_1_1_removes_the_leaders_quota_rule(fresh_db):
    """19.0.1.1.0 let team leaders write their own team's goal through a noupdate rule; upgrading
    removes it, so the quota given from above is theirs no more."""
    db = fresh_db("nodemo")
    install(db, "-i", "sales_management")
    odoo_shell(db, """
# the data shape of 19.0.1.1.0: its leader rule on goals, and its version
rule = env['ir.rule'].create({
    'name': 'Sales goal: goals of the teams one leads',
    'model_id': env['ir.model']._get_id('sales.goal'),
    'domain_force': "[('team_id.user_id', '=', user.id)]",
    'groups': [(4, env.ref('sales_management.group_sales_management_team_leader').id)],
})
env['ir.model.data'].create({'module': 'sales_management', 'name': 'sales_goal_rule_team_leader',
                             'model': 'ir.rule', 'res_id': rule.id, 'noupdate': True})
env['ir.module.module'].search([('name', '=', 'sales_management')]).latest_version = '19.0.1.1.0'
env.cr.commit()
result(True)
""")
    install(db, "-u", "sales_management")
    after = odoo_shell(db, """
leader = env['res.users'].create({
    'name': 'Leader', 'login': 'upgrade_leader',
    'group_ids': [(6, 0, [env.ref('base.group_user').id,
                          env.ref('sales_management.group_sales_management_team_leader').id])],
})
team = env['crm.team'].create({'name': 'Upgrade Team', 'user_id': leader.id})
goal = env['sales.goal'].create({
    'kpi_id': env.ref('sales_management.sales_kpi_won_count').id, 'level': 'team', 'team_id': team.id,
    'period_type': 'month', 'date_from': '2026-03-01', 'date_to': '2026-03-31', 'target': 10,
})
result({
    'old_rule': bool(env.ref('sales_management.sales_goal_rule_team_leader', raise_if_not_found=False)),
    'leader_reads': goal.with_user(leader).has_access('read'),
    'leader_writes': goal.with_user(leader).has_access('write'),
})
""")
    assert after == {'old_rule': False, 'leader_reads': True, 'leader_writes': False}


def test_upgrade_from_1_1_moves_mandatory_courses_into_job_skills(fresh_db):
    """19.0.1.1.0 kept "mandatory for jobs" in its own table and measured compliance per course.
    Upgrading turns every link into the job skill of the certificate the course grants (a course
    granting none gets a certificate of its own, held by who passed it), keeps the reminders sent,
    and leaves one active enrollment per session and person."""
    db = fresh_db("nodemo")
    install(db, "-i", "sales_management")
    odoo_shell(db, """
from datetime import timedelta
today = fields.Date.today()
certification = env.ref('sales_management.hr_skill_type_sales_certification')
level = env.ref('sales_management.hr_skill_level_sales_certified')
category = env.ref('sales_management.sales_training_category_legal')
skill = env['hr.skill'].create({'name': 'Upgrade Compliance', 'skill_type_id': certification.id})
job_rep, job_lead = env['hr.job'].create([{'name': 'Upgrade Rep'}, {'name': 'Upgrade Leader'}])
course_cert, course_plain = env['sales.training.course'].create([
    {'name': 'Upgrade Compliance Course', 'category_id': category.id, 'validity_months': 12,
     'skill_type_id': certification.id, 'skill_id': skill.id, 'skill_level_id': level.id},
    {'name': 'Upgrade Negotiation', 'category_id': category.id, 'validity_months': 24},
])
rep, lead = env['hr.employee'].create([{'name': 'Upgrade Rep One', 'job_id': job_rep.id},
                                       {'name': 'Upgrade Lead One', 'job_id': job_lead.id}])
# the lead's certificate, granted by a course in 1.1, expires in ten days and was reminded
env['hr.employee.skill'].create({'employee_id': lead.id, 'skill_type_id': certification.id, 'skill_id': skill.id,
                                 'skill_level_id': level.id, 'valid_from': today - timedelta(days=355),
                                 'valid_to': today + timedelta(days=10)})
session = env['sales.training.session'].create({'course_id': course_plain.id,
                                                'date_start': fields.Datetime.now() + timedelta(days=3)})
passed = env['sales.training.enrollment'].create({'session_id': session.id, 'employee_id': rep.id})
env.cr.execute("UPDATE sales_training_enrollment SET state = 'passed', date_completed = %s, date_expiry = %s "
               "WHERE id = %s", [today - timedelta(days=100), today + timedelta(days=600), passed.id])
env.flush_all()
# --- the data shape of 19.0.1.1.0 ---
cr = env.cr
cr.execute("DROP INDEX sales_training_enrollment_unique_attendee")
cr.execute("INSERT INTO sales_training_enrollment (session_id, employee_id, company_id, course_id, state) "
           "SELECT session_id, employee_id, company_id, course_id, 'enrolled' FROM sales_training_enrollment "
           "WHERE id = %s", [passed.id])
cr.execute("CREATE TABLE sales_training_course_hr_job_rel (course_id integer NOT NULL, job_id integer NOT NULL, "
           "PRIMARY KEY (course_id, job_id))")
cr.execute("INSERT INTO sales_training_course_hr_job_rel VALUES (%s, %s), (%s, %s), (%s, %s)",
           [course_cert.id, job_rep.id, course_plain.id, job_rep.id, course_cert.id, job_lead.id])
cr.execute("DELETE FROM sales_training_compliance")
cr.execute("ALTER TABLE sales_training_compliance DROP COLUMN skill_id, DROP COLUMN reminder_sent")
cr.execute("INSERT INTO sales_training_compliance (employee_id, course_id, company_id, job_id, state, state_sequence, "
           "date_expiry, reminder_date_expiry) VALUES (%s, %s, %s, %s, 'expiring', 1, %s, %s) RETURNING id",
           [lead.id, course_cert.id, lead.company_id.id, job_lead.id, today + timedelta(days=10),
            today + timedelta(days=10)])
row_id = cr.fetchone()[0]
cr.execute("INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name, activity_type_id, user_id, "
           "summary, date_deadline, active, automated) VALUES (%s, 'sales.training.compliance', %s, "
           "'Upgrade Compliance', %s, %s, 'Renew Upgrade Compliance', %s, TRUE, TRUE)",
           [env['ir.model']._get_id('sales.training.compliance'), row_id,
            env.ref('sales_management.mail_act_sales_training_expiry').id, env.ref('base.user_admin').id,
            today + timedelta(days=10)])
env['ir.module.module'].search([('name', '=', 'sales_management')]).latest_version = '19.0.1.1.0'
env.cr.commit()
result(True)
""")
    install(db, "-u", "sales_management")
    after = odoo_shell(db, """
Course = env['sales.training.course']
course_cert = Course.search([('name', '=', 'Upgrade Compliance Course')])
course_plain = Course.search([('name', '=', 'Upgrade Negotiation')])
rep = env['hr.employee'].search([('name', '=', 'Upgrade Rep One')])
lead = env['hr.employee'].search([('name', '=', 'Upgrade Lead One')])
rows = env['sales.training.compliance'].search([('employee_id', 'in', (rep | lead).ids)])
lead_row = rows.filtered(lambda row: row.employee_id == lead)
reminders = lambda: env['mail.activity'].search_count([('res_model', '=', 'sales.training.compliance'),
                                                       ('res_id', '=', lead_row.id)])
before_cron = reminders()
env['sales.training.compliance']._cron_refresh_and_remind()
env.cr.execute("SELECT to_regclass('sales_training_course_hr_job_rel')")
old_table = env.cr.fetchone()[0]
result({
    'rep_requires': sorted(rep.job_id.current_job_skill_ids.skill_id.mapped('name')),
    'lead_requires': sorted(lead.job_id.current_job_skill_ids.skill_id.mapped('name')),
    'cert_mandatory_for': sorted(course_cert.mandatory_job_ids.mapped('name')),
    'plain_mandatory_for': sorted(course_plain.mandatory_job_ids.mapped('name')),
    'plain_grants': course_plain.skill_id.name,
    'rep_states': {row.skill_id.name: row.state for row in rows if row.employee_id == rep},
    'lead_state': lead_row.state,
    'lead_reminders': [before_cron, reminders()],
    'active_enrollments': env['sales.training.enrollment'].search_count(
        [('employee_id', '=', rep.id), ('state', '!=', 'cancelled')]),
    'old_table': old_table,
})
""")
    assert after == {
        'rep_requires': ['Upgrade Compliance', 'Upgrade Negotiation'],
        'lead_requires': ['Upgrade Compliance'],
        'cert_mandatory_for': ['Upgrade Leader', 'Upgrade Rep'],
        'plain_mandatory_for': ['Upgrade Rep'],
        'plain_grants': 'Upgrade Negotiation',
        'rep_states': {'Upgrade Compliance': 'missing', 'Upgrade Negotiation': 'compliant'},
        'lead_state': 'expiring',
        'lead_reminders': [1, 1],
        'active_enrollments': 1,
        'old_table': None,
    }


def test_uninstall_leaves_crm_sales_hr_working(fresh_db):
    db = fresh_db("nodemo")
    install(db, "-i", "sales_management")
    odoo_shell(db, """
env['ir.module.module'].search([('name', '=', 'sales_management')]).button_immediate_uninstall()
env.cr.commit()
result(True)
""")
    after = odoo_shell(db, """
partner = env['res.partner'].create({'name': 'After Uninstall Ltd'})
lead = env['crm.lead'].create({'name': 'Still selling', 'partner_id': partner.id, 'type': 'opportunity'})
lead.action_set_won()
product = env['product.product'].create({'name': 'Widget', 'list_price': 10})
order = env['sale.order'].create({'partner_id': partner.id, 'order_line': [Command.create({'product_id': product.id})]})
order.action_confirm()
employee = env['hr.employee'].create({'name': 'New Hire'})
env.cr.execute("SELECT to_regclass('sales_kpi')")
kpi_table = env.cr.fetchone()[0]
result({
    'module': env['ir.module.module'].search([('name', '=', 'sales_management')]).state,
    'kpi_table': kpi_table,
    'sales_model_gone': 'sales.kpi' not in env,
    'lead_won': lead.stage_id.is_won,
    'order': order.state,
    'employee': bool(employee.id),
    'sale_manager_group': bool(env.ref('sales_team.group_sale_manager', raise_if_not_found=False)),
})
""")
    assert after == {
        'module': 'uninstalled',
        'kpi_table': None,
        'sales_model_gone': True,
        'lead_won': True,
        'order': 'sale',
        'employee': True,
        'sale_manager_group': True,
    }
