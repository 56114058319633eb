from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SalesManagementCommon


@tagged('post_install', '-at_install', 'sales_management_access')
class TestSalesKpiAccess(SalesManagementCommon):

    def test_groups_chain(self):
        """Manager implies Team Leader implies User; Sales Administrators and admin are Managers."""
        manager_group = self.env.ref('sales_management.group_sales_management_manager')
        leader_group = self.env.ref('sales_management.group_sales_management_team_leader')
        user_group = self.env.ref('sales_management.group_sales_management_user')
        self.assertTrue(self.manager.has_group('sales_management.group_sales_management_team_leader'))
        self.assertTrue(self.leader.has_group('sales_management.group_sales_management_user'))
        self.assertFalse(self.leader.has_group('sales_management.group_sales_management_manager'))
        self.assertTrue(self.sales_admin.has_group('sales_management.group_sales_management_manager'))
        self.assertTrue(self.env.ref('base.user_admin').has_group('sales_management.group_sales_management_manager'))
        self.assertTrue(self.user.has_group('sales_team.group_sale_salesman'),
                        "a Sales Performance user reads their own sales documents")
        privilege = self.env.ref('sales_management.res_groups_privilege_sales_management')
        self.assertEqual((manager_group | leader_group | user_group).privilege_id, privilege)

    def test_user_reads_catalogue(self):
        """A User can read the KPI catalogue."""
        kpis = self.env['sales.kpi'].with_user(self.user).search([])
        self.assertIn(self.kpi_won_revenue, kpis)
        self.assertEqual(self.kpi_won_revenue.with_user(self.user).name, "Won Revenue")

    @mute_logger('odoo.addons.base.models.ir_model')
    def test_user_cannot_create(self):
        """A User cannot create a KPI."""
        with self.assertRaises(AccessError):
            self.env['sales.kpi'].with_user(self.user).create({'name': "Visits", 'code': 'visits'})

    @mute_logger('odoo.addons.base.models.ir_model')
    def test_user_cannot_write(self):
        """A User cannot edit a KPI."""
        with self.assertRaises(AccessError):
            self.kpi_won_revenue.with_user(self.user).write({'name': "Revenue I like"})
        self.assertEqual(self.kpi_won_revenue.name, "Won Revenue")

    @mute_logger('odoo.addons.base.models.ir_model')
    def test_user_cannot_unlink(self):
        """A User cannot delete a KPI."""
        with self.assertRaises(AccessError):
            self.kpi_won_revenue.with_user(self.user).unlink()

    @mute_logger('odoo.addons.base.models.ir_model')
    def test_team_leader_cannot_write(self):
        """A Team Leader cannot edit the catalogue either: it is company-wide configuration."""
        with self.assertRaises(AccessError):
            self.kpi_won_revenue.with_user(self.leader).write({'name': "Leader's revenue"})

    def test_manager_creates_edits_deletes(self):
        """A Manager can create, edit and delete KPIs."""
        kpi = self.env['sales.kpi'].with_user(self.manager).create({
            'name': "Customer Visits", 'code': 'customer_visits', 'unit': 'count',
        })
        kpi.write({'name': "Customer Site Visits"})
        self.assertEqual(kpi.name, "Customer Site Visits")
        kpi.unlink()
        self.assertFalse(kpi.exists())

    def test_sales_administrator_manages_kpis(self):
        """A Sales Administrator manages KPIs as a Sales Performance Manager."""
        kpi = self.env['sales.kpi'].with_user(self.sales_admin).create({'name': "Demos", 'code': 'demos'})
        self.assertEqual(kpi.create_uid, self.sales_admin)

    @mute_logger('odoo.addons.base.models.ir_rule')
    def test_other_company_kpi_invisible(self):
        """Another company's KPIs are invisible; shared ones (no company) are visible to all."""
        kpi_2 = self.env['sales.kpi'].with_user(self.manager_2).with_company(self.company_2).create({
            'name': "Store Footfall", 'code': 'store_footfall', 'company_id': self.company_2.id,
        })
        visible = self.env['sales.kpi'].with_user(self.manager).search([])
        self.assertNotIn(kpi_2, visible)
        self.assertIn(self.kpi_won_revenue, visible)
        self.assertIn(self.kpi_won_revenue, self.env['sales.kpi'].with_user(self.manager_2).search([]))
        kpi_2.invalidate_recordset()
        with self.assertRaises(AccessError):
            kpi_2.with_user(self.manager).read(['name'])
