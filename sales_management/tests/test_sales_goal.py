from datetime import date, datetime

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import SalesGoalCommon


@tagged('post_install', '-at_install', 'sales_management_goal')
class TestSalesGoalProgress(SalesGoalCommon):

    @freeze_time('2026-03-16')
    def test_progress_and_status(self):
        """Half of March elapsed (16/31 days): attainment against the prorated target decides."""
        self.company.write({'sales_goal_at_risk_threshold': 90, 'sales_goal_off_track_threshold': 70})
        self._won(self.rep_a2, 500, date(2026, 3, 2))
        goal = self._goal('won_revenue', self.rep_a2, target=1000)
        goal.action_confirm()
        self.assertAlmostEqual(goal.expected_progress, 100.0 * 16 / 31, places=4)
        self.assertAlmostEqual(goal.attainment, 50.0)
        # 500 against 516.13 expected: 96.9 % of pace
        self.assertEqual(goal.status, 'on_track')
        self.assertAlmostEqual(goal.forecast, 500 * 31 / 16, places=2)
        goal.target = 1300  # 500 / 670.97 = 74.5 % of pace
        self.assertEqual(goal.status, 'at_risk')
        goal.target = 2000  # 48.4 %
        self.assertEqual(goal.status, 'off_track')
        goal.target = 400
        self.assertEqual(goal.status, 'achieved')
        self.assertTrue(goal.last_computed_at)

    @freeze_time('2026-03-16')
    def test_forecast_adds_weighted_pipeline(self):
        self._won(self.rep_a2, 100, date(2026, 3, 2))
        self.env['crm.lead'].create({
            'name': "Big one", 'type': 'opportunity', 'user_id': self.rep_a2.id, 'expected_revenue': 10000,
            'probability': 30, 'date_deadline': '2026-03-28',
        })
        goal = self._goal('won_revenue', self.rep_a2, target=5000)
        goal._refresh_actuals()
        self.assertAlmostEqual(goal.pipeline, 3000)
        self.assertAlmostEqual(goal.forecast, 3100)

    @freeze_time('2026-03-16')
    def test_lower_better_inverts(self):
        """For a lower-is-better KPI, staying under the prorated target is on track."""
        kpi = self.env['sales.kpi'].create({
            'name': "Lost deals", 'code': 'lost_deals', 'source': 'custom', 'unit': 'count',
            'direction': 'lower_better',
            'model_id': self.env['ir.model']._get_id('crm.lead'),
            'domain': "[('won_status', '=', 'lost')]",
            'date_field_id': self.env['ir.model.fields']._get('crm.lead', 'date_closed').id,
            'user_field_id': self.env['ir.model.fields']._get('crm.lead', 'user_id').id,
        })
        goal = self._goal(kpi, self.rep_a2, target=10)
        goal._refresh_actuals()
        self.assertEqual((goal.actual, goal.status, goal.attainment), (0.0, 'on_track', 100.0))
        for day in range(2, 12):
            self._lead(self.rep_a2, 100, datetime(2026, 3, day, 12), won=False)
        goal._refresh_actuals()
        # 10 lost already, 5.16 expected by now: 51.6 % of pace
        self.assertEqual((goal.actual, goal.status), (10.0, 'off_track'))
        self.assertAlmostEqual(goal.attainment, 100.0)
        with freeze_time('2026-04-02'):
            goal._refresh_actuals()
            self.assertEqual(goal.status, 'achieved')

    @freeze_time('2026-03-20')
    def test_risk_alert_once(self):
        """Entering at risk gives the team leader one activity; later recomputes add none;
        recovering and falling back gives a new one."""
        goal = self._goal('won_revenue', self.rep_a1, target=10000)
        goal.action_confirm()
        self.assertEqual(goal.status, 'off_track')
        activity_type = self.env.ref('sales_management.mail_act_sales_goal_risk')
        activities = goal.activity_ids.filtered(lambda act: act.activity_type_id == activity_type)
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.leader)
        goal._refresh_actuals()
        goal.last_computed_at = datetime(2026, 3, 19)
        with self._cron_batches():
            self.env['sales.goal']._cron_refresh_actuals()
        self.assertEqual(len(goal.activity_ids), 1, "no duplicate on later recomputes")
        activities.action_feedback("Plan agreed")
        goal._refresh_actuals()
        self.assertFalse(goal.activity_ids, "a handled alert is not raised again while the goal stays behind")
        self._won(self.rep_a1, 20000, date(2026, 3, 18))
        goal._refresh_actuals()
        self.assertEqual(goal.status, 'achieved')
        goal.target = 100000
        goal._refresh_actuals()
        self.assertEqual(len(goal.activity_ids), 1, "falling behind again raises a new alert")

    @freeze_time('2026-03-20')
    def test_risk_alert_goes_to_director_for_company_goals(self):
        director = self.manager
        self.company.sales_director_id = director
        company_goal = self._goal('won_revenue', self.company, target=10000)
        team_goal = self._goal('won_revenue', self.team_b, target=10000)
        draft_goal = self._goal('won_revenue', self.team_a, target=10000)
        (company_goal | team_goal).action_confirm()
        draft_goal._refresh_actuals()
        self.assertEqual(company_goal.activity_ids.user_id, director)
        self.assertEqual(team_goal.activity_ids.user_id, director)
        self.assertFalse(draft_goal.activity_ids, "draft goals raise no alert")

    def test_cron_refreshes_confirmed_goals(self):
        goal = self._goal('won_revenue', self.rep_a2, target=1000)
        goal.action_confirm()
        self._won(self.rep_a2, 300, date(2026, 3, 2))
        goal.last_computed_at = datetime(2026, 3, 1)  # an hour or more ago
        with self._cron_batches():
            self.env.ref('sales_management.ir_cron_sales_management_goal_refresh').ir_actions_server_id.run()
        self.assertEqual(goal.actual, 300)


@tagged('post_install', '-at_install', 'sales_management_goal')
class TestSalesGoalCascade(SalesGoalCommon):

    def test_children_sum_flagged(self):
        parent = self._goal('won_revenue', self.team_a, target=1000)
        child = self._goal('won_revenue', self.rep_a1, target=600, parent_id=parent.id)
        self.assertTrue(parent.target_mismatch)
        self._goal('won_revenue', self.rep_a2, target=400, parent_id=parent.id)
        self.assertFalse(parent.target_mismatch)
        self.assertEqual(parent.children_target, 1000)
        child.target = 700
        self.assertTrue(parent.target_mismatch)

    def test_children_above_parent_blocked_by_setting(self):
        self.company.sales_goal_block_mismatch = True
        parent = self._goal('won_revenue', self.team_a, target=1000)
        self._goal('won_revenue', self.rep_a1, target=600, parent_id=parent.id)
        with self.assertRaises(ValidationError) as caught:
            self._goal('won_revenue', self.rep_a2, target=500, parent_id=parent.id)
        self.assertIn("add up to", str(caught.exception))
        self.assertEqual(len(parent.child_ids), 1)

    def test_child_period_inside_parent(self):
        parent = self._goal('won_revenue', self.team_a, target=1000)
        with self.assertRaises(ValidationError) as caught:
            self._goal('won_revenue', self.rep_a1, '2026-03-15', '2026-04-15', target=10, parent_id=parent.id)
        self.assertIn("outside its parent", str(caught.exception))
        child = self._goal('won_revenue', self.rep_a1, '2026-03-01', '2026-03-07', target=10, parent_id=parent.id)
        with self.assertRaises(ValidationError):
            parent.date_to = '2026-03-05'
        self.assertEqual(child.parent_id.date_to, date(2026, 3, 31))

    def test_bad_input_refused(self):
        count = self.env['sales.goal'].search_count([])
        for values, constraint in [({'target': -5}, 'sales_goal_check_target'),
                                   ({'date_from': '2026-03-31', 'date_to': '2026-03-01'}, 'sales_goal_check_dates')]:
            with self.subTest(values=values), mute_logger('odoo.sql_db'), self.assertRaises(IntegrityError) as caught:
                self._goal('won_revenue', self.rep_a1, **{'target': 10, **values})
            self.assertIn(constraint, str(caught.exception))
        with self.assertRaises(ValidationError) as caught:
            self._goal('won_revenue', self.rep_a1, target=0)
        self.assertIn("greater than zero", str(caught.exception))
        with self.assertRaises(ValidationError) as caught:
            self._goal('conversion_rate', self.rep_a1, target=120)
        self.assertIn("cannot exceed 100", str(caught.exception))
        with self.assertRaises(ValidationError) as caught:
            self.env['sales.goal'].create({
                'kpi_id': self.kpis['won_revenue'].id, 'level': 'user', 'target': 10,
                'date_from': '2026-03-01', 'date_to': '2026-03-31',
            })
        self.assertIn("needs a salesperson", str(caught.exception))
        self.rep_a2.active = False
        with self.assertRaises(ValidationError) as caught:
            self._goal('won_revenue', self.rep_a2)
        self.assertIn("archived", str(caught.exception))
        self.assertEqual(self.env['sales.goal'].search_count([]), count)

    def test_parent_with_children_not_deleted(self):
        parent = self._goal('won_revenue', self.team_a, target=1000)
        child = self._goal('won_revenue', self.rep_a1, target=500, parent_id=parent.id)
        with self.assertRaises(UserError):
            parent.unlink()
        (parent | child).unlink()
        self.assertFalse(parent.exists())


@tagged('post_install', '-at_install', 'sales_management_goal')
class TestSalesGoalSplit(SalesGoalCommon):

    def _split(self, goal, **values):
        form = Form(self.env['sales.goal.split.wizard'].with_context(default_goal_id=goal.id))
        for name, value in values.items():
            setattr(form, name, value)
        wizard = form.save()
        return wizard, wizard.line_ids

    def test_year_into_quarters_months_and_weeks(self):
        year = self._goal('won_revenue', self.company, '2026-01-01', '2026-12-31', target=1000, period_type='year')
        wizard, lines = self._split(year, split_by='period')
        self.assertEqual(wizard.sub_period_type, 'quarter')
        self.assertEqual(lines.mapped('target'), [250.0] * 4)
        wizard.action_apply()
        self.assertEqual(year.child_ids.mapped('period_type'), ['quarter'] * 4)
        self.assertFalse(year.target_mismatch)
        q1 = year.child_ids.sorted('date_from')[0]
        self.assertEqual((q1.date_from, q1.date_to), (date(2026, 1, 1), date(2026, 3, 31)))
        _wizard, months = self._split(q1, split_by='period')
        self.assertEqual(months.mapped('target'), [83.34, 83.33, 83.33], "the cent of remainder goes first")
        self.assertAlmostEqual(sum(months.mapped('target')), 250.0)

    def test_month_into_iso_weeks_prorated(self):
        """March 2026: Sun 1 (partial ISO week of 1 day), four full weeks, Mon 30 - Tue 31 (2 days)."""
        month = self._goal('won_count', self.rep_a1, target=31)
        _wizard, weeks = self._split(month, split_by='period')
        self.assertEqual([(week.date_to - week.date_from).days + 1 for week in weeks], [1, 7, 7, 7, 7, 2])
        self.assertEqual(weeks.mapped('target'), [1, 7, 7, 7, 7, 2])
        month.target = 10
        _wizard, weeks = self._split(month, split_by='period')
        # 10 × days / 31 floors to [0, 2, 2, 2, 2, 0]; the two units left go to the largest fractions
        self.assertEqual(weeks.mapped('target'), [1, 2, 2, 2, 2, 1], "counts stay whole and add up exactly")

    def test_split_by_members_with_weights(self):
        team_goal = self._goal('order_amount', self.team_a, target=1000)
        wizard, lines = self._split(team_goal, split_by='member', method='weights')
        self.assertEqual(lines.user_id, self.rep_a1 | self.rep_a2)
        lines.filtered(lambda line: line.user_id == self.rep_a1).weight = 2
        self.assertEqual(sorted(wizard.line_ids.mapped('target')), [333.33, 666.67])
        wizard.action_apply()
        self.assertEqual(team_goal.child_ids.mapped('level'), ['user', 'user'])
        self.assertEqual(team_goal.child_ids.team_id, self.team_a)
        self.assertFalse(team_goal.target_mismatch)

    def test_split_by_last_year_actuals(self):
        """Seasonality: last year's March and April shares; an empty last year falls back to equal."""
        partner = self.partners[0]
        self._order(self.rep_a1, partner, 300, datetime(2025, 3, 10))
        self._order(self.rep_a1, partner, 100, datetime(2025, 4, 10))
        goal = self._goal('order_amount', self.rep_a1, '2026-03-01', '2026-04-30', target=1000, period_type='custom')
        _wizard, lines = self._split(goal, split_by='period', sub_period_type='month', method='last_year')
        self.assertEqual(lines.mapped('target'), [750.0, 250.0])
        other = self._goal('order_amount', self.rep_b1, '2026-03-01', '2026-04-30', target=1000, period_type='custom')
        _wizard, lines = self._split(other, split_by='period', sub_period_type='month', method='last_year')
        self.assertEqual(lines.mapped('target'), [500.0, 500.0])

    def test_last_year_says_where_history_is_missing(self):
        """Quarters without history get the average share of those with history, and the wizard says so;
        members without history likewise."""
        partner = self.partners[0]
        self._order(self.rep_a1, partner, 300, datetime(2025, 2, 10))
        self._order(self.rep_a1, partner, 100, datetime(2025, 5, 10))
        goal = self._goal('order_amount', self.rep_a1, '2026-01-01', '2026-12-31', target=1000, period_type='year')
        wizard, lines = self._split(goal, split_by='period', method='last_year')
        # weights 300, 100 and the average 200 for Q3 and Q4: 1000 × 3/8, 1/8, 2/8, 2/8
        self.assertEqual(lines.mapped('target'), [375.0, 125.0, 250.0, 250.0])
        self.assertIn("Q3", wizard.method_note)
        self.assertIn("Q4", wizard.method_note)
        team_goal = self._goal('order_amount', self.team_a, '2026-01-01', '2026-12-31', target=900,
                               period_type='year')
        wizard, lines = self._split(team_goal, split_by='member', method='last_year')
        self.assertEqual(lines.mapped('target'), [450.0, 450.0], "rep_a2 has no history: the average of rep_a1's")
        self.assertIn(self.rep_a2.name, wizard.method_note)
        empty = self._goal('order_amount', self.rep_b1, '2026-01-01', '2026-12-31', target=1000, period_type='year')
        wizard, _lines = self._split(empty, split_by='period', method='last_year')
        self.assertIn("equal", wizard.method_note)

    def test_split_twice_is_refused_or_replaces(self):
        """Splitting again for the same owners and periods is refused, or replaces the sub-goals when asked;
        nothing is duplicated, even bypassing the wizard."""
        goal = self._goal('order_amount', self.team_a, target=1000)
        self._split(goal, split_by='member')[0].action_apply()
        first = goal.child_ids
        wizard, _lines = self._split(goal, split_by='member', method='weights')
        self.assertEqual(wizard.existing_child_ids, first)
        with self.assertRaises(UserError) as caught:
            wizard.action_apply()
        self.assertIn("already has these sub-goals", str(caught.exception))
        self.assertEqual(goal.child_ids, first)
        wizard.line_ids[0].weight = 3
        wizard.replace_existing = True
        wizard.action_apply()
        self.assertEqual(len(goal.child_ids), 2)
        self.assertFalse(first.exists())
        self.assertEqual(sorted(goal.child_ids.mapped('target')), [250.0, 750.0])
        with mute_logger('odoo.sql_db'), self.assertRaises(IntegrityError):
            self._goal('order_amount', self.rep_a1, target=5, parent_id=goal.id, team_id=self.team_a.id)

    def test_split_offers_only_what_lies_below(self):
        """A team goal is not split between teams, a rep's goal not between members."""
        team_goal = self._goal('order_amount', self.team_a, target=1000)
        wizard, lines = self._split(team_goal, split_by='team')
        self.assertFalse(lines, "no other team lies below a team")
        with self.assertRaises(UserError) as caught:
            wizard.action_apply()
        self.assertIn("Only a company goal is split between teams", str(caught.exception))
        rep_goal = self._goal('order_amount', self.rep_a1, target=1000)
        wizard, lines = self._split(rep_goal, split_by='member')
        self.assertFalse(lines)
        with self.assertRaises(UserError):
            wizard.action_apply()
        self.assertFalse((team_goal | rep_goal).child_ids)

    def test_split_teams_of_company_goal(self):
        goal = self._goal('won_revenue', self.company, target=999)
        wizard, lines = self._split(goal, split_by='team')
        self.assertLessEqual(self.team_a | self.team_b, lines.team_id)
        self.assertAlmostEqual(sum(lines.mapped('target')), 999)
        wizard.action_apply()
        self.assertEqual(set(goal.child_ids.mapped('level')), {'team'})

    def test_rate_kpi_children_keep_the_rate(self):
        goal = self._goal('conversion_rate', self.team_a, target=40)
        _wizard, lines = self._split(goal, split_by='member')
        self.assertEqual(lines.mapped('target'), [40.0, 40.0])


@tagged('post_install', '-at_install', 'sales_management_goal')
class TestSalesGoalGenerate(SalesGoalCommon):

    def test_generate_goals_from_job(self):
        job = self.env['hr.job'].create({'name': "Account Executive"})
        self.env['hr.employee'].create([
            {'name': "Riley", 'user_id': self.rep_a1.id, 'job_id': job.id},
            {'name': "Ada", 'user_id': self.rep_a2.id, 'job_id': job.id},
            {'name': "No user", 'job_id': job.id},
        ])
        job.sales_kpi_template_ids = [
            (0, 0, {'kpi_id': self.kpis['won_revenue'].id, 'period_type': 'month', 'target': 5000}),
            (0, 0, {'kpi_id': self.kpis['activities_done'].id, 'period_type': 'month', 'target': 40}),
            (0, 0, {'kpi_id': self.kpis['won_revenue'].id, 'period_type': 'quarter', 'target': 15000}),
        ]
        wizard = self.env['sales.goal.generate.wizard'].create({
            'job_id': job.id, 'period_type': 'month', 'date': '2026-03-17',
        })
        self.assertEqual((wizard.date_from, wizard.date_to), (date(2026, 3, 1), date(2026, 3, 31)))
        action = wizard.action_generate()
        goals = self.env['sales.goal'].search(action['domain'])
        self.assertEqual(len(goals), 4)
        self.assertEqual(set(goals.mapped('target')), {5000, 40})
        self.assertEqual(goals.filtered(lambda goal: goal.user_id == self.rep_a1).team_id, self.team_a)
        again = self.env['sales.goal'].search(wizard.action_generate()['domain'])
        self.assertFalse(again, "existing goals are not generated twice")
