from contextlib import suppress

from lxml import etree

from odoo import models
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


@tagged('post_install', '-at_install', 'sales_management_access', 'sales_management_training')
class TestSalesTrainingButtons(SalesTrainingCommon):
    """No user sees a button they cannot press: every object button of the training views, as each
    role sees them, calls a method the role is allowed to run."""

    # Buttons that only read (open a list, a wizard for oneself): the rest change their record.
    READING = {'action_view_sessions', 'action_view_enrollments', 'action_enroll_self', 'action_enroll_next_session'}
    # Buttons that need another right than writing their own record.
    OTHER_RIGHTS = {
        'action_open_enroll_wizard': ('sales.training.enrollment', 'create'),
        'action_open_attendance_wizard': ('sales.training.session', 'write'),
    }
    VIEWS = [
        ('sales.training.session', 'form'), ('sales.training.session', 'kanban'), ('sales.training.session', 'list'),
        ('sales.training.enrollment', 'form'), ('sales.training.compliance', 'form'),
        ('sales.training.compliance', 'kanban'), ('sales.development.plan', 'form'), ('sales.training.course', 'form'),
    ]

    def _buttons(self, user, model, view_type):
        """(model, method) of every object button `user` gets in the view."""
        Model = self.env[model].with_user(user)
        arch = etree.fromstring(Model.get_views([(False, view_type)])['views'][view_type]['arch'])
        buttons = set()
        for button in arch.iter('button'):
            if button.get('type') != 'object':
                continue
            owner = next((node for node in button.iterancestors('field')), None)
            comodel = Model._fields[owner.get('name')].comodel_name if owner is not None else model
            buttons.add((comodel, button.get('name')))
        return buttons

    def _may_run(self, user, model, method):
        if method in self.READING:
            return self.env[model].with_user(user).has_access('read')
        model, operation = self.OTHER_RIGHTS.get(method, (model, 'write'))
        return self.env[model].with_user(user).has_access(operation)

    def test_each_role_sees_only_buttons_it_may_press(self):
        roles = {'rep': self.user, 'team leader': self.leader, 'manager': self.manager, 'HR officer': self.hr_officer}
        seen = {}
        for role, user in roles.items():
            seen[role] = set()
            for model, view_type in self.VIEWS:
                for button_model, method in self._buttons(user, model, view_type):
                    seen[role].add(method)
                    with self.subTest(role=role, model=button_model, method=method):
                        self.assertTrue(self._may_run(user, button_model, method),
                                        f"{role} sees {button_model}.{method} but may not run it")
        self.assertTrue({'action_enroll_self', 'action_enroll_next_session'} <= seen['rep'])
        self.assertFalse({'action_start', 'action_done', 'action_cancel', 'action_attend', 'action_evaluate',
                          'action_activate', 'action_open_enroll_wizard'} & seen['rep'])
        self.assertTrue({'action_attend', 'action_evaluate', 'action_activate', 'action_open_enroll_wizard'}
                        <= seen['team leader'])
        self.assertFalse({'action_start', 'action_open_attendance_wizard'} & seen['team leader'])
        self.assertTrue({'action_start', 'action_done', 'action_open_attendance_wizard'} <= seen['HR officer'])
        self.assertEqual(seen['manager'], seen['HR officer'])


@tagged('post_install', '-at_install', 'sales_management_access', 'sales_management_training')
class TestSalesTrainingPublicMethods(SalesTrainingCommon):
    """Every public training method checks access to its records before working as superuser: a rep
    calling them on a colleague's records is refused and nothing changes (JSON-2 walks them too)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.enr_other = cls.env['sales.training.enrollment'].create(
            {'session_id': cls.training_session.id, 'employee_id': cls.emp_other.id})
        cls.plan_other = cls.env['sales.development.plan'].create({
            'employee_id': cls.emp_other.id, 'path': 'promotion', 'target_job_id': cls.job_leader.id,
            'action_ids': [(0, 0, {'name': "Negotiation", 'action_type': 'course', 'course_id': cls.course_product.id,
                                   'session_id': cls._new_session(cls.course_product).id})]})
        cls.row_other = cls.env['sales.training.compliance'].search([('employee_id', '=', cls.emp_other.id)])[:1]

    def _public_methods(self, model):
        found = set()
        for cls in type(model).__mro__:
            if not cls.__module__.startswith('odoo.addons.sales_management'):
                continue
            for name, member in vars(cls).items():
                if (not name.startswith('_') and callable(member) and not getattr(member, '_api_model', False)
                        and name not in dir(models.Model)):
                    found.add(name)
        return found

    @mute_logger('odoo.addons.base.models.ir_rule', 'odoo.addons.base.models.ir_model')
    def test_rep_refused_on_colleagues_records(self):
        records = [self.enr_other, self.plan_other, self.plan_other.action_ids, self.row_other,
                   self.training_session, self.course_compliance]
        walked = set()
        for record in records:
            before = record.read()[0]
            for method in sorted(self._public_methods(record)):
                walked.add(f"{record._name}.{method}")
                record.invalidate_recordset()
                call = getattr(record.with_user(self.user), method)
                with self.subTest(model=record._name, method=method):
                    if record._name in ('sales.training.session', 'sales.training.course'):
                        with suppress(AccessError):  # a catalogue she reads: refused, or reading only
                            call()
                    else:
                        with self.assertRaises(AccessError):
                            call()
            record.invalidate_recordset()
            self.assertEqual(record.read()[0], before, f"{record._name} changed")
        self.assertTrue({'sales.training.enrollment.action_evaluate', 'sales.development.plan.action_add_gap_courses',
                         'sales.development.plan.action.action_enroll', 'sales.training.session.action_start',
                         'sales.training.compliance.action_enroll_next_session'} <= walked)
