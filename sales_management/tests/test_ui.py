from odoo import fields
from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.tests import HttpCase, tagged

from ..models.sales_period import period_bounds


@tagged('post_install', '-at_install', 'sales_management_ui')
class TestSalesManagementUi(HttpCase):

    def test_kpi_catalogue_tour(self):
        """A manager opens Sales Performance > Configuration > KPIs and adds a KPI."""
        self.start_tour("/odoo", 'sales_management_kpi_tour', login='admin')
        kpi = self.env['sales.kpi'].search([('code', '=', 'customer_visits')])
        self.assertEqual(kpi.name, "Customer Visits")
        self.assertEqual((kpi.source, kpi.unit), ('manual', 'count'))

    def test_goal_confirm_and_split_tour(self):
        """A manager confirms a team goal and splits it between the team's members."""
        reps = [
            mail_new_test_user(self.env, login=f'tour_rep_{index}', name=f"Tour Rep {name}",
                               groups='base.group_user,sales_management.group_sales_management_user')
            for index, name in ((1, "One"), (2, "Two"))
        ]
        team = self.env['crm.team'].create({
            'name': "Tour Team", 'member_ids': [(6, 0, [rep.id for rep in reps])],
        })
        date_from, date_to = period_bounds('month', fields.Date.today())
        goal = self.env['sales.goal'].create({
            'kpi_id': self.env.ref('sales_management.sales_kpi_won_count').id, 'level': 'team',
            'team_id': team.id, 'period_type': 'month', 'date_from': date_from, 'date_to': date_to, 'target': 9,
        })
        self.start_tour("/odoo", 'sales_management_goal_tour', login='admin')
        self.assertEqual(goal.state, 'confirmed')
        self.assertEqual(sorted(goal.child_ids.mapped('target')), [4, 5])
        self.assertEqual(goal.child_ids.mapped('state'), ['confirmed', 'confirmed'])

    def test_training_tour(self):
        """HR creates a course, plans a session and enrolls an employee from the session."""
        trainee = self.env['hr.employee'].create({'name': "Tour Trainee"})
        self.start_tour("/odoo", 'sales_management_training_tour', login='admin')
        course = self.env['sales.training.course'].search([('name', '=', "Key Account Negotiation")])
        self.assertEqual(course.category_id, self.env.ref('sales_management.sales_training_category_negotiation'))
        self.assertEqual(course.hours, 6)
        session = course.session_ids
        self.assertEqual((session.capacity, session.location), (2, "Room 301"))
        self.assertEqual(session.enrollment_ids.employee_id, trainee)
        self.assertEqual(session.enrollment_ids.state, 'enrolled')

    def test_training_views_tour(self):
        """Compliance, sessions, enrollments, budget and plans open in every view type."""
        job = self.env['hr.job'].create({'name': "Views Job"})
        skill_type = self.env.ref('sales_management.hr_skill_type_sales_certification')
        level = self.env.ref('sales_management.hr_skill_level_sales_certified')
        leadership, ethics = self.env['hr.skill'].create([
            {'name': "Views Leadership", 'skill_type_id': skill_type.id},
            {'name': "Views Ethics", 'skill_type_id': skill_type.id}])
        self.env['hr.job.skill'].create({
            'job_id': job.id, 'skill_type_id': skill_type.id, 'skill_id': leadership.id, 'skill_level_id': level.id})
        trainee = self.env['hr.employee'].create({'name': "Views Trainee", 'job_id': job.id})
        course = self.env['sales.training.course'].create({
            'name': "Views Course", 'category_id': self.env.ref('sales_management.sales_training_category_ethics').id,
            'cost': 100, 'skill_type_id': skill_type.id, 'skill_id': ethics.id, 'skill_level_id': level.id,
            'mandatory_job_ids': [(6, 0, job.ids)]})
        session = self.env['sales.training.session'].create({'course_id': course.id, 'cost_fixed': 50})
        self.env['sales.training.enrollment'].create({'session_id': session.id, 'employee_id': trainee.id})
        plan = self.env['sales.development.plan'].create({
            'employee_id': trainee.id, 'path': 'rotation', 'target_job_id': job.id})
        self.start_tour("/odoo", 'sales_management_training_views_tour', login='admin')
        self.assertEqual(plan.state, 'active')
        self.start_tour(f"/odoo/employees/{trainee.id}", 'sales_management_employee_training_tour', login='admin')
