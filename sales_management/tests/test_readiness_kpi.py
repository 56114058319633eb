from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from .common import SalesGoalCommon


@tagged('post_install', '-at_install', 'sales_management_training')
class TestReadinessWithKpis(SalesGoalCommon):
    """Readiness combines valid certifications with the KPI attainment of ended goals."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.job = cls.env['hr.job'].create({'name': "Account Executive"})  # no mandatory course: training 100 %
        cls.employee = cls.env['hr.employee'].create({
            'name': "Riley", 'user_id': cls.rep_a1.id, 'job_id': cls.job.id})
        cls.senior_job = cls.env['hr.job'].create({'name': "Senior Account Executive"})
        today = fields.Date.today()
        cls.last_month = (today - relativedelta(months=1)).replace(day=1)
        cls.last_month_end = cls.last_month + relativedelta(months=1, days=-1)

    def _ended_goal(self, actual, target=1000.0, weight=1.0, **values):
        goal = self._goal('won_revenue', self.rep_a1, self.last_month, self.last_month_end, target=target,
                          weight=weight, **values)
        goal.write({'actual': actual, 'state': 'closed'})
        return goal

    def test_readiness_without_goals_is_training_only(self):
        self.assertEqual(self.employee.sales_kpi_goal_count, 0)
        self.assertEqual(self.employee.sales_readiness, self.employee.sales_training_readiness)
        self.assertEqual(self.employee.sales_readiness, 100.0)

    def test_attainment_capped_and_weighted(self):
        self._ended_goal(1500)                      # 150 %, counts as 100 %
        self._ended_goal(600, weight=3)             # 60 %
        self._goal('won_revenue', self.rep_a1, self.last_month, self.last_month_end)  # draft: ignored
        self._goal('won_revenue', self.rep_a1, fields.Date.today(), fields.Date.today(), target=10)  # running
        self.employee.invalidate_recordset()
        self.assertEqual(self.employee.sales_kpi_goal_count, 2)
        self.assertAlmostEqual(self.employee.sales_kpi_attainment, (100 + 3 * 60) / 4)
        self.assertAlmostEqual(self.employee.sales_readiness, (100 + 70) / 2)

    def test_promotion_needs_kpi_attainment(self):
        """A plan for promotion is eligible only when the attainment reaches the at-risk threshold."""
        self.company.sales_goal_at_risk_threshold = 90
        goal = self._ended_goal(800)
        plan = self.env['sales.development.plan'].create({
            'employee_id': self.employee.id, 'path': 'promotion', 'target_job_id': self.senior_job.id})
        self.assertEqual(plan.target_readiness, 100.0)
        self.assertFalse(plan.promotion_eligible, "80 % attainment is below the 90 % threshold")
        goal.actual = 950
        self.employee.invalidate_recordset()
        plan.invalidate_recordset()
        self.assertTrue(plan.promotion_eligible)
