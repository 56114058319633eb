from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import SalesGoalCommon


class SalesGoalTourCommon(HttpCase, SalesGoalCommon):
    """A period around today (so the tours run any day): the company's invoicing goal, Team A's share
    and its members' goals; Rep Riley (sm_user) invoiced 3,500 of a 30,000 target and is off track."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.today()
        cls.date_from, cls.date_to = today - timedelta(days=20), today + timedelta(days=5)
        kpi = cls.kpis['invoiced_amount']
        for amount in (1000, 2000, 500):
            cls._invoice(cls.rep_a1, cls.partners[0], amount, today)
        period = {'period_type': 'custom', 'date_from': cls.date_from, 'date_to': cls.date_to}
        cls.company_goal = cls._goal(kpi, cls.company, target=100000, **period)
        cls.team_goal = cls._goal(kpi, cls.team_a, target=60000, parent_id=cls.company_goal.id, **period)
        cls.rep_goal = cls._goal(kpi, cls.rep_a1, target=30000, parent_id=cls.team_goal.id, **period)
        cls.rep_goal_2 = cls._goal(kpi, cls.rep_a2, target=30000, parent_id=cls.team_goal.id, **period)
        (cls.company_goal | cls.team_goal | cls.rep_goal | cls.rep_goal_2).action_confirm()


@tagged('post_install', '-at_install', 'sales_management_ui')
class TestSalesGoalManagerTours(SalesGoalTourCommon):

    def test_director_drills_down_and_reads_honest_totals(self):
        """The director lands on the team goals, reads the analysis one level at a time, follows a goal's
        actual to the invoices behind it (no Access Error without invoicing rights) and back."""
        self.assertEqual(self.rep_goal.actual, 3500)
        self.assertFalse(self.manager.has_group('account.group_account_invoice'))
        self.start_tour("/odoo", 'sales_management_director_goal_tour', login='sm_manager')

    def test_leader_handles_an_alert(self):
        """The team leader opens Goals at Risk, finds the alert on a member's goal and records a plan."""
        self.assertEqual(self.rep_goal.status, 'off_track')
        self.start_tour("/odoo", 'sales_management_leader_alert_tour', login='sm_leader')
        self.assertIn("Two customer visits", self.rep_goal.contingency_plan)


@tagged('post_install', '-at_install', 'sales_management_ui')
class TestSalesGoalRepTours(SalesGoalTourCommon):
    browser_size = '375x667'
    touch_enabled = True

    def test_rep_goal_on_a_phone(self):
        """On a phone, a rep's goal shows target, actual, attainment, status, forecast and the pace
        needed in the first screen, no button she cannot press, and its invoices one tap away."""
        self.start_tour("/odoo", 'sales_management_rep_goal_tour', login='sm_user')

    def test_rep_goal_in_chinese(self):
        """The same screens in Chinese show no untranslated word of the addon."""
        self.env['res.lang']._activate_lang('zh_CN')
        modules = self.env['ir.module.module'].search([('state', '=', 'installed')])
        modules._update_translations(['zh_CN'])
        self.rep_a1.lang = 'zh_CN'
        self.rep_a1.name = "李娜"
        self.team_a.name = "直销部"
        self.partners[0].name = "华东贸易有限公司"
        self.start_tour("/odoo", 'sales_management_rep_goal_zh_tour', login='sm_user')
