from datetime import date, datetime, timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common_training import SalesTrainingCommon


@tagged('post_install', '-at_install', 'sales_management_training')
class TestSalesTrainingEnrollment(SalesTrainingCommon):

    @freeze_time('2026-01-15')
    def test_pass_grants_certification(self):
        """Passing records completion and expiry and grants the certification with the same validity."""
        enrollment = self._enroll(self.emp_rep)
        self.assertEqual(enrollment.state, 'enrolled')
        enrollment.action_attend()
        self.assertEqual(enrollment.state, 'attended')
        enrollment.score = 85
        enrollment.action_evaluate()
        self.assertEqual(enrollment.state, 'passed')
        self.assertEqual(enrollment.date_completed, date(2026, 1, 15))
        self.assertEqual(enrollment.date_expiry, date(2027, 1, 14), "12 months, the last valid day included")
        certification = self._certifications(self.emp_rep, self.skill_compliance)
        self.assertEqual(len(certification), 1)
        self.assertEqual(enrollment.employee_skill_id, certification)
        self.assertEqual((certification.valid_from, certification.valid_to), (date(2026, 1, 15), date(2027, 1, 14)))
        self.assertEqual(certification.skill_level_id, self.level)
        self.assertIn(certification, self.emp_rep.current_employee_skill_ids, "shown on the employee's skills")

    @freeze_time('2026-01-15')
    def test_fail_grants_nothing(self):
        """A score below the passing score fails and grants nothing; exactly the passing score passes."""
        failed, passed = self._enroll(self.emp_rep | self.emp_rep_2)
        (failed | passed).action_attend()
        failed.score, passed.score = 79.9, 80
        (failed | passed).action_evaluate()
        self.assertEqual((failed.state, passed.state), ('failed', 'passed'))
        self.assertFalse(failed.date_expiry)
        self.assertFalse(failed.employee_skill_id)
        self.assertFalse(self._certifications(self.emp_rep, self.skill_compliance))
        self.assertEqual(len(self._certifications(self.emp_rep_2, self.skill_compliance)), 1)

    def test_renewal_replaces_validity(self):
        """Passing again closes the running certification the day before and starts a new one."""
        with freeze_time('2026-01-15'):
            self._pass(self.emp_rep)
        with freeze_time('2026-12-20'):
            renewal = self._pass(self.emp_rep)
        old, new = self._certifications(self.emp_rep, self.skill_compliance)
        self.assertEqual((old.valid_from, old.valid_to), (date(2026, 1, 15), date(2026, 12, 19)))
        self.assertEqual((new.valid_from, new.valid_to), (date(2026, 12, 20), date(2027, 12, 19)))
        self.assertEqual(renewal.employee_skill_id, new)
        with freeze_time('2026-12-20'):
            current = self.emp_rep.current_employee_skill_ids.filtered(lambda s: s.skill_id == self.skill_compliance)
            self.assertEqual(current, new, "exactly one current certification")
            # Passing a second time on the same day updates the certification of the day: no duplicate.
            again = self._pass(self.emp_rep)
        self.assertEqual(len(self._certifications(self.emp_rep, self.skill_compliance)), 2)
        self.assertEqual(again.employee_skill_id, new)

    @freeze_time('2026-01-15')
    def test_renewal_after_expiry_keeps_history(self):
        """An expired certification stays as history; the renewal starts a new period."""
        with freeze_time('2024-03-01'):
            self._pass(self.emp_rep)
        self._pass(self.emp_rep)
        old, new = self._certifications(self.emp_rep, self.skill_compliance)
        self.assertEqual(old.valid_to, date(2025, 2, 28))
        self.assertEqual((new.valid_from, new.valid_to), (date(2026, 1, 15), date(2027, 1, 14)))

    @freeze_time('2026-01-15')
    def test_never_expires(self):
        """A course with a validity of 0 grants a certification without end date."""
        enrollment = self._pass(self.emp_rep, self.course_product, score=50)
        self.assertFalse(enrollment.date_expiry)
        self.assertFalse(enrollment.employee_skill_id.valid_to)

    def test_capacity_and_waiting_list(self):
        """A full session puts people on the waiting list, which moves up first come first served."""
        session = self._new_session(self.course_compliance, capacity=2)
        first, second, third, fourth = self._enroll(
            self.emp_rep | self.emp_rep_2 | self.emp_other | self.emp_leader, session)
        self.assertEqual((first | second).mapped('state'), ['enrolled', 'enrolled'])
        self.assertEqual((third | fourth).mapped('state'), ['waiting', 'waiting'])
        self.assertEqual((session.seats_taken, session.seats_available, session.waiting_count), (2, 0, 2))
        first.action_cancel()
        self.assertEqual(third.state, 'enrolled', "the first on the waiting list moves up")
        self.assertEqual(fourth.state, 'waiting')
        second.unlink()
        self.assertEqual(fourth.state, 'enrolled', "deleting an enrollment frees its seat too")
        self.assertEqual((session.seats_taken, session.waiting_count), (2, 0))
        first.action_reset()
        self.assertEqual(first.state, 'waiting', "coming back to a full session means waiting")
        session.capacity = 3
        self.assertEqual(first.state, 'enrolled', "more seats move the waiting list up")

    def test_unlimited_capacity(self):
        """Capacity 0 means unlimited: nobody waits."""
        enrollments = self._enroll(self.emp_rep | self.emp_rep_2 | self.emp_other)
        self.assertEqual(set(enrollments.mapped('state')), {'enrolled'})

    def test_session_flow(self):
        """Closing a session marks remaining attendees attended; cancelling it cancels the enrollments."""
        enrollment = self._enroll(self.emp_rep)
        self.training_session.action_start()
        self.assertEqual(self.training_session.state, 'in_progress')
        self.training_session.action_done()
        self.assertEqual((self.training_session.state, enrollment.state), ('done', 'attended'))
        with self.assertRefused(UserError, "ended"):
            self._enroll(self.emp_rep_2)
        other = self._new_session(self.course_compliance)
        waiting = self._enroll(self.emp_rep, other)
        other.action_cancel()
        self.assertEqual((other.state, waiting.state), ('cancelled', 'cancelled'))
        with self.assertRaises(UserError):
            other.action_done()

    def test_absent_attendee(self):
        """An absent attendee cannot get a score, not even 0."""
        enrollment = self._enroll(self.emp_rep)
        enrollment.action_absent()
        with self.assertRefused(ValidationError, "was absent"):
            enrollment.score = 50
        enrollment.invalidate_recordset()
        self.assertEqual((enrollment.state, enrollment.score), ('absent', 0.0))
        with self.assertRaises(ValidationError):
            enrollment.score = 0
        with self.assertRaises(UserError):
            enrollment.action_evaluate()

    def test_evaluate_needs_score(self):
        """Evaluating without any score is refused."""
        enrollment = self._enroll(self.emp_rep)
        enrollment.action_attend()
        with self.assertRefused(UserError, "Record a score"):
            enrollment.action_evaluate()
        self.assertEqual(enrollment.state, 'attended')

    def test_bulk_enrollment_wizard(self):
        """The wizard enrolls a team or a job, skipping who is already enrolled, within capacity."""
        session = self._new_session(self.course_compliance, capacity=2)
        self._enroll(self.emp_rep, session)
        wizard = Form(self.env['sales.training.enroll.wizard'].with_context(default_session_id=session.id))
        wizard.mode = 'job'
        wizard.job_id = self.job_rep
        self.assertEqual(wizard.already_count, 1)
        wizard.save().action_enroll()
        enrollments = session.enrollment_ids.sorted('id')
        self.assertEqual(enrollments.employee_id, self.emp_rep | self.emp_rep_2 | self.emp_other)
        self.assertEqual(enrollments.mapped('state'), ['enrolled', 'enrolled', 'waiting'])
        team_wizard = self.env['sales.training.enroll.wizard'].create({
            'session_id': session.id, 'mode': 'team', 'team_id': self.team_a.id})
        self.assertEqual(team_wizard.employee_ids, self.emp_rep | self.emp_leader)
        team_wizard.action_enroll()
        self.assertIn(self.emp_leader, session.enrollment_ids.employee_id)
        with self.assertRefused(UserError, "already enrolled"):
            self.env['sales.training.enroll.wizard'].create({
                'session_id': session.id, 'mode': 'team', 'team_id': self.team_a.id}).action_enroll()

    def test_budget(self):
        """Each attendee costs the course fee plus a share of the session's fixed cost."""
        session = self._new_session(self.course_compliance, cost_fixed=300)
        first, second, third = self._enroll(self.emp_rep | self.emp_rep_2 | self.emp_other, session)
        third.action_cancel()
        self.assertEqual(session.cost_total, 300 + 2 * 100)
        self.assertEqual(session.cost_per_attendee, 250)
        self.assertEqual((first.cost, second.cost, third.cost), (250, 250, 0))
        self.assertEqual(first.team_id, self.team_a)
        spend = dict(self.env['sales.training.enrollment']._read_group(
            [('session_id', '=', session.id)], ['team_id'], ['cost:sum']))
        self.assertEqual(spend[self.team_a], 250)


@tagged('post_install', '-at_install', 'sales_management_training')
class TestSalesTrainingBadInput(SalesTrainingCommon):

    def _course_vals(self, **vals):
        return {'name': "Bad Course", 'category_id': self.category.id, **vals}

    def test_course_numbers(self):
        """Negative hours, cost or validity and passing scores outside 0-100 are refused, nothing is created."""
        Course = self.env['sales.training.course']
        count = Course.search_count([])
        for vals, message in [
            ({'hours': -1}, "negative hours"),
            ({'cost': -5}, "negative hours, cost or validity"),
            ({'validity_months': -12}, "negative"),
            ({'passing_score': 101}, "between 0 and 100"),
            ({'passing_score': -1}, "between 0 and 100"),
        ]:
            with self.subTest(vals=vals), self.assertRefused(ValidationError, message):
                Course.create([self._course_vals(name="Good Course"), self._course_vals(**vals)])
        self.assertEqual(Course.search_count([]), count, "nothing half-written")
        with self.assertRaises(ValidationError):
            self.course_compliance.hours = -2
        self.assertEqual(self.course_compliance.hours, 4)

    def test_course_certification_consistent(self):
        """A course granting a certification needs a skill and a level of the same type."""
        other_type = self.env['hr.skill.type'].create({
            'name': "Languages", 'skill_level_ids': [(0, 0, {'name': "B2", 'level_progress': 60})],
            'skill_ids': [(0, 0, {'name': "English"})]})
        with self.assertRefused(ValidationError, "must belong to the type"):
            self.env['sales.training.course'].create(self._course_vals(
                skill_type_id=self.skill_type.id, skill_id=other_type.skill_ids.id, skill_level_id=self.level.id))
        with self.assertRefused(ValidationError, "needs both"):
            self.env['sales.training.course'].create(self._course_vals(skill_type_id=self.skill_type.id))

    def test_session_dates(self):
        """A session cannot end before it starts."""
        count = self.env['sales.training.session'].search_count([])
        with self.assertRefused(ValidationError, "cannot end before it starts"):
            self.env['sales.training.session'].create({
                'course_id': self.course_compliance.id,
                'date_start': datetime(2026, 3, 2, 9), 'date_end': datetime(2026, 3, 1, 17)})
        with self.assertRefused(ValidationError, "negative"):
            self._new_session(self.course_compliance, capacity=-1)
        self.assertEqual(self.env['sales.training.session'].search_count([]), count)

    def test_session_end_follows_duration(self):
        """The end defaults to the start plus the course's hours."""
        session = self._new_session(self.course_compliance, day=datetime(2026, 1, 15, 9))
        self.assertEqual(session.date_end, datetime(2026, 1, 15, 13, 0))

    @mute_logger('odoo.sql_db')
    def test_enroll_twice(self):
        """One active enrollment per session and employee, held by the database (a cancelled one does
        not count), refused with a message naming the person and the session."""
        Enrollment = self.env['sales.training.enrollment']
        first = self._enroll(self.emp_rep)
        count = Enrollment.search_count([])
        with self.assertRaises(IntegrityError) as catcher:
            self._enroll(self.emp_rep_2 | self.emp_rep)
        self.assertEqual(
            Enrollment._sql_error_to_message(catcher.exception),
            f"Rep Riley is already enrolled in the session “{self.training_session.name}”.")
        self.assertEqual(Enrollment.search_count([]), count, "nothing half-written")
        with self.assertRaises(IntegrityError):  # two concurrent requests both passing any check in Python
            self.env.cr.execute(
                "INSERT INTO sales_training_enrollment (session_id, employee_id, company_id, state) "
                "VALUES (%s, %s, %s, 'waiting')", [self.training_session.id, self.emp_rep.id, self.company.id])
        first.action_cancel()
        again = self._enroll(self.emp_rep)
        self.assertEqual(again.state, 'enrolled')
        with self.assertRaises(IntegrityError):
            first.action_reset()
            self.env.flush_all()
        self.assertEqual(Enrollment.search_count(
            [('session_id', '=', self.training_session.id), ('employee_id', '=', self.emp_rep.id),
             ('state', '!=', 'cancelled')]), 1)

    def test_enroll_in_closed_or_past_session(self):
        """Enrolling in a cancelled session or one that has ended is refused clearly, nothing created."""
        Enrollment = self.env['sales.training.enrollment']
        cancelled = self._new_session(self.course_compliance)
        cancelled.action_cancel()
        past = self._new_session(self.course_compliance, day=datetime.now() - timedelta(days=3))
        count = Enrollment.search_count([])
        with self.assertRefused(UserError, "was cancelled: nobody can enroll"):
            self._enroll(self.emp_rep, cancelled)
        with self.assertRefused(UserError, "has ended: nobody can enroll"):
            self._enroll(self.emp_rep, past)
        with self.assertRefused(UserError, "has ended"):
            self.env['sales.training.enroll.wizard'].create(
                {'session_id': past.id, 'mode': 'employees', 'employee_ids': self.emp_rep.ids}).action_enroll()
        self.assertEqual(Enrollment.search_count([]), count)
        self.assertFalse(past.enrollment_open)
        self.assertNotIn(past, self.env['sales.training.session'].search([('enrollment_open', '=', True)]))
        self.assertIn(self.training_session,
                      self.env['sales.training.session'].search([('enrollment_open', '=', True)]))

    def test_other_company_employee(self):
        """An employee of another company cannot be enrolled in this company's session."""
        stranger = self.env['hr.employee'].create({'name': "Stranger", 'company_id': self.company_2.id})
        with self.assertRefused(UserError, "Stranger works for Second Sales Company"):
            self._enroll(stranger)
        self.assertFalse(self.training_session.enrollment_ids)

    def test_enrollment_company_follows_session(self):
        """A new enrollment has the user's company until a session is chosen (so that people can be
        chosen), then the session's; a session of another allowed company can be chosen."""
        self.hr_officer.company_ids = [(4, self.company_2.id)]
        self.course_product.company_id = False  # shared by both companies
        session_2 = self.env['sales.training.session'].with_company(self.company_2).create({
            'course_id': self.course_product.id, 'company_id': self.company_2.id,
            'date_start': datetime.now() + timedelta(days=5)})
        form = Form(self.env['sales.training.enrollment'].with_user(self.hr_officer).with_context(
            allowed_company_ids=[self.company.id, self.company_2.id]))
        self.assertEqual(form.company_id, self.company)
        form.session_id = session_2
        self.assertEqual(form.company_id, self.company_2)
        form.session_id = self.training_session
        self.assertEqual(form.company_id, self.company)
        form.employee_id = self.emp_rep_2
        enrollment = form.save()
        self.assertEqual((enrollment.company_id, enrollment.state), (self.company, 'enrolled'))

    def test_score_range(self):
        """A score outside 0-100 is refused."""
        enrollment = self._enroll(self.emp_rep)
        enrollment.action_attend()
        for score in (-1, 100.5):
            with self.subTest(score=score), self.assertRefused(ValidationError, "between 0 and 100"):
                enrollment.score = score
        with self.assertRefused(ValidationError, "was absent"):
            self.env['sales.training.enrollment'].create({
                'session_id': self.training_session.id, 'employee_id': self.emp_rep_2.id,
                'state': 'absent', 'score': 40})

    def test_wrong_state_transitions(self):
        """Steps out of order are refused with a message naming the record and its state, the same way
        for enrollments, sessions, plans and plan actions."""
        enrollment = self._enroll(self.emp_rep)
        with self.assertRefused(UserError, r"not possible now for Rep Riley \(Enrolled\)"):
            enrollment.action_evaluate()
        enrollment.action_attend()
        with self.assertRefused(UserError, r"Rep Riley \(Attended\)"):
            enrollment.action_cancel()
        with self.assertRefused(UserError, r"not possible now for .*\(Planned\)"):
            self.training_session.action_reset()
        plan = self.env['sales.development.plan'].create({
            'employee_id': self.emp_rep.id, 'action_ids': [(0, 0, {'name': "Shadow a leader"})]})
        with self.assertRefused(UserError, r"Rep Riley – Growth in Role \(Draft\)"):
            plan.action_done()
        plan.action_ids.action_done()
        with self.assertRefused(UserError, r"Shadow a leader \(Done\)"):
            plan.action_ids.action_cancel()

    def test_negative_warning_period(self):
        """The expiry warning period cannot be negative."""
        with self.assertRaises(ValidationError):
            self.env['res.config.settings'].create({'sales_training_expiry_warning_days': -1})


@tagged('post_install', '-at_install', 'sales_management_training')
class TestSalesTrainingSelfEnrollment(SalesTrainingCommon):
    """Reps enroll themselves from a session, into a seat or the waiting list."""

    def _enroll_self(self, session, user=None):
        user = user or self.user
        action = session.with_user(user).action_enroll_self()
        wizard = Form(self.env[action['res_model']].with_user(user).with_context(**action['context']))
        return wizard.save().action_enroll()

    def test_rep_enrolls_into_a_seat_then_the_waiting_list(self):
        """The first rep takes the last seat, the next one joins the waiting list."""
        session = self._new_session(self.course_compliance, capacity=1)
        self._enroll_self(session)
        mine = session.enrollment_ids
        self.assertEqual((mine.employee_id, mine.state), (self.emp_rep, 'enrolled'))
        self.assertEqual(session.with_user(self.user).my_enrollment_state, 'enrolled')
        self.assertFalse(session.with_user(self.user_2).my_enrollment_state)
        action = session.with_user(self.user_2).action_enroll_self()
        wizard = Form(self.env['sales.training.enroll.wizard'].with_user(self.user_2).with_context(**action['context']))
        self.assertIn("The session is full", wizard.seat_note)
        wizard.save().action_enroll()
        self.assertEqual(session.enrollment_ids.filtered(lambda e: e.employee_id == self.emp_other).state, 'waiting')
        self.assertEqual(session.with_user(self.user_2).my_enrollment_state, 'waiting')

    @mute_logger('odoo.addons.base.models.ir_model', 'odoo.addons.base.models.ir_rule')
    def test_rep_enrolls_only_themself(self):
        """Self-enrollment enrolls the rep's own employee; it gives no right to enroll others."""
        session = self._new_session(self.course_product)
        wizard = self.env['sales.training.enroll.wizard'].with_user(self.user).create(
            {'session_id': session.id, 'mode': 'employees', 'employee_ids': self.emp_rep_2.ids})
        with self.assertRaises(AccessError):
            wizard.action_enroll()
        self.assertFalse(session.enrollment_ids)
        with self.assertRaises(AccessError):
            session.with_user(self.user).action_open_enroll_wizard()
        # a wizard is its author's only
        hr_wizard = self.env['sales.training.enroll.wizard'].with_user(self.hr_officer).create(
            {'session_id': session.id, 'mode': 'employees', 'employee_ids': self.emp_rep_2.ids})
        with self.assertRaises(AccessError):
            hr_wizard.with_user(self.user).action_enroll()
        self.assertFalse(session.enrollment_ids)

    def test_self_enrollment_bad_input(self):
        """Twice, into a cancelled or past session, or without an employee in the session's company:
        refused with a clear message, nothing duplicated."""
        session = self._new_session(self.course_product)
        self._enroll_self(session)
        with self.assertRefused(UserError, "You are already enrolled"):
            self._enroll_self(session)
        self.assertEqual(len(session.enrollment_ids), 1)
        past = self._new_session(self.course_product, day=datetime.now() - timedelta(days=2))
        with self.assertRefused(UserError, "has ended"):
            past.with_user(self.user).action_enroll_self()
        session.action_cancel()
        with self.assertRefused(UserError, "was cancelled"):
            session.with_user(self.user).action_enroll_self()
        self.course_product.company_id = False  # shared by both companies
        session_2 = self.env['sales.training.session'].create({
            'course_id': self.course_product.id, 'company_id': self.company_2.id,
            'date_start': datetime.now() + timedelta(days=3)})
        self.user.company_ids = [(4, self.company_2.id)]
        with self.assertRefused(UserError, "You have no employee record in Second Sales Company"):
            self._enroll_self(session_2.with_context(allowed_company_ids=[self.company.id, self.company_2.id]))
        self.assertFalse(session_2.enrollment_ids)

    def test_team_leader_enrolls_team_with_wizard(self):
        """A team leader enrolls their team at once; the team's members only."""
        session = self._new_session(self.course_product)
        wizard = Form(self.env['sales.training.enroll.wizard'].with_user(self.leader).with_context(
            default_session_id=session.id))
        self.assertEqual(wizard.mode, 'team')
        wizard.team_id = self.team_a
        wizard.save().action_enroll()
        self.assertEqual(session.enrollment_ids.employee_id, self.emp_rep | self.emp_leader)


@tagged('post_install', '-at_install', 'sales_management_training')
class TestSalesTrainingPastAttendance(SalesTrainingCommon):
    """HR records after the fact that someone attended and passed an ended session, with a reason."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.past_session = cls._new_session(cls.course_compliance, day=datetime(2026, 3, 2, 9))

    def _record(self, employees, score=85, reason="The attendance sheet came late.", user=None, session=None):
        wizard = self.env['sales.training.attendance.wizard'].with_user(user or self.hr_officer).create({
            'session_id': (session or self.past_session).id, 'employee_ids': employees.ids,
            'score': score, 'reason': reason})
        return wizard.action_record()

    @freeze_time('2026-06-01')
    def test_hr_records_a_past_pass(self):
        """The attendee passes as of the session's day; the certificate counts from then; the reason stays."""
        absent = self.env['sales.training.enrollment'].create({
            'session_id': self.past_session.id, 'employee_id': self.emp_rep_2.id, 'state': 'absent',
            'record_reason': "Imported"})
        self._record(self.emp_rep | self.emp_rep_2)
        enrollments = self.past_session.enrollment_ids
        self.assertEqual(len(enrollments), 2, "the absent one is corrected, not duplicated")
        self.assertIn(absent, enrollments)
        self.assertEqual(set(enrollments.mapped('state')), {'passed'})
        self.assertEqual(set(enrollments.mapped('date_completed')), {date(2026, 3, 2)})
        self.assertEqual(set(enrollments.mapped('record_reason')), {"The attendance sheet came late."})
        certificate = self._certifications(self.emp_rep, self.skill_compliance)
        self.assertEqual((certificate.valid_from, certificate.valid_to), (date(2026, 3, 2), date(2027, 3, 1)))
        row = self.env['sales.training.compliance'].search(
            [('employee_id', '=', self.emp_rep.id), ('skill_id', '=', self.skill_compliance.id)])
        self.assertEqual(row.state, 'compliant')
        self.assertIn("The attendance sheet came late.", enrollments[0].message_ids[0].body)

    @freeze_time('2026-06-01')
    def test_a_past_pass_keeps_a_later_certificate(self):
        """Recorded after a later certificate was granted, the old pass ends the day before it."""
        later = self._pass(self.emp_rep)  # passed today, 2026-06-01
        self._record(self.emp_rep)
        old, new = self._certifications(self.emp_rep, self.skill_compliance)
        self.assertEqual((old.valid_from, old.valid_to), (date(2026, 3, 2), date(2026, 5, 31)))
        self.assertEqual((new.valid_from, new.valid_to), (date(2026, 6, 1), date(2027, 5, 31)))
        self.assertEqual(later.employee_skill_id, new)

    @freeze_time('2026-06-01')
    @mute_logger('odoo.addons.base.models.ir_model', 'odoo.addons.base.models.ir_rule')
    def test_bad_input(self):
        """No reason, a session not ended or cancelled, a score below passing, a pass already recorded,
        a team leader: refused clearly, nothing written."""
        Enrollment = self.env['sales.training.enrollment']
        count = Enrollment.search_count([])
        cases = [
            ({'reason': " "}, "Say why"),
            ({'session': self._new_session(self.course_compliance)}, "has not ended yet"),
            ({'score': 79}, "Only a pass can be recorded after the fact"),
        ]
        for kwargs, message in cases:
            with self.subTest(message=message), self.assertRefused(UserError, message):
                self._record(self.emp_rep, **kwargs)
        cancelled = self._new_session(self.course_compliance, day=datetime(2026, 5, 1, 9))
        cancelled.action_cancel()
        with self.assertRefused(UserError, "was cancelled"):
            self._record(self.emp_rep, session=cancelled)
        with self.assertRaises(AccessError):
            self._record(self.emp_rep, user=self.leader)
        with self.assertRefused(UserError, "only HR can record"):
            Enrollment.with_user(self.leader).create({
                'session_id': self.past_session.id, 'employee_id': self.emp_rep.id, 'state': 'passed',
                'record_reason': "Leader says so"})
        with self.assertRefused(UserError, "Give the reason"):
            Enrollment.with_user(self.hr_officer).create({
                'session_id': self.past_session.id, 'employee_id': self.emp_rep.id, 'state': 'attended'})
        self.assertEqual(Enrollment.search_count([]), count)
        self._record(self.emp_rep)
        with self.assertRefused(UserError, "Rep Riley already passed"):
            self._record(self.emp_rep)
