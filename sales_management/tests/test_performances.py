from datetime import datetime

from odoo.tests import tagged, users, warmup

from .common import SalesGoalCommon


@tagged('post_install', '-at_install', 'sales_management_perf')
class TestSalesGoalPerformance(SalesGoalCommon):
    """Actuals cost one grouped query per KPI (and time zone), whatever the number of goals and periods."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        partner = cls.partners[0]
        for day in range(1, 28):
            cls._lead(cls.rep_a1 if day % 2 else cls.rep_b1, 100 * day, datetime(2026, 3, day, 12))
            cls._order(cls.rep_a2, partner, 10 * day, datetime(2026, 3, day, 12))
        cls.owners = [cls.rep_a1, cls.rep_a2, cls.rep_b1, cls.team_a, cls.team_b, cls.company]
        cls.windows = [('2026-03-01', '2026-03-31'), ('2026-03-02', '2026-03-08')]

    def _make_goals(self, count, target=1000):
        """`count` goals over 2 KPIs and 2 windows (4 grouped queries), spread over the owners."""
        vals_list = []
        kpis = (self.kpis['won_revenue'], self.kpis['order_amount'])
        for index in range(count):
            owner = self.owners[index % len(self.owners)]
            level = {'res.users': 'user', 'crm.team': 'team', 'res.company': 'company'}[owner._name]
            date_from, date_to = self.windows[(index // len(self.owners)) % 2]
            vals_list.append({
                'kpi_id': kpis[(index // (2 * len(self.owners))) % 2].id, 'level': level,
                {'user': 'user_id', 'team': 'team_id', 'company': 'company_id'}[level]: owner.id,
                'date_from': date_from, 'date_to': date_to, 'target': target + index,
            })
        goals = self.env['sales.goal'].create(vals_list)
        goals.flush_recordset()
        return goals

    def _refresh_query_count(self, goals):
        self.env.invalidate_all()  # both sizes start from a cold cache
        before = self.env.cr.sql_log_count
        goals._refresh_actuals()
        self.env.flush_all()  # what the refresh left to write counts too
        return self.env.cr.sql_log_count - before

    @users('sm_manager')
    @warmup
    def test_query_count_independent_of_goal_count(self):
        small = self._make_goals(24).with_user(self.env.user)
        large = self._make_goals(240).with_user(self.env.user)
        # 1 SELECT of the goals, one scan per KPI and time zone for both periods: 2 KPIs × 2 time
        # zones (rep_a1 is in Shanghai) = 4, 2 more for the won-revenue pipeline, 3 reads of the
        # KPIs and companies, 1 UPDATE
        with self.assertQueryCount(sm_manager=11):
            small_count = self._refresh_query_count(small)
        with self.assertQueryCount(sm_manager=11):
            large_count = self._refresh_query_count(large)
        if self.warm:  # the cold run also pays for metadata and rule caches
            self.assertEqual(small_count, large_count)
        self.assertEqual(set(large.mapped('last_computed_at')), {large[0].last_computed_at})
        won_march = large.filtered(lambda goal: goal.kpi_id.code == 'won_revenue' and goal.level == 'company'
                                   and goal.date_to.day == 31)
        self.assertEqual(len(won_march), 10)
        self.assertEqual(set(won_march.mapped('actual')), {float(sum(100 * day for day in range(1, 28)))})

    @users('sm_manager')
    @warmup
    def test_first_refresh_alerts_in_bulk(self):
        """Goals turning at risk all at once (a first refresh) raise their alerts in bulk: the query
        count does not grow with the number of alerts (up to the ORM's 100 rows per INSERT)."""
        earlier = self._make_goals(6, target=10_000_000)
        small = self._make_goals(24, target=10_000_000)
        large = self._make_goals(96, target=10_000_000)
        (earlier | small | large).write({'state': 'confirmed'})
        # every responsible already had a digest: both runs thread theirs after it
        earlier._refresh_actuals()
        counts = [self._refresh_query_count(goals.with_user(self.env.user)) for goals in (small, large)]
        if self.warm:
            self.assertEqual(counts[0], counts[1])
        alerts = self.env['mail.activity'].search([
            ('res_model', '=', 'sales.goal'), ('res_id', 'in', (small | large).ids),
            ('activity_type_id', '=', self.env.ref('sales_management.mail_act_sales_goal_risk').id)])
        self.assertEqual(len(alerts), 120, "one alert per goal")
        self.assertEqual(len(large.activity_ids), 96)
