from contextlib import contextmanager
from datetime import datetime, time, timedelta

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import SalesManagementCommon


class SalesTrainingCommon(SalesManagementCommon):
    """Training fixtures on top of the role matrix of SalesManagementCommon.

    +------------------+-------------+-------------------+-------------+-------------+
    | employee         | user        | job               | team        | manager     |
    +------------------+-------------+-------------------+-------------+-------------+
    | emp_rep          | sm_user     | Test Sales Rep    | team_a      | emp_leader  |
    | emp_rep_2        | (none)      | Test Sales Rep    | (none)      | emp_leader  |
    | emp_other        | sm_user_2   | Test Sales Rep    | team_b      | (none)      |
    | emp_leader       | sm_leader   | Test Team Leader  | leads team_a| (none)      |
    +------------------+-------------+-------------------+-------------+-------------+
    hr_officer (hr.group_hr_user only) manages the catalogue, sessions and plans.
    course_compliance: 12 months, passing 80, mandatory for reps, grants "Test Compliance".
    course_product: never expires, passing 50, mandatory for reps and leaders.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_2 = mail_new_test_user(
            cls.env, login='sm_user_2', name="Rep Robin",
            groups='base.group_user,sales_management.group_sales_management_user')
        cls.hr_officer = mail_new_test_user(
            cls.env, login='sm_hr_officer', name="HR Hana", groups='base.group_user,hr.group_hr_user')
        cls.job_rep = cls.env['hr.job'].create({'name': "Test Sales Rep"})
        cls.job_leader = cls.env['hr.job'].create({'name': "Test Team Leader"})
        cls.team_a = cls.env['crm.team'].create({'name': "Team A", 'user_id': cls.leader.id})
        cls.team_b = cls.env['crm.team'].create({'name': "Team B"})
        cls.env['crm.team.member'].create([
            {'crm_team_id': cls.team_a.id, 'user_id': cls.user.id},
            {'crm_team_id': cls.team_b.id, 'user_id': cls.user_2.id},
        ])
        Employee = cls.env['hr.employee']
        cls.emp_leader = Employee.create({'name': "Leader Lee", 'user_id': cls.leader.id, 'job_id': cls.job_leader.id})
        cls.emp_rep = Employee.create({
            'name': "Rep Riley", 'user_id': cls.user.id, 'job_id': cls.job_rep.id, 'parent_id': cls.emp_leader.id})
        cls.emp_rep_2 = Employee.create({
            'name': "Rep Quinn", 'job_id': cls.job_rep.id, 'parent_id': cls.emp_leader.id})
        cls.emp_other = Employee.create({'name': "Rep Robin", 'user_id': cls.user_2.id, 'job_id': cls.job_rep.id})

        cls.skill_type = cls.env.ref('sales_management.hr_skill_type_sales_certification')
        cls.level = cls.env.ref('sales_management.hr_skill_level_sales_certified')
        cls.skill_compliance, cls.skill_product, cls.skill_leadership = cls.env['hr.skill'].create([
            {'name': name, 'skill_type_id': cls.skill_type.id}
            for name in ("Test Compliance", "Test Product", "Test Leadership")])
        cls.category = cls.env.ref('sales_management.sales_training_category_legal')
        Course = cls.env['sales.training.course']
        cls.course_compliance = Course.create({
            'name': "Test Compliance Course", 'category_id': cls.category.id, 'hours': 4, 'cost': 100,
            'passing_score': 80, 'validity_months': 12,
            'skill_type_id': cls.skill_type.id, 'skill_id': cls.skill_compliance.id, 'skill_level_id': cls.level.id,
            'mandatory_job_ids': [(6, 0, cls.job_rep.ids)],
        })
        cls.course_product = Course.create({
            'name': "Test Product Course",
            'category_id': cls.env.ref('sales_management.sales_training_category_product').id,
            'hours': 8, 'cost': 50, 'passing_score': 50, 'validity_months': 0,
            'skill_type_id': cls.skill_type.id, 'skill_id': cls.skill_product.id, 'skill_level_id': cls.level.id,
            'mandatory_job_ids': [(6, 0, (cls.job_rep | cls.job_leader).ids)],
        })
        cls.training_session = cls._new_session(cls.course_compliance)

    @classmethod
    def _new_session(cls, course, capacity=0, day=None, **vals):
        """A session of `course` starting at `day` (default: tomorrow at nine, open for enrollment)."""
        day = day or datetime.combine(datetime.now().date() + timedelta(days=1), time(9, 0))
        return cls.env['sales.training.session'].create({
            'course_id': course.id, 'date_start': day, 'capacity': capacity, **vals})

    @contextmanager
    def assertRefused(self, exception, message):
        """Like assertRaisesRegex, but rolled back to a savepoint as Odoo's assertRaises does,
        so that the test can prove nothing was half-written."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertRegex(str(catcher.exception), message)

    def _enroll(self, employees, session=None):
        return self.env['sales.training.enrollment'].create([
            {'session_id': (session or self.training_session).id, 'employee_id': employee.id}
            for employee in employees])

    def _pass(self, employee, course=None, score=90):
        """Enroll in a fresh session of the course, attend and pass today."""
        session = self._new_session(course or self.course_compliance)
        enrollment = self._enroll(employee, session)
        enrollment.action_attend()
        enrollment.score = score
        enrollment.action_evaluate()
        return enrollment

    def _certifications(self, employee, skill):
        return self.env['hr.employee.skill'].search(
            [('employee_id', '=', employee.id), ('skill_id', '=', skill.id)], order='valid_from')
