from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

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
        with self.assertRaises(UserError):
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
        self.assertEqual(self.training_session.date_end, datetime(2026, 1, 15, 13, 0))

    def test_enroll_twice(self):
        """The same person cannot be enrolled twice in a session (a cancelled enrollment does not count)."""
        first = self._enroll(self.emp_rep)
        count = self.env['sales.training.enrollment'].search_count([])
        with self.assertRefused(ValidationError, "already enrolled"):
            self._enroll(self.emp_rep_2 | self.emp_rep)
        self.assertEqual(self.env['sales.training.enrollment'].search_count([]), count, "nothing half-written")
        first.action_cancel()
        again = self._enroll(self.emp_rep)
        self.assertEqual(again.state, 'enrolled')
        with self.assertRefused(ValidationError, "already enrolled"):
            first.action_reset()

    def test_other_company_employee(self):
        """An employee of another company cannot be enrolled in this company's session."""
        stranger = self.env['hr.employee'].create({'name': "Stranger", 'company_id': self.company_2.id})
        with self.assertRaises(UserError):
            self._enroll(stranger)
        self.assertFalse(self.training_session.enrollment_ids)

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
        """Steps out of order are refused with a message naming the person."""
        enrollment = self._enroll(self.emp_rep)
        with self.assertRefused(UserError, "Rep Riley"):
            enrollment.action_evaluate()
        enrollment.action_attend()
        with self.assertRaises(UserError):
            enrollment.action_cancel()

    def test_negative_warning_period(self):
        """The expiry warning period cannot be negative."""
        with self.assertRaises(ValidationError):
            self.env['res.config.settings'].create({'sales_training_expiry_warning_days': -1})
