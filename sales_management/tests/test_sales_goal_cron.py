from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from ..models.sales_goal import SalesGoal
from .common import SalesGoalCommon


@tagged('post_install', '-at_install', 'sales_management_goal')
class TestSalesGoalCron(SalesGoalCommon):
    """The hourly refresh commits one batch per company, KPI and time zone and resumes where it stopped."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.risk_type = cls.env.ref('sales_management.mail_act_sales_goal_risk')

    def _confirmed_goals(self, kpi_codes, reps, **values):
        """Confirmed goals never refreshed yet (as after an import), far behind their target."""
        goals = self.env['sales.goal']
        for code in kpi_codes:
            for rep in reps:
                goals |= self._goal(code, rep, target=100000, **values)
        goals.state = 'confirmed'
        return goals

    def _alerts(self, goals):
        return self.env['mail.activity'].search([
            ('res_model', '=', 'sales.goal'), ('res_id', 'in', goals.ids),
            ('activity_type_id', '=', self.risk_type.id)])

    @freeze_time('2026-03-20')
    def test_interrupted_run_resumes_without_duplicates(self):
        """A run failing in its third batch keeps the two committed batches (numbers and alerts);
        the next run refreshes only the rest, and each goal has exactly one alert."""
        # rep_a1 works in Shanghai, rep_b1 in UTC: 3 KPIs x 2 time zones = 6 batches
        goals = self._confirmed_goals(('won_revenue', 'won_count', 'order_amount'), self.rep_a1 | self.rep_b1)
        refresh = SalesGoal._refresh_actuals
        batches_run = []
        failed = False

        def failing_third_batch(batch):
            if len(batches_run) == 2:
                raise RuntimeError("database connection lost")
            batches_run.append(batch)
            return refresh(batch)

        # not assertRaises: it would roll back what the committed batches did
        with self._cron_batches() as progress, patch.object(SalesGoal, '_refresh_actuals', failing_third_batch):
            try:
                self.env['sales.goal']._cron_refresh_actuals()
            except RuntimeError:
                failed = True
        self.assertTrue(failed, "the run was interrupted")
        self.assertEqual(progress['remaining'], [6], "the run announced its 6 goals")
        self.assertEqual(progress['processed'][1:], [1, 1], "two batches committed")
        done = batches_run[0] | batches_run[1]
        self.assertEqual(len(done), 2)
        self.assertTrue(all(done.mapped('last_computed_at')))
        self.assertFalse(any((goals - done).mapped('last_computed_at')))
        self.assertEqual(set(self._alerts(goals).mapped('res_id')), set(done.ids))
        stamps = {goal: goal.last_computed_at for goal in done}

        with self._cron_batches() as progress:
            self.env['sales.goal']._cron_refresh_actuals()
        self.assertEqual(progress['remaining'], [4], "the next run finishes the rest only")
        self.assertTrue(all(goals.mapped('last_computed_at')))
        self.assertEqual({goal: goal.last_computed_at for goal in done}, stamps, "committed batches not redone")
        alerts = self._alerts(goals)
        self.assertEqual(sorted(alerts.mapped('res_id')), sorted(goals.ids), "one alert per goal, none twice")

    @freeze_time('2026-03-20')
    def test_one_scan_per_batch(self):
        """Many goals of one KPI and time zone are one batch, refreshed by one scan."""
        goals = self._confirmed_goals(('won_revenue',), self.rep_a2 | self.rep_b1)
        goals |= self._confirmed_goals(('won_revenue',), self.rep_a2 | self.rep_b1, date_from='2026-03-02',
                                       date_to='2026-03-08', period_type='week')
        self.assertEqual([len(batch) for batch in goals._refresh_batches()], [4])

    def test_ended_goals_are_closed_and_leave_at_risk(self):
        """At the end of its period a goal gets its final numbers, is closed with its status frozen,
        and its risk alert is withdrawn; the at-risk list only shows current goals."""
        with freeze_time('2026-03-20'):
            goal = self._goal('won_revenue', self.rep_a1, target=10000)
            goal.action_confirm()
            self.assertEqual(len(self._alerts(goal)), 1)
            self.assertEqual(self._alerts(goal).date_deadline, date(2026, 3, 20), "an alert is due the day it turns")
        self._won(self.rep_a1, 2000, date(2026, 3, 30))
        goal.last_computed_at = datetime(2026, 3, 20)
        with freeze_time('2026-04-02'), self._cron_batches():
            self.env['sales.goal']._cron_refresh_actuals()
        self.assertEqual(goal.state, 'closed')
        self.assertEqual(goal.actual, 2000, "its final number")
        self.assertEqual(goal.status, 'off_track')
        self.assertFalse(self._alerts(goal), "nothing to plan for an ended period")
        # the "At Risk" filter of Goals at Risk
        at_risk = [('status', 'in', ('at_risk', 'off_track')), ('state', '=', 'confirmed')]
        self.assertNotIn(goal, self.env['sales.goal'].search(at_risk))
        with freeze_time('2026-04-03'), self._cron_batches():
            self._won(self.rep_a1, 9000, date(2026, 3, 31))
            goal.last_computed_at = datetime(2026, 4, 2)
            self.env['sales.goal']._cron_refresh_actuals()
        self.assertEqual((goal.actual, goal.status), (2000, 'off_track'), "a closed goal stays as it ended")
