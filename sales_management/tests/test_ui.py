from odoo.tests import HttpCase, tagged


@tagged('post_install', '-at_install', 'sales_management_ui')
class TestSalesManagementUi(HttpCase):

    def test_kpi_catalogue_tour(self):
        """A manager opens Sales Performance > Configuration > KPIs and adds a KPI."""
        self.start_tour("/odoo", 'sales_management_kpi_tour', login='admin')
        kpi = self.env['sales.kpi'].search([('code', '=', 'customer_visits')])
        self.assertEqual(kpi.name, "Customer Visits")
        self.assertEqual((kpi.source, kpi.unit), ('manual', 'count'))

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
