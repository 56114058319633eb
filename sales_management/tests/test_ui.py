from odoo.tests import HttpCase, tagged


@tagged('post_install', '-at_install', 'sales_management_ui')
class TestSalesManagementUi(HttpCase):

    def test_kpi_catalogue_tour(self):
        """A manager opens Sales Performance > Configuration > KPIs and adds a KPI."""
        self.start_tour("/odoo", 'sales_management_kpi_tour', login='admin')
        kpi = self.env['sales.kpi'].search([('code', '=', 'customer_visits')])
        self.assertEqual(kpi.name, "Customer Visits")
        self.assertEqual((kpi.source, kpi.unit), ('manual', 'count'))
