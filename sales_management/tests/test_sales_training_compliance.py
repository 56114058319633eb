from contextlib import ExitStack
from datetime import date, datetime
from unittest.mock import patch

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from lxml import etree

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from ..models import sales_training_compliance
from ..models.sales_training_compliance import SalesTrainingCompliance
from .common_training import SalesTrainingCommon


@tagged('post_install', '-at_install', 'sales_management_training')
class TestSalesTrainingCompliance(SalesTrainingCommon):
    """The compliance certification is passed on 2026-01-15 and valid up to 2027-01-14 included."""

    def _row(self, employee, skill):
        return self.env['sales.training.compliance'].search(
            [('employee_id', '=', employee.id), ('skill_id', '=', skill.id)])

    def _states_on(self, day):
        with freeze_time(day):
            status = self.env['sales.training.compliance']._get_status(self.emp_rep)[self.emp_rep.id]
            self.env['sales.training.compliance']._refresh(self.emp_rep)
            stored = self._row(self.emp_rep, self.skill_compliance)
            return {line.job_skill.skill_id: line.state for line in status}, stored.state

    def _certificate(self, employee, skill, valid_from, valid_to=False):
        """A certificate HR records by hand on the employee's skills (earned outside)."""
        return self.env['hr.employee.skill'].create({
            'employee_id': employee.id, 'skill_type_id': self.skill_type.id, 'skill_id': skill.id,
            'skill_level_id': self.level.id, 'valid_from': valid_from, 'valid_to': valid_to})

    def test_rows_follow_jobs(self):
        """One row per employee and certificate their job requires, updated when the job or its
        requirements change."""
        rows = self.env['sales.training.compliance'].search([('employee_id', 'in', self.emp_rep.ids)])
        self.assertEqual(rows.skill_id, self.skill_compliance | self.skill_product)
        self.assertEqual(rows.course_id, self.course_compliance | self.course_product)
        self.assertEqual(set(rows.mapped('state')), {'missing'})
        self.assertEqual(rows.team_id, self.team_a)
        self.assertEqual(self._row(self.emp_leader, self.skill_product).job_id, self.job_leader)
        newcomer = self.env['hr.employee'].create({'name': "New Rep", 'job_id': self.job_rep.id})
        self.assertEqual(
            self.env['sales.training.compliance'].search([('employee_id', '=', newcomer.id)]).skill_id,
            self.skill_compliance | self.skill_product, "a new employee's duties show at once")
        newcomer.action_archive()
        self.assertFalse(self.env['sales.training.compliance'].search([('employee_id', '=', newcomer.id)]))
        self.emp_rep.job_id = self.job_leader
        rows = self.env['sales.training.compliance'].search([('employee_id', 'in', self.emp_rep.ids)])
        self.assertEqual(rows.skill_id, self.skill_product)

    def test_job_requirements_are_job_skills(self):
        """A course is mandatory for a job exactly when the job requires the certification it grants:
        editable from the course or the job, stored once, as the job's expected skills."""
        JobSkill = self.env['hr.job.skill']
        required = JobSkill.search([('job_id', '=', self.job_rep.id)])
        self.assertEqual(required.skill_id, self.skill_compliance | self.skill_product,
                         "making a course mandatory declared the job skills")
        self.assertEqual(self.job_rep.sales_training_course_ids, self.course_compliance | self.course_product)
        # declared on the job, the standard way: the course shows it, compliance measures it
        self.job_leader.job_skill_ids = [(0, 0, {
            'skill_type_id': self.skill_type.id, 'skill_id': self.skill_compliance.id,
            'skill_level_id': self.level.id})]
        self.assertEqual(self.course_compliance.mandatory_job_ids, self.job_rep | self.job_leader)
        self.assertEqual(self._row(self.emp_leader, self.skill_compliance).state, 'missing')
        self.assertIn(self.course_compliance,
                      self.env['sales.training.course'].search([('mandatory_job_ids', 'in', self.job_leader.ids)]))
        self.assertIn(self.course_compliance,
                      self.env['sales.training.course'].search([('mandatory_job_ids', '!=', False)]))
        # removed from the course: the job requires it no more
        self.course_compliance.mandatory_job_ids = [(3, self.job_leader.id)]
        self.assertNotIn(self.skill_compliance, self.job_leader.current_job_skill_ids.skill_id)
        self.assertFalse(self._row(self.emp_leader, self.skill_compliance))
        # edited from the job
        self.job_leader.sales_training_course_ids = [(4, self.course_compliance.id)]
        self.assertIn(self.skill_compliance, self.job_leader.current_job_skill_ids.skill_id)
        self.assertTrue(self._row(self.emp_leader, self.skill_compliance))
        self.job_leader.sales_training_course_ids = [(3, self.course_compliance.id)]
        self.assertFalse(self._row(self.emp_leader, self.skill_compliance))
        # a regular skill (not a certification) is not a training requirement
        languages = self.env['hr.skill.type'].create({
            'name': "Languages", 'skill_level_ids': [(0, 0, {'name': "B2", 'level_progress': 60})],
            'skill_ids': [(0, 0, {'name': "English"})]})
        self.job_rep.job_skill_ids = [(0, 0, {
            'skill_type_id': languages.id, 'skill_id': languages.skill_ids.id,
            'skill_level_id': languages.skill_level_ids.id})]
        self.assertEqual(self.env['sales.training.compliance'].search(
            [('employee_id', '=', self.emp_rep.id)]).skill_id, self.skill_compliance | self.skill_product)

    def test_requirement_no_course_grants(self):
        """A certificate the job requires and no course grants is missing, "no course grants it"."""
        self.env['hr.job.skill'].create({
            'job_id': self.job_rep.id, 'skill_type_id': self.skill_type.id,
            'skill_id': self.skill_leadership.id, 'skill_level_id': self.level.id})
        row = self._row(self.emp_rep, self.skill_leadership)
        self.assertEqual((row.state, row.course_id, row.course_note), ('missing', self.env['sales.training.course'],
                                                                        "No course grants it"))
        self.assertIn(row, self.env['sales.training.compliance'].search([('course_id', '=', False)]))

    def test_hand_entered_certificate_counts(self):
        """A certificate HR enters by hand counts exactly like one earned through a course;
        shortening or deleting it takes effect at once, on rows and on live readiness."""
        with freeze_time('2026-01-15'):
            certificate = self._certificate(self.emp_rep, self.skill_compliance, '2025-10-01', '2026-09-30')
            row = self._row(self.emp_rep, self.skill_compliance)
            self.assertEqual((row.state, row.date_expiry, row.employee_skill_id),
                             ('compliant', date(2026, 9, 30), certificate))
            self.assertEqual(self.emp_rep.sales_training_readiness, 50.0)
            certificate.valid_to = '2026-01-31'
            self.assertEqual(row.state, 'expiring')
            certificate.unlink()
            self.assertEqual((row.state, row.date_expiry), ('missing', False))
            self.emp_rep.invalidate_recordset()
            self.assertEqual(self.emp_rep.sales_training_readiness, 0.0)
            # on the employee form, the way HR records one; a certificate starting later does not count yet
            self.emp_rep.certification_ids = [(0, 0, {
                'skill_type_id': self.skill_type.id, 'skill_id': self.skill_product.id,
                'skill_level_id': self.level.id, 'valid_from': '2026-01-10'})]
            self.assertEqual(self._row(self.emp_rep, self.skill_product).state, 'compliant')
            self._certificate(self.emp_rep, self.skill_compliance, '2026-02-01', '2027-01-31')
            self.assertEqual(row.state, 'missing')

    def test_imported_certificates_refresh(self):
        """Certificates imported from a file refresh compliance like any other."""
        with freeze_time('2026-01-15'):
            result = self.env['hr.employee.skill'].load(
                ['employee_id/.id', 'skill_type_id/.id', 'skill_id/.id', 'skill_level_id/.id', 'valid_from',
                 'valid_to'],
                [[str(self.emp_rep.id), str(self.skill_type.id), str(self.skill_compliance.id), str(self.level.id),
                  '2025-06-01', '2026-05-31']])
            self.assertFalse(result['messages'])
            self.assertEqual(self._row(self.emp_rep, self.skill_compliance).state, 'compliant')

    def test_lower_level_does_not_count(self):
        """A certificate below the required level does not meet the requirement."""
        low = self.env['hr.skill.level'].create({
            'name': "Foundation", 'skill_type_id': self.skill_type.id, 'level_progress': 40})
        self.env['hr.employee.skill'].create({
            'employee_id': self.emp_rep.id, 'skill_type_id': self.skill_type.id,
            'skill_id': self.skill_compliance.id, 'skill_level_id': low.id})
        self.assertEqual(self._row(self.emp_rep, self.skill_compliance).state, 'missing')

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
                self.assertEqual(live[self.skill_compliance], expected)
                self.assertEqual(stored, expected)
                self.assertEqual(live[self.skill_product], 'missing')
        self.assertEqual(self._row(self.emp_rep, self.skill_compliance).date_expiry, date(2027, 1, 14))

    def test_warning_period_configurable(self):
        """The warning period comes from the company (Settings)."""
        with freeze_time('2026-01-15'):
            self._pass(self.emp_rep)
        settings = self.env['res.config.settings'].create({'sales_training_expiry_warning_days': 10})
        settings.execute()
        self.assertEqual(self.env.company.sales_training_expiry_warning_days, 10)
        self.assertEqual(self._states_on('2026-12-15')[1], 'compliant')
        self.assertEqual(self._states_on('2027-01-04')[1], 'expiring')

    def test_expiring_in_30_days_filter(self):
        """The "Expiring in 30 Days" filter keeps certificates whose last day is within 30 days."""
        with freeze_time('2026-01-15'):
            self._pass(self.emp_rep)
            self._certificate(self.emp_rep_2, self.skill_compliance, '2025-02-01', '2027-01-15')
        arch = self.env['sales.training.compliance'].get_view(view_type='search')['arch']
        domain = etree.fromstring(arch).xpath("//filter[@name='expiring_30']")[0].get('domain')
        for day, expected in (('2026-12-14', []), ('2026-12-15', [self.emp_rep]),
                              ('2026-12-16', [self.emp_rep, self.emp_rep_2]), ('2027-01-15', [self.emp_rep_2])):
            with self.subTest(day=day), freeze_time(day):
                self.env['sales.training.compliance']._refresh()
                today = fields.Date.context_today(self.env.user)
                rows = self.env['sales.training.compliance'].search(safe_eval(
                    domain, {'context_today': lambda today=today: today, 'relativedelta': relativedelta}))
                self.assertEqual(rows.employee_id, self.env['hr.employee'].union(*expected))

    def test_never_expiring_is_compliant(self):
        """A certification without validity limit stays compliant."""
        with freeze_time('2020-01-01'):
            self._pass(self.emp_rep, self.course_product, score=60)
        with freeze_time('2030-01-01'):
            status = {line.job_skill.skill_id: line.state for line in self.env['sales.training.compliance']._get_status(
                self.emp_rep)[self.emp_rep.id]}
        self.assertEqual(status[self.skill_product], 'compliant')

    def test_compliance_rate_by_job_team_and_company(self):
        """The rate is the share of required certificates valid today, per job, team and company."""
        with freeze_time('2026-01-15'):
            self._pass(self.emp_rep)                          # rep: 1 of 2
            self._pass(self.emp_other, self.course_product)   # rep: 1 of 2
            self._pass(self.emp_leader, self.course_product)  # leader: 1 of 1
        Compliance = self.env['sales.training.compliance']
        by_job = dict(Compliance._read_group([], ['job_id'], ['compliance_rate:avg']))
        self.assertAlmostEqual(by_job[self.job_rep], 100 * 2 / 6)  # three reps, two certificates each
        self.assertAlmostEqual(by_job[self.job_leader], 100.0)
        by_team = dict(Compliance._read_group([('team_id', '!=', False)], ['team_id'], ['compliance_rate:avg']))
        self.assertAlmostEqual(by_team[self.team_a], 50.0)
        self.assertAlmostEqual(by_team[self.team_b], 50.0)
        by_company = dict(Compliance._read_group([], ['company_id'], ['compliance_rate:avg']))
        self.assertAlmostEqual(by_company[self.company], 100 * 3 / 7)

    def test_readiness(self):
        """Readiness is the share of required certifications valid today (100 % when none is required)."""
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

    def test_my_certificates_real_empty_state(self):
        """A rep's certificates open on her own rows; with none, a real empty state, never sample cards."""
        action = self.env['ir.actions.act_window']._for_xml_id('sales_management.sales_training_compliance_action_my')
        self.assertEqual(action['views'][0][1], 'kanban', "phone first")
        self.assertIn("Your position requires no certificate", action['help'])
        Compliance = self.env['sales.training.compliance'].with_user(self.user)
        domain = safe_eval(action['domain'], {'uid': self.user.id})
        self.assertEqual(Compliance.search(domain).employee_id, self.emp_rep)
        self.emp_rep.job_id = False
        self.assertFalse(Compliance.search(domain))
        for view_type in ('kanban', 'list'):
            arch = etree.fromstring(Compliance.get_views([(False, view_type)])['views'][view_type]['arch'])
            self.assertFalse(arch.get('sample'), f"no sample data in the {view_type} view")

    def test_employee_smart_button(self):
        """The employee form opens their compliance."""
        action = self.emp_rep.action_view_sales_training_compliance()
        rows = self.env['sales.training.compliance'].search(action['domain'])
        self.assertEqual(rows.employee_id, self.emp_rep)

    def test_bad_input(self):
        """A course granting a regular skill, a level of another type, a certificate ending before it
        starts, a course granting nothing made mandatory: refused clearly, nothing written."""
        languages = self.env['hr.skill.type'].create({
            'name': "Languages", 'skill_level_ids': [(0, 0, {'name': "B2", 'level_progress': 60})],
            'skill_ids': [(0, 0, {'name': "English"})]})
        Course = self.env['sales.training.course']
        count = Course.search_count([])
        with self.assertRefused(ValidationError, "can only grant a certification, and Languages is not"):
            Course.create({'name': "English", 'category_id': self.category.id, 'skill_type_id': languages.id,
                           'skill_id': languages.skill_ids.id, 'skill_level_id': languages.skill_level_ids.id})
        with self.assertRefused(ValidationError, "must belong to the type"):
            Course.create({'name': "Mixed", 'category_id': self.category.id, 'skill_type_id': self.skill_type.id,
                           'skill_id': self.skill_compliance.id, 'skill_level_id': languages.skill_level_ids.id})
        with self.assertRefused(ValidationError, "grants no certification, so no position can require it"):
            Course.create({'name': "Plain", 'category_id': self.category.id,
                           'mandatory_job_ids': [(6, 0, self.job_rep.ids)]})
        negotiation = self.env.ref('sales_management.sales_training_course_negotiation')
        with self.assertRefused(ValidationError, "grants no certification"):
            self.job_rep.sales_training_course_ids = [(4, negotiation.id)]
        self.assertEqual(Course.search_count([]), count)
        self.assertEqual(self.env['hr.job.skill'].search([('job_id', '=', self.job_rep.id)]).skill_id,
                         self.skill_compliance | self.skill_product)
        certificates = self.env['hr.employee.skill'].search_count([])
        with self.assertRefused(ValidationError, "valid stop date prior to their valid start date"):
            self._certificate(self.emp_rep, self.skill_compliance, '2026-05-01', '2026-04-30')
        self.assertEqual(self.env['hr.employee.skill'].search_count([]), certificates)
        self.assertEqual(self._row(self.emp_rep, self.skill_compliance).state, 'missing')


@tagged('post_install', '-at_install', 'sales_management_training')
class TestSalesTrainingReminders(SalesTrainingCommon):
    """One reminder per person and certificate, whichever cron runs, resumed after an interruption."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.expiry_type = cls.env.ref('sales_management.mail_act_sales_training_expiry')

    def _row(self, employee, skill):
        return self.env['sales.training.compliance'].search(
            [('employee_id', '=', employee.id), ('skill_id', '=', skill.id)])

    def _reminders(self, skill=None, employees=None):
        domain = [('res_model', '=', 'sales.training.compliance'), ('activity_type_id', '=', self.expiry_type.id)]
        if skill:
            rows = self.env['sales.training.compliance'].search([('skill_id', '=', skill.id)])
            if employees:
                rows = rows.filtered(lambda row: row.employee_id in employees)
            domain.append(('res_id', 'in', rows.ids))
        return self.env['mail.activity'].search(domain)

    def _run(self):
        with self._cron_batches():
            return self.env['sales.training.compliance']._cron_refresh_and_remind()

    def test_one_reminder_per_person_and_certificate(self):
        """Expiring certificates get one reminder 30 days before, never again on later runs; a renewal
        closes it and the next expiry gets its own."""
        holders = self.emp_rep | self.emp_rep_2
        with freeze_time('2026-01-15'):
            self._pass(self.emp_rep)
            self._pass(self.emp_rep_2)  # no user: the reminder goes to the manager
        with freeze_time('2026-12-14'):
            self._run()
        self.assertFalse(self._reminders(self.skill_compliance, holders), "31 days before expiry: too early")
        self.assertTrue(self._reminders(self.skill_compliance, self.emp_other), "a missing one is reminded at once")
        with freeze_time('2026-12-15'):
            self._run()
        activities = self._reminders(self.skill_compliance, holders)
        self.assertEqual(len(activities), 2)
        mine = activities.filtered(lambda a: a.res_id == self._row(self.emp_rep, self.skill_compliance).id)
        self.assertEqual(mine.user_id, self.user)
        self.assertEqual(mine.date_deadline, date(2027, 1, 14))
        self.assertEqual((activities - mine).user_id, self.leader)
        for day in ('2026-12-16', '2027-01-10', '2027-01-14', '2027-01-20'):
            with freeze_time(day):
                self._run()
        self.assertEqual(len(self._reminders(self.skill_compliance, holders)), 2,
                         "never duplicated, not even once expired")
        # Once renewed, the reminder is done and the next expiry gets its own in due time.
        with freeze_time('2027-01-25'):
            self._pass(self.emp_rep)
        self.assertFalse(mine.exists() and mine.active, "the reminder of the renewed certificate is done")
        with freeze_time('2028-01-01'):
            self._run()
        current = self._reminders(self.skill_compliance, self.emp_rep)
        self.assertEqual(current.date_deadline, date(2028, 1, 24), "one open reminder, for the new expiry")

    @freeze_time('2026-03-01')
    def test_reminder_names_the_next_session_and_enrolls(self):
        """A missing certificate's reminder names the next open session; from the certificate the
        person enrolls in it."""
        self._new_session(self.course_compliance, day=datetime(2026, 4, 20, 9))
        soonest = self._new_session(self.course_compliance, day=datetime(2026, 3, 20, 9))
        self._run()
        reminder = self._reminders(self.skill_compliance).filtered(lambda a: a.user_id == self.user)
        self.assertEqual(reminder.summary, "Get certified: Test Compliance")
        self.assertIn(soonest.name, reminder.note)
        self.assertIn(f"/odoo/sales-training-sessions/{soonest.id}", reminder.note)
        row = self._row(self.emp_rep, self.skill_compliance).with_user(self.user)
        self.assertEqual(row.next_session_id, soonest)
        action = row.action_enroll_next_session()
        self.assertEqual((action['res_model'], action['context']['default_mode']),
                         ('sales.training.enroll.wizard', 'self'))
        self.env[action['res_model']].with_user(self.user).with_context(**action['context']).create({}).action_enroll()
        self.assertEqual(soonest.enrollment_ids.employee_id, self.emp_rep)
        row.invalidate_recordset()
        self.assertEqual((row.next_session_id, row.next_session_enrolled), (soonest, True), "no second invitation")
        # no course grants it: the reminder says so
        self.env['hr.job.skill'].create({
            'job_id': self.job_rep.id, 'skill_type_id': self.skill_type.id,
            'skill_id': self.skill_leadership.id, 'skill_level_id': self.level.id})
        self._run()
        reminder = self._reminders(self.skill_leadership).filtered(lambda a: a.user_id == self.user)
        self.assertIn("No course grants it", reminder.note)

    @freeze_time('2026-12-15')
    def test_both_crons_make_one_activity(self):
        """hr_skills' certification reminder and ours run the same day: one activity per person and
        certificate, none of hr_skills' kind."""
        with freeze_time('2026-01-15'):
            self._pass(self.emp_rep)
        with self._cron_batches():
            self.env['hr.employee']._add_certification_activity_to_employees()
            self.env['sales.training.compliance']._cron_refresh_and_remind()
            self.env['hr.employee']._add_certification_activity_to_employees()
        rows = self.env['sales.training.compliance'].search([('employee_id', '=', self.emp_rep.id)])
        self.assertEqual(len(self._reminders().filtered(lambda a: a.res_id in rows.ids)), 2,
                         "expiring compliance, missing product: one each")
        upload = self.env.ref('hr_skills.mail_activity_data_upload_certification')
        self.assertFalse(self.env['mail.activity'].search([('activity_type_id', '=', upload.id)]))

    @freeze_time('2026-03-01')
    def test_interrupted_run_resumes_without_duplicates(self):
        """A run failing in a refresh batch, then one failing in a reminder batch: the committed
        batches stay done, the next run does the rest, nobody gets a reminder twice."""
        employees = self.env['hr.employee'].create([
            {'name': f"Rep {number}", 'job_id': self.job_rep.id, 'parent_id': self.emp_leader.id}
            for number in range(4)])
        self.env['sales.training.compliance'].search([]).refreshed_on = date(2026, 2, 28)
        refresh, remind = SalesTrainingCompliance._refresh, SalesTrainingCompliance._remind
        calls = []

        def failing(method, fail_at):
            def wrapped(records, *args):
                calls.append(method.__name__)
                if calls.count(method.__name__) == fail_at:
                    raise RuntimeError("database connection lost")
                return method(records, *args)
            return wrapped

        def run(**patches):
            # not assertRaises: it would roll back what the committed batches did
            with ExitStack() as stack:
                progress = stack.enter_context(self._cron_batches())
                stack.enter_context(patch.object(sales_training_compliance, 'COMPLIANCE_BATCH_SIZE', 2))
                for name, method in patches.items():
                    stack.enter_context(patch.object(SalesTrainingCompliance, name, method))
                try:
                    self.env['sales.training.compliance']._cron_refresh_and_remind()
                except RuntimeError:
                    return progress, True
            return progress, False

        watched = self.env['sales.training.compliance']._employees_to_watch()
        progress, failed = run(_refresh=failing(refresh, 2))
        self.assertTrue(failed)
        self.assertEqual(progress['remaining'], [len(watched)])
        self.assertEqual(progress['processed'][1:], [2], "one refresh batch committed")
        stale = self.env['sales.training.compliance']._employees_to_refresh()
        self.assertEqual(len(stale), len(watched) - 2)
        calls.clear()
        progress, failed = run(_remind=failing(remind, 2))
        self.assertTrue(failed)
        self.assertEqual(progress['remaining'][0], len(watched) - 2, "the next run refreshes the rest only")
        self.assertFalse(self.env['sales.training.compliance']._employees_to_refresh())
        reminded = self._reminders()
        self.assertEqual(len(reminded), 2, "one reminder batch committed")
        calls.clear()
        progress, failed = run()
        self.assertFalse(failed)
        self.assertEqual(progress['remaining'], [0, len(self.env['sales.training.compliance'].search([])) - 2])
        rows = self.env['sales.training.compliance'].search([('employee_id', 'in', (employees | watched).ids)])
        reminders = self._reminders()
        self.assertEqual(sorted(reminders.mapped('res_id')), sorted(rows.filtered(lambda r: r._reminder_user()).ids),
                         "every row reminded exactly once")
        self.assertEqual(len(self._run()), 0, "a further run creates nothing")


@tagged('post_install', '-at_install', 'sales_management_training')
class TestSalesTrainingDigest(SalesTrainingCommon):
    """HR and the manager see every week what expires in the next 30 days."""

    @freeze_time('2026-12-20')
    def test_weekly_digest_for_hr_and_manager(self):
        with freeze_time('2026-01-15'):
            self._pass(self.emp_rep)     # until 2027-01-14: in the 30 days
            self._pass(self.emp_rep_2)   # same
        with freeze_time('2026-06-01'):
            self._pass(self.emp_other)   # until 2027-05-31: later
        (self.emp_rep | self.emp_rep_2 | self.emp_other).hr_responsible_id = self.hr_officer
        self.env['sales.training.compliance']._refresh()
        digest_type = self.env.ref('sales_management.mail_act_sales_training_digest')
        for __ in range(2):  # a second run (or a resumed one) replaces, never adds
            with self._cron_batches():
                self.env['sales.training.compliance']._cron_send_expiry_digest()
        digests = self.env['mail.activity'].search([('activity_type_id', '=', digest_type.id)])
        self.assertEqual(digests.user_id, self.hr_officer | self.leader, "HR and the manager, once each")
        hr_digest = digests.filtered(lambda a: a.user_id == self.hr_officer)
        self.assertEqual(hr_digest.summary, "2 certificates expire in the next 30 days")
        self.assertIn("Rep Riley", hr_digest.note)
        self.assertIn("Rep Quinn", hr_digest.note)
        self.assertNotIn("Rep Robin", hr_digest.note)
        self.assertIn("/odoo/sales-training-expiring", hr_digest.note)
        self.assertFalse(self.env['mail.activity'].search(
            [('activity_type_id', '=', digest_type.id), ('user_id', '=', self.user.id)]), "not the person")


@tagged('post_install', '-at_install', 'sales_management_training', 'sales_management_perf')
class TestSalesTrainingCompliancePerformance(SalesTrainingCommon):

    def _queries(self, employees):
        Compliance = self.env['sales.training.compliance']
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        Compliance._get_status(employees)
        return self.env.cr.sql_log_count - before

    @mute_logger('odoo.models.unlink')
    def test_query_count_independent_of_employees(self):
        """Compliance of 20 or 200 employees costs the same number of queries."""
        employees = self.env['hr.employee'].create([
            {'name': f"Rep {number}", 'job_id': self.job_rep.id} for number in range(200)])
        self.env['hr.employee.skill'].create([{
            'employee_id': employee.id, 'skill_type_id': self.skill_type.id, 'skill_id': self.skill_compliance.id,
            'skill_level_id': self.level.id, 'valid_from': date(2026, 1, 15), 'valid_to': date(2027, 1, 14),
        } for employee in employees[::2]])
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
