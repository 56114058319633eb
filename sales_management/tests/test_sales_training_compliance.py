from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common_training import SalesTrainingCommon


@tagged('post_install', '-at_install', 'sales_management_training')
class TestSalesTrainingCompliance(SalesTrainingCommon):
    """The compliance certification is passed on 2026-01-15 and valid up to 2027-01-14 included."""

    def _row(self, employee, course):
        return self.env['sales.training.compliance'].search(
            [('employee_id', '=', employee.id), ('course_id', '=', course.id)])

    def _states_on(self, day):
        with freeze_time(day):
            status = self.env['sales.training.compliance']._get_status(self.emp_rep)[self.emp_rep.id]
            self.env['sales.training.compliance']._refresh(self.emp_rep)
            stored = self._row(self.emp_rep, self.course_compliance)
            return {course: state for course, state, __ in status}, stored.state

    def test_rows_follow_jobs(self):
        """One row per employee and mandatory course of their job, updated when the job or duties change."""
        rows = self.env['sales.training.compliance'].search([('employee_id', 'in', self.emp_rep.ids)])
        self.assertEqual(rows.course_id, self.course_compliance | self.course_product)
        self.assertEqual(set(rows.mapped('state')), {'missing'})
        self.assertEqual(rows.team_id, self.team_a)
        self.assertEqual(self._row(self.emp_leader, self.course_product).job_id, self.job_leader)
        newcomer = self.env['hr.employee'].create({'name': "New Rep", 'job_id': self.job_rep.id})
        self.assertEqual(
            self.env['sales.training.compliance'].search([('employee_id', '=', newcomer.id)]).course_id,
            self.course_compliance | self.course_product, "a new employee's duties show at once")
        newcomer.action_archive()
        self.assertFalse(self.env['sales.training.compliance'].search([('employee_id', '=', newcomer.id)]))
        self.emp_rep.job_id = self.job_leader
        rows = self.env['sales.training.compliance'].search([('employee_id', 'in', self.emp_rep.ids)])
        self.assertEqual(rows.course_id, self.course_product)
        self.job_leader.sales_training_course_ids = [(4, self.course_compliance.id)]
        self.assertTrue(self._row(self.emp_rep, self.course_compliance))
        self.assertTrue(self._row(self.emp_leader, self.course_compliance))
        self.course_compliance.mandatory_job_ids = [(3, self.job_leader.id)]
        self.assertFalse(self._row(self.emp_leader, self.course_compliance))
        self.assertEqual(self.job_rep.sales_training_course_ids, self.course_compliance | self.course_product,
                         "the job lists its mandatory courses")

    def test_states_at_boundaries(self):
        """Compliant until 31 days before expiry; expiring from exactly 30 days up to the expiry day; expired after."""
        with freeze_time('2026-01-15'):
            self._pass(self.emp_rep)
        cases = [
            ('2026-01-15', 'compliant'),
            ('2026-12-14', 'compliant'),   # 31 days before the last valid day
            ('2026-12-15', 'expiring'),    # exactly 30 days before
            ('2027-01-14', 'expiring'),    # the expiry day itself is still valid
            ('2027-01-15', 'expired'),     # the day after
        ]
        for day, expected in cases:
            with self.subTest(day=day):
                live, stored = self._states_on(day)
                self.assertEqual(live[self.course_compliance], expected)
                self.assertEqual(stored, expected)
                self.assertEqual(live[self.course_product], 'missing')
        self.assertEqual(self._row(self.emp_rep, self.course_compliance).date_expiry, date(2027, 1, 14))

    def test_warning_period_configurable(self):
        """The warning period comes from the company (Settings)."""
        with freeze_time('2026-01-15'):
            self._pass(self.emp_rep)
        settings = self.env['res.config.settings'].create({'sales_training_expiry_warning_days': 10})
        settings.execute()
        self.assertEqual(self.env.company.sales_training_expiry_warning_days, 10)
        self.assertEqual(self._states_on('2026-12-15')[1], 'compliant')
        self.assertEqual(self._states_on('2027-01-04')[1], 'expiring')

    def test_never_expiring_is_compliant(self):
        """A certification without validity limit stays compliant."""
        with freeze_time('2020-01-01'):
            self._pass(self.emp_rep, self.course_product, score=60)
        with freeze_time('2030-01-01'):
            status = {c: s for c, s, __ in self.env['sales.training.compliance']._get_status(
                self.emp_rep)[self.emp_rep.id]}
        self.assertEqual(status[self.course_product], 'compliant')

    def test_one_reminder_per_person_and_course(self):
        """The cron creates one activity per person and course before expiry, never again on later runs."""
        with freeze_time('2026-01-15'):
            self._pass(self.emp_rep)
            self._pass(self.emp_rep_2)  # no user: the reminder goes to the manager
        Activity = self.env['mail.activity']
        domain = [('res_model', '=', 'sales.training.compliance')]
        with freeze_time('2026-12-14'):
            self.env['sales.training.compliance']._cron_refresh_and_remind()
        self.assertFalse(Activity.search(domain), "31 days before expiry: too early")
        with freeze_time('2026-12-15'):
            self.env['sales.training.compliance']._cron_refresh_and_remind()
        activities = Activity.search(domain)
        self.assertEqual(len(activities), 2)
        mine = activities.filtered(lambda a: a.res_id == self._row(self.emp_rep, self.course_compliance).id)
        self.assertEqual(mine.user_id, self.user)
        self.assertEqual(mine.date_deadline, date(2027, 1, 14))
        self.assertEqual(mine.activity_type_id, self.env.ref('sales_management.mail_act_sales_training_expiry'))
        self.assertEqual((activities - mine).user_id, self.leader)
        for day in ('2026-12-16', '2027-01-10', '2027-01-14'):
            with freeze_time(day):
                self.env['sales.training.compliance']._cron_refresh_and_remind()
        self.assertEqual(len(Activity.search(domain)), 2, "never duplicated on later runs")
        # Once renewed, the next expiry gets its own reminder in due time.
        with freeze_time('2027-01-10'):
            self._pass(self.emp_rep)
        with freeze_time('2027-12-20'):
            self.env['sales.training.compliance']._cron_refresh_and_remind()
        current = Activity.search([*domain, ('user_id', '=', self.user.id)])
        self.assertEqual(current.date_deadline, date(2028, 1, 9), "one open reminder, for the new expiry")
        self.assertFalse(mine.exists() and mine.active, "the reminder of the renewed certification is done")

    def test_readiness(self):
        """Readiness is the share of mandatory certifications valid today (100 % when none is mandatory)."""
        with freeze_time('2026-01-15'):
            self.assertEqual(self.emp_rep.sales_training_readiness, 0.0)
            self.assertEqual(self.emp_rep.sales_training_issue_count, 2)
            self._pass(self.emp_rep)
            self.emp_rep.invalidate_recordset()
            self.assertEqual(self.emp_rep.sales_training_readiness, 50.0)
            self._pass(self.emp_rep, self.course_product)
            self.emp_rep.invalidate_recordset()
            self.assertEqual(self.emp_rep.sales_training_readiness, 100.0)
            self.assertEqual(self.emp_rep.sales_training_issue_count, 0)
            nobody = self.env['hr.employee'].create({'name': "No Job"})
            self.assertEqual(nobody.sales_training_readiness, 100.0)
        with freeze_time('2027-01-15'):
            self.emp_rep.invalidate_recordset()
            self.assertEqual(self.emp_rep.sales_training_readiness, 50.0, "an expired certification does not count")

    def test_employee_smart_button(self):
        """The employee form opens their compliance."""
        action = self.emp_rep.action_view_sales_training_compliance()
        rows = self.env['sales.training.compliance'].search(action['domain'])
        self.assertEqual(rows.employee_id, self.emp_rep)


@tagged('post_install', '-at_install', 'sales_management_training', 'sales_management_performance')
class TestSalesTrainingCompliancePerformance(SalesTrainingCommon):

    def _queries(self, employees):
        Compliance = self.env['sales.training.compliance']
        employees.invalidate_recordset()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        Compliance._get_status(employees)
        return self.env.cr.sql_log_count - before

    def test_query_count_independent_of_employees(self):
        """Compliance of 20 or 200 employees costs the same number of queries."""
        employees = self.env['hr.employee'].create([
            {'name': f"Rep {number}", 'job_id': self.job_rep.id} for number in range(200)])
        sessions = self._new_session(self.course_compliance)
        self.env['sales.training.enrollment'].create([
            {'session_id': sessions.id, 'employee_id': employee.id, 'state': 'passed',
             'date_completed': date(2026, 1, 15), 'date_expiry': date(2027, 1, 14)}
            for employee in employees[::2]])
        self.env.flush_all()
        small, large = self._queries(employees[:20]), self._queries(employees)
        self.assertEqual(small, large)
        self.assertLessEqual(large, 10)
        with self.assertQueryCount(__system__=large):
            self.env.invalidate_all()
            self.env['sales.training.compliance']._get_status(employees)
        with freeze_time('2026-06-01'):
            readiness = self.env['sales.training.compliance']._get_readiness(employees)
        self.assertEqual(readiness[employees[0].id], 50.0)
        self.assertEqual(readiness[employees[1].id], 0.0)
