from datetime import datetime, timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common_training import SalesTrainingCommon


@tagged('post_install', '-at_install', 'sales_management_ui', 'sales_management_training')
class TestSalesTrainingRepUi(HttpCase, SalesTrainingCommon):
    """A rep on her phone."""

    browser_size = '375x667'
    touch_enabled = True

    def test_rep_training_on_a_phone(self):
        """At 375x667 a rep enrolls herself from a session card, sees her own certificates (with the
        next session to enroll in) and opens her active development plan."""
        self._enroll(self.emp_rep_2)
        session = self._new_session(self.course_compliance, capacity=5, name="Rep Tour Session")
        self._new_session(self.course_product, name="Rep Tour Product Session")
        plan = self.env['sales.development.plan'].create({
            'employee_id': self.emp_rep.id, 'path': 'promotion', 'target_job_id': self.job_leader.id})
        plan.action_activate()
        self.start_tour("/odoo", 'sales_management_rep_training_tour', login='sm_user')
        self.assertEqual(session.enrollment_ids.employee_id, self.emp_rep)
        self.assertEqual(session.enrollment_ids.state, 'enrolled')
        self.assertEqual(plan.state, 'active')


@tagged('post_install', '-at_install', 'sales_management_ui', 'sales_management_training')
class TestSalesTrainingHrUi(HttpCase, SalesTrainingCommon):
    """HR on a desktop."""

    def test_hr_training(self):
        """HR fills a new enrollment through its dropdowns, reads compliance by job and records an
        attendance after the session ended."""
        open_session = self._new_session(self.course_product, name="HR Tour Open Session")
        past_session = self._new_session(self.course_compliance, name="HR Tour Past Session",
                                         day=datetime.now() - timedelta(days=7))
        self.env['hr.employee.skill'].create({
            'employee_id': self.emp_other.id, 'skill_type_id': self.skill_type.id,
            'skill_id': self.skill_compliance.id, 'skill_level_id': self.level.id,
            'valid_from': fields.Date.today() - timedelta(days=30),
            'valid_to': fields.Date.today() + timedelta(days=300)})
        employees = self.env['hr.employee'].search_count([])
        self.start_tour("/odoo", 'sales_management_hr_training_tour', login='sm_hr_officer')
        enrollment = open_session.enrollment_ids
        self.assertEqual((enrollment.employee_id, enrollment.state), (self.emp_rep_2, 'enrolled'))
        self.assertEqual(self.env['hr.employee'].search_count([]), employees, "no employee created on the way")
        recorded = past_session.enrollment_ids
        self.assertEqual((recorded.employee_id, recorded.state, recorded.score), (self.emp_rep, 'passed', 92))
        self.assertEqual(recorded.record_reason, "The attendance sheet arrived after the session was closed.")
        self.assertEqual(recorded.employee_skill_id.valid_from, past_session.date_end.date())
