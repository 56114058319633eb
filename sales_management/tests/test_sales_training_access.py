from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_training import SalesTrainingCommon


@tagged('post_install', '-at_install', 'sales_management_access', 'sales_management_training')
class TestSalesTrainingAccess(SalesTrainingCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.enr_rep, cls.enr_rep_2, cls.enr_other = cls.env['sales.training.enrollment'].create([
            {'session_id': cls.training_session.id, 'employee_id': employee.id}
            for employee in (cls.emp_rep, cls.emp_rep_2, cls.emp_other)])
        cls.plan_rep, cls.plan_other = cls.env['sales.development.plan'].create([
            {'employee_id': cls.emp_rep.id, 'path': 'growth'},
            {'employee_id': cls.emp_other.id, 'path': 'growth',
             'action_ids': [(0, 0, {'name': "Key account project", 'action_type': 'project'})]},
        ])

    def _visible(self, user, model):
        return self.env[model].with_user(user).search([])

    # Employees (Sales Performance / User)
    def test_user_sees_own_records(self):
        """A user sees their own enrollments, compliance and plans only."""
        self.assertEqual(self._visible(self.user, 'sales.training.enrollment'), self.enr_rep)
        self.assertEqual(self._visible(self.user, 'sales.training.compliance').employee_id, self.emp_rep)
        self.assertEqual(self._visible(self.user, 'sales.development.plan'), self.plan_rep)
        self.assertFalse(self._visible(self.user, 'sales.development.plan.action'))
        self.assertIn(self.course_compliance, self._visible(self.user, 'sales.training.course'))
        self.assertIn(self.training_session, self._visible(self.user, 'sales.training.session'))

    @mute_logger('odoo.addons.base.models.ir_rule')
    def test_user_cannot_read_others(self):
        """A user cannot read a colleague's enrollment or plan."""
        for record in (self.enr_other, self.plan_other, self.plan_other.action_ids):
            record.invalidate_recordset()
            with self.subTest(model=record._name), self.assertRaises(AccessError):
                record.with_user(self.user).read(['employee_id'])

    @mute_logger('odoo.addons.base.models.ir_model', 'odoo.addons.base.models.ir_rule')
    def test_user_cannot_write(self):
        """A user cannot grade themself, enroll, or edit the catalogue and sessions."""
        with self.assertRaises(AccessError):
            self.enr_rep.with_user(self.user).write({'score': 100})
        with self.assertRaises(AccessError):
            self.env['sales.training.enrollment'].with_user(self.user).create(
                {'session_id': self.training_session.id, 'employee_id': self.emp_leader.id})
        with self.assertRaises(AccessError):
            self.course_compliance.with_user(self.user).write({'hours': 1})
        with self.assertRaises(AccessError):
            self.training_session.with_user(self.user).write({'capacity': 1})
        with self.assertRaises(AccessError):
            self.plan_rep.with_user(self.user).write({'path': 'promotion'})

    # Team leaders
    def test_team_leader_sees_team(self):
        """A team leader sees their own and their team members' records, not other teams'."""
        self.assertEqual(self._visible(self.leader, 'sales.training.enrollment'), self.enr_rep | self.enr_rep_2)
        self.assertEqual(self._visible(self.leader, 'sales.development.plan'), self.plan_rep)
        compliance = self._visible(self.leader, 'sales.training.compliance')
        self.assertEqual(compliance.employee_id, self.emp_rep | self.emp_rep_2 | self.emp_leader)

    def test_team_leader_enrolls_team_member(self):
        """A team leader can enroll and grade their team members."""
        session = self._new_session(self.course_product)
        enrollment = self.env['sales.training.enrollment'].with_user(self.leader).create(
            {'session_id': session.id, 'employee_id': self.emp_rep.id})
        enrollment.action_attend()
        enrollment.write({'score': 70})
        enrollment.action_evaluate()
        self.assertEqual(enrollment.state, 'passed')
        self.assertTrue(enrollment.employee_skill_id, "the certification is granted on their behalf")

    @mute_logger('odoo.addons.base.models.ir_rule')
    def test_team_leader_cannot_touch_other_team(self):
        """A team leader cannot read or enroll someone from another team."""
        self.enr_other.invalidate_recordset()
        with self.assertRaises(AccessError):
            self.enr_other.with_user(self.leader).read(['state'])
        with self.assertRaises(AccessError):
            self.env['sales.training.enrollment'].with_user(self.leader).create(
                {'session_id': self._new_session(self.course_product).id, 'employee_id': self.emp_other.id})

    @mute_logger('odoo.addons.base.models.ir_model')
    def test_team_leader_cannot_edit_catalogue(self):
        with self.assertRaises(AccessError):
            self.env['sales.training.course'].with_user(self.leader).create(
                {'name': "Leader course", 'category_id': self.category.id})

    # HR officers
    def test_hr_officer_manages_training(self):
        """An HR officer manages the catalogue, sessions, enrollments and plans of everybody."""
        Course = self.env['sales.training.course'].with_user(self.hr_officer)
        course = Course.create({'name': "HR Course", 'category_id': self.category.id, 'hours': 2})
        session = self.env['sales.training.session'].with_user(self.hr_officer).create({'course_id': course.id})
        enrollment = self.env['sales.training.enrollment'].with_user(self.hr_officer).create(
            {'session_id': session.id, 'employee_id': self.emp_other.id})
        self.assertEqual(enrollment.state, 'enrolled')
        plan = self.env['sales.development.plan'].with_user(self.hr_officer).create(
            {'employee_id': self.emp_other.id, 'path': 'rotation', 'target_job_id': self.job_leader.id})
        plan.action_activate()
        self.assertEqual(len(self._visible(self.hr_officer, 'sales.training.enrollment')), 4)
        self.assertIn(self.plan_other, self._visible(self.hr_officer, 'sales.development.plan'))
        session.unlink()
        self.assertFalse(enrollment.exists())

    # Managers and companies
    def test_manager_sees_all(self):
        """A Sales Performance manager sees every enrollment, plan and compliance row of the company."""
        self.assertEqual(self._visible(self.manager, 'sales.training.enrollment'),
                         self.enr_rep | self.enr_rep_2 | self.enr_other)
        self.assertEqual(self._visible(self.manager, 'sales.development.plan'), self.plan_rep | self.plan_other)
        self.plan_other.with_user(self.manager).action_activate()

    @mute_logger('odoo.addons.base.models.ir_rule')
    def test_other_company_invisible(self):
        """Sessions, enrollments and plans of another company are invisible, even to its managers' peers."""
        self.assertFalse(self._visible(self.manager_2, 'sales.training.enrollment'))
        self.assertFalse(self._visible(self.manager_2, 'sales.development.plan'))
        self.assertNotIn(self.training_session, self._visible(self.manager_2, 'sales.training.session'))
        self.training_session.invalidate_recordset()
        with self.assertRaises(AccessError):
            self.training_session.with_user(self.manager_2).read(['name'])
        course_2 = self.env['sales.training.course'].with_user(self.manager_2).with_company(self.company_2).create(
            {'name': "Company 2 course", 'category_id': self.category.id, 'company_id': self.company_2.id})
        self.assertNotIn(course_2, self._visible(self.manager, 'sales.training.course'))
