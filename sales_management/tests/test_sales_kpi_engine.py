from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import SalesGoalCommon


@tagged('post_install', '-at_install', 'sales_management_goal')
class TestSalesKpiEngine(SalesGoalCommon):
    """Every KPI source against hand-computed numbers, March 2026.

    rep_a1 works in Asia/Shanghai (UTC+8): 2026-02-28 17:00 UTC is already
    1 March for them, 2026-03-31 20:00 UTC already 1 April.
    """

    def assertActual(self, goal, expected):
        goal._refresh_actuals()
        self.assertAlmostEqual(goal.actual, expected, places=2, msg=goal.display_name)

    def test_won_revenue_count_and_conversion(self):
        self.env['crm.lead'].create({  # another company's deal
            'name': "Elsewhere", 'type': 'opportunity', 'user_id': self.manager_2.id, 'expected_revenue': 700,
            'company_id': self.company_2.id, 'probability': 100, 'date_closed': datetime(2026, 3, 10),
            'stage_id': self.env['crm.stage'].search([('is_won', '=', True)], limit=1).id,
        })
        self._lead(self.rep_a1, 1000, datetime(2026, 3, 10, 9))
        self._lead(self.rep_a1, 2000, datetime(2026, 3, 31, 20))   # April in Shanghai, March in UTC
        self._lead(self.rep_a1, 4000, datetime(2026, 2, 28, 17))   # March in Shanghai, February in UTC
        self._lead(self.rep_a1, 500, datetime(2026, 3, 15), won=False)
        self._lead(self.rep_b1, 3000, datetime(2026, 3, 5))
        self._lead(self.rep_b1, 9000, datetime(2026, 4, 1, 0, 0, 1))

        self.assertActual(self._goal('won_revenue', self.rep_a1), 1000 + 4000)
        self.assertActual(self._goal('won_revenue', self.team_a), 1000 + 2000)
        self.assertActual(self._goal('won_revenue', self.company), 1000 + 2000 + 3000)
        self.assertActual(self._goal('won_count', self.rep_a1, target=5), 2)
        self.assertActual(self._goal('conversion_rate', self.rep_a1, target=50), 100.0 * 2 / 3)
        self.assertActual(self._goal('conversion_rate', self.rep_b1, target=50), 100.0)

    def test_order_amount(self):
        partner = self.partners[0]
        self._order(self.rep_a1, partner, 1000, datetime(2026, 3, 5))
        self._order(self.rep_a1, partner, 800, datetime(2026, 3, 6), state='cancel')
        self._order(self.rep_a1, partner, 300, datetime(2026, 3, 7), state='draft')
        self._order(self.rep_a1, partner, 1000, datetime(2026, 3, 10), pricelist=self.pricelist_eur)  # 500 USD
        # a deal the Team B rep closed for Team A counts for Team A: documents, not members
        self._order(self.rep_b1, partner, 250, datetime(2026, 3, 12), team=self.team_a)
        self.assertActual(self._goal('order_amount', self.rep_a1), 1500)
        self.assertActual(self._goal('order_amount', self.team_a), 1750)
        self.assertActual(self._goal('order_amount', self.team_b), 0)
        self.assertActual(self._goal('order_amount', self.rep_b1), 250)

    def test_invoiced_collected_and_collection_rate(self):
        partner = self.partners[1]
        invoice = self._invoice(self.rep_a1, partner, 1000, '2026-03-05')
        self._invoice(self.rep_a1, partner, 200, '2026-03-20', move_type='out_refund')
        self._invoice(self.rep_a1, partner, 999, '2026-03-21', post=False)
        eur_invoice = self._invoice(self.rep_a1, partner, 1000, '2026-03-10', currency=self.eur)  # 500 USD
        self._invoice(self.rep_a1, partner, 400, '2026-04-01')
        self._pay(invoice, 1000, '2026-03-25')
        self._pay(eur_invoice, 600, '2026-04-02')  # 300 USD, collected in April

        self.assertActual(self._goal('invoiced_amount', self.rep_a1), 1000 - 200 + 500)
        self.assertActual(self._goal('collected_amount', self.rep_a1), 1000)
        self.assertActual(self._goal('collected_amount', self.rep_a1, '2026-04-01', '2026-04-30'), 300)
        # due in March: 1000 paid + 500 of which 300 paid
        self.assertEqual((invoice | eur_invoice).mapped('invoice_date_due'), [date(2026, 3, 5), date(2026, 3, 10)])
        self.assertActual(self._goal('collection_rate', self.rep_a1, target=90), 100.0 * 1300 / 1500)
        self.assertActual(self._goal('invoiced_amount', self.team_a), 1300)

    def test_new_customers_and_retention(self):
        new_1, returning, new_2, lapsed = self.partners[:4]
        self._order(self.rep_b1, returning, 100, datetime(2026, 2, 10))
        self._order(self.rep_b1, lapsed, 100, datetime(2026, 2, 11))
        self._order(self.rep_a1, returning, 100, datetime(2026, 3, 3))
        self._order(self.rep_a1, new_1, 100, datetime(2026, 3, 5))
        self._order(self.rep_a1, new_1, 100, datetime(2026, 3, 8))
        self._order(self.rep_a1, new_2, 100, datetime(2026, 3, 10), pricelist=self.pricelist_eur)
        self.assertActual(self._goal('new_customers', self.rep_a1, target=5), 2)
        self.assertActual(self._goal('new_customers', self.company, target=5), 2)
        self.assertActual(self._goal('new_customers', self.rep_b1, '2026-02-01', '2026-02-28', target=5), 2)
        # February's customers of rep_b1: returning came back in March, lapsed did not
        self.assertActual(self._goal('retention_rate', self.rep_b1, target=80), 50.0)
        self.assertActual(self._goal('retention_rate', self.company, target=80), 50.0)

    def test_activities_done(self):
        lead = self._lead(self.rep_a1, 100, datetime(2026, 1, 5))
        activity_type = self.env.ref('mail.mail_activity_data_call')
        for day in ('2026-03-12', '2026-03-30', '2026-04-02'):
            activity = lead.activity_schedule(activity_type_id=activity_type.id, user_id=self.rep_a1.id)
            with freeze_time(day):
                activity.action_feedback("Called")
                self.env.flush_all()  # the done date is computed at flush time
        lead.activity_schedule(activity_type_id=activity_type.id, user_id=self.rep_a1.id)  # still open
        self.assertActual(self._goal('activities_done', self.rep_a1, target=10), 2)
        self.assertActual(self._goal('activities_done', self.team_a, target=10), 2)

    def test_manual_values(self):
        kpi = self.kpis['customer_satisfaction']
        Value = self.env['sales.kpi.value']
        Value.create({'kpi_id': kpi.id, 'user_id': self.rep_a1.id, 'date': '2026-03-05', 'value': 80, 'note': "Q1"})
        Value.create({'kpi_id': kpi.id, 'user_id': self.rep_a1.id, 'date': '2026-03-20', 'value': 90, 'note': "Q1b"})
        Value.create({'kpi_id': kpi.id, 'user_id': self.rep_a1.id, 'date': '2026-04-02', 'value': 10, 'note': "Q2"})
        Value.create({'kpi_id': kpi.id, 'team_id': self.team_a.id, 'date': '2026-03-20', 'value': 70, 'note': "Team"})
        rep_goal = self._goal('customer_satisfaction', self.rep_a1, target=85)
        self.assertActual(rep_goal, 90)
        facts = self.env['sales.goal.fact'].search(rep_goal.action_open_sources()['domain'])
        self.assertEqual(facts.mapped('res_model'), ['sales.kpi.value'] * 2)
        self.assertEqual(sorted(facts.mapped('amount')), [80, 90])
        self.assertActual(self._goal('customer_satisfaction', self.team_a, target=85), 70)
        self.assertActual(self._goal('customer_satisfaction', self.company, target=85), 0)

    def test_custom_kpi(self):
        kpi = self.env['sales.kpi'].create({
            'name': "Opportunities due", 'code': 'opportunities_due', 'source': 'custom', 'unit': 'count',
            'model_id': self.env['ir.model']._get_id('crm.lead'),
            'domain': "[('type', '=', 'opportunity')]",
            'date_field_id': self.env['ir.model.fields']._get('crm.lead', 'date_deadline').id,
            'user_field_id': self.env['ir.model.fields']._get('crm.lead', 'user_id').id,
        })
        Lead = self.env['crm.lead']
        Lead.create([
            {'name': "A", 'type': 'opportunity', 'user_id': self.rep_a1.id, 'date_deadline': '2026-03-01'},
            {'name': "B", 'type': 'opportunity', 'user_id': self.rep_a1.id, 'date_deadline': '2026-03-31'},
            {'name': "C", 'type': 'opportunity', 'user_id': self.rep_a1.id, 'date_deadline': '2026-04-01'},
            {'name': "D", 'type': 'lead', 'user_id': self.rep_a1.id, 'date_deadline': '2026-03-15'},
        ])
        self.assertActual(self._goal(kpi, self.rep_a1, target=3), 2)

    def test_explain_opens_exactly_the_sources(self):
        """One click from a goal opens exactly the records that make its actual."""
        inside = self._lead(self.rep_a1, 1000, datetime(2026, 3, 10))
        self._lead(self.rep_a1, 1000, datetime(2026, 4, 10))
        self._lead(self.rep_b1, 1000, datetime(2026, 3, 10))
        goal = self._goal('won_revenue', self.rep_a1)
        action = goal.action_open_sources()
        self.assertEqual(action['res_model'], 'sales.goal.fact')
        facts = self.env['sales.goal.fact'].search(action['domain'])
        self.assertEqual([(fact.res_model, fact.res_id, fact.amount) for fact in facts],
                         [('crm.lead', inside.id, 1000)])
        company_goal = self._goal('won_revenue', self.company)
        self.assertEqual(len(company_goal.action_open_sources()['domain'][0][2]), 2)
