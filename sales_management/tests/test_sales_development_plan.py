from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common_training import SalesTrainingCommon


@tagged('post_install', '-at_install', 'sales_management_training')
class TestSalesDevelopmentPlan(SalesTrainingCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A team leader must hold the leadership certification and, as everybody, the product one.
        cls.env['hr.job.skill'].create({
            'job_id': cls.job_leader.id, 'skill_type_id': cls.skill_type.id,
            'skill_id': cls.skill_leadership.id, 'skill_level_id': cls.level.id})
        cls.course_leadership = cls.env['sales.training.course'].create({
            'name': "Test Leadership Course",
            'category_id': cls.env.ref('sales_management.sales_training_category_management').id,
            'passing_score': 60, 'validity_months': 36,
            'skill_type_id': cls.skill_type.id, 'skill_id': cls.skill_leadership.id, 'skill_level_id': cls.level.id,
            'mandatory_job_ids': [(6, 0, cls.job_leader.ids)],
        })
        cls.plan = cls.env['sales.development.plan'].create({
            'employee_id': cls.emp_rep.id, 'path': 'promotion', 'target_job_id': cls.job_leader.id,
        })

    def test_defaults(self):
        """The manager defaults to the employee's manager; the name tells who, how and where."""
        self.assertEqual(self.plan.manager_id, self.emp_leader)
        self.assertEqual(self.plan.manager_user_id, self.leader)
        self.assertEqual(self.plan.name, "Rep Riley – Promotion – Test Team Leader")
        self.assertEqual(self.plan.state, 'draft')

    @freeze_time('2026-01-15')
    def test_skill_gaps_readiness_and_eligibility(self):
        """Gaps are the target job's skills the employee lacks; eligibility needs 100 % readiness and no gap."""
        self.assertEqual(self.plan.skill_gap_ids.skill_id, self.skill_leadership | self.skill_product)
        self.assertEqual(self.plan.target_readiness, 0.0)
        self.assertFalse(self.plan.promotion_eligible)
        self._pass(self.emp_rep, self.course_product)
        self.plan.invalidate_recordset()
        self.assertEqual(self.plan.skill_gap_ids.skill_id, self.skill_leadership)
        self.assertEqual(self.plan.target_readiness, 50.0)
        self._pass(self.emp_rep, self.course_leadership)
        self.plan.invalidate_recordset()
        self.assertFalse(self.plan.skill_gap_ids, "the certification closes the gap")
        self.assertEqual(self.plan.target_readiness, 100.0)
        self.assertTrue(self.plan.promotion_eligible)
        self.assertEqual(self.emp_rep.sales_training_readiness, 50.0,
                         "own readiness still measures the current job (compliance course missing)")

    def test_lower_level_is_a_gap(self):
        """Holding the skill below the required level is still a gap."""
        low = self.env['hr.skill.level'].create({
            'name': "Beginner", 'skill_type_id': self.skill_type.id, 'level_progress': 20})
        self.env['hr.employee.skill'].create({
            'employee_id': self.emp_rep.id, 'skill_type_id': self.skill_type.id,
            'skill_id': self.skill_leadership.id, 'skill_level_id': low.id})
        self.assertIn(self.skill_leadership, self.plan.skill_gap_ids.skill_id)
        self.assertEqual(self.plan.target_readiness, 0.0)

    @freeze_time('2026-01-15')
    def test_certificates_recorded_by_hand_count(self):
        """Certificates HR enters on the employee's skills close gaps and make the employee eligible,
        exactly like certificates earned through courses; an expired one does not."""
        self.emp_rep.certification_ids = [(0, 0, {
            'skill_type_id': self.skill_type.id, 'skill_id': skill.id, 'skill_level_id': self.level.id,
            'valid_from': '2025-06-01', 'valid_to': '2027-05-31'})
            for skill in (self.skill_leadership, self.skill_product)]
        self.assertFalse(self.plan.skill_gap_ids)
        self.assertEqual(self.plan.target_readiness, 100.0)
        self.assertTrue(self.plan.promotion_eligible)
        self.emp_rep.employee_skill_ids.filtered(lambda s: s.skill_id == self.skill_leadership).valid_to = '2026-01-14'
        self.plan.invalidate_recordset()
        self.assertEqual(self.plan.skill_gap_ids.skill_id, self.skill_leadership)
        self.assertFalse(self.plan.promotion_eligible)

    def test_rep_opens_on_active_plan(self):
        """My Development Plan opens the rep's active plan; without one, her plans (none of others')."""
        Plan = self.env['sales.development.plan']
        action = Plan.with_user(self.user).action_open_my_plan()
        self.assertFalse(action['res_id'], "a draft plan: the list of her plans")
        mine = Plan.with_user(self.user).search(safe_eval(action['domain'], {'uid': self.user.id}))
        self.assertEqual(mine, self.plan)
        self.plan.action_activate()
        action = Plan.with_user(self.user).action_open_my_plan()
        self.assertEqual((action['res_id'], action['view_mode']), (self.plan.id, 'form'))
        action = Plan.with_user(self.user_2).action_open_my_plan()
        self.assertFalse(Plan.with_user(self.user_2).search(safe_eval(action['domain'], {'uid': self.user_2.id})))

    @freeze_time('2026-01-15')
    def test_actions_enrollment_and_progress(self):
        """Course actions enroll the employee; the enrollment stays linked and passing completes the action."""
        self.plan.action_add_gap_courses()
        self.assertEqual(self.plan.action_ids.course_id, self.course_product | self.course_leadership)
        self.plan.action_add_gap_courses()
        self.assertEqual(len(self.plan.action_ids), 2, "no duplicate actions")
        self.plan.action_activate()
        course_action = self.plan.action_ids.filtered(lambda a: a.course_id == self.course_leadership)
        session = self._new_session(self.course_leadership)
        with self.assertRaises(UserError):
            course_action.action_enroll()
        course_action.session_id = session
        course_action.action_enroll()
        enrollment = course_action.enrollment_ids
        self.assertEqual(enrollment.employee_id, self.emp_rep)
        self.assertEqual(enrollment.plan_id, self.plan)
        self.assertEqual(self.plan.enrollment_ids, enrollment)
        self.assertEqual(self.plan.progress, 0.0)
        enrollment.action_attend()
        enrollment.score = 75
        enrollment.action_evaluate()
        self.assertEqual(course_action.state, 'done')
        self.assertEqual(self.plan.progress, 50.0)
        self.plan.action_ids.create({'plan_id': self.plan.id, 'name': "Shadow a leader", 'action_type': 'mentoring'})
        self.assertAlmostEqual(self.plan.progress, 100 / 3)
        (self.plan.action_ids - course_action).action_cancel()
        self.assertEqual(self.plan.progress, 100.0)
        self.plan.action_done()
        self.assertEqual(self.plan.state, 'done')
        with self.assertRaises(UserError):
            self.plan.action_activate()

    def test_bad_input(self):
        """Promotion needs a target job; the target date cannot precede the start."""
        with self.assertRefused(ValidationError, "needs a target job"):
            self.env['sales.development.plan'].create({'employee_id': self.emp_rep_2.id, 'path': 'promotion'})
        with self.assertRefused(ValidationError, "before it starts"):
            self.env['sales.development.plan'].create({
                'employee_id': self.emp_rep_2.id, 'path': 'growth',
                'date_start': '2026-05-01', 'date_target': '2026-04-01'})

    def test_employee_plan_count(self):
        self.assertEqual(self.emp_rep.sales_development_plan_count, 1)
        action = self.emp_rep.action_view_sales_development_plans()
        self.assertEqual(self.env['sales.development.plan'].search(action['domain']), self.plan)
