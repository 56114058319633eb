from datetime import datetime

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SalesGoalCommon, SalesManagementCommon


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


@tagged('post_install', '-at_install', 'sales_management_access')
class TestSalesGoalAccess(SalesGoalCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.goal_a1 = cls._goal('won_revenue', cls.rep_a1)
        cls.goal_a2 = cls._goal('won_revenue', cls.rep_a2)
        cls.goal_b1 = cls._goal('won_revenue', cls.rep_b1)
        cls.goal_team_a = cls._goal('won_revenue', cls.team_a)
        cls.goal_team_b = cls._goal('won_revenue', cls.team_b)
        cls.goal_company = cls._goal('won_revenue', cls.company)
        cls.goal_company_2 = cls.env['sales.goal'].with_company(cls.company_2).create({
            'kpi_id': cls.kpis['won_revenue'].id, 'level': 'company', 'company_id': cls.company_2.id,
            'date_from': '2026-03-01', 'date_to': '2026-03-31', 'target': 10,
        })

    def test_rep_reads_own_team_and_company_goals(self):
        """A rep sees their own goals, their team's and the company's, nobody else's."""
        visible = self.env['sales.goal'].with_user(self.rep_a1).search([])
        self.assertEqual(visible, self.goal_a1 | self.goal_team_a | self.goal_company)

    @mute_logger('odoo.addons.base.models.ir_rule')
    def test_rep_cannot_read_colleague_goal(self):
        """A rep cannot read a colleague's goal, even in the same team."""
        for goal in (self.goal_a2, self.goal_b1, self.goal_team_b):
            goal.invalidate_recordset()
            with self.subTest(goal=goal.display_name), self.assertRaises(AccessError):
                goal.with_user(self.rep_a1).read(['target'])

    @mute_logger('odoo.addons.base.models.ir_model')
    def test_rep_cannot_change_target(self):
        """A rep cannot change the target of their own goal, nor create one."""
        with self.assertRaises(AccessError):
            self.goal_a1.with_user(self.rep_a1).write({'target': 1})
        with self.assertRaises(AccessError):
            self.env['sales.goal'].with_user(self.rep_a1).create({
                'kpi_id': self.kpis['won_revenue'].id, 'user_id': self.rep_a1.id,
                'date_from': '2026-03-01', 'date_to': '2026-03-31', 'target': 1,
            })
        self.assertEqual(self.goal_a1.target, 1000)

    def test_rep_refreshes_and_explains_own_goal(self):
        self._lead(self.rep_a1, 300, datetime(2026, 3, 10))
        goal = self.goal_a1.with_user(self.rep_a1)
        goal.action_refresh()
        self.assertEqual(goal.actual, 300)
        action = goal.action_open_sources()
        facts = self.env['sales.goal.fact'].with_user(self.rep_a1).search(action['domain'])
        self.assertEqual((len(facts), facts.amount, facts.shared), (1, 300, True))

    def test_team_leader_manages_team_goals(self):
        """A team leader reads and manages the goals of the team they lead."""
        goals = self.env['sales.goal'].with_user(self.leader)
        self.assertEqual(goals.search([('team_id', '!=', False)]),
                         self.goal_a1 | self.goal_a2 | self.goal_team_a)
        self.goal_a2.with_user(self.leader).write({'target': 1500})
        self.assertEqual(self.goal_a2.target, 1500)
        new_goal = goals.create({
            'kpi_id': self.kpis['won_count'].id, 'user_id': self.rep_a2.id, 'team_id': self.team_a.id,
            'date_from': '2026-03-01', 'date_to': '2026-03-31', 'target': 3,
        })
        self.assertEqual(new_goal.team_id, self.team_a)

    @mute_logger('odoo.addons.base.models.ir_rule')
    def test_team_leader_cannot_touch_other_teams(self):
        """A team leader cannot change another team's goals nor create company goals."""
        with self.assertRaises(AccessError):
            self.goal_b1.with_user(self.leader).write({'target': 1})
        with self.assertRaises(AccessError):
            self.goal_company.with_user(self.leader).write({'target': 1})
        with self.assertRaises(AccessError):
            self.env['sales.goal'].with_user(self.leader).create({
                'kpi_id': self.kpis['won_revenue'].id, 'level': 'company',
                'date_from': '2026-03-01', 'date_to': '2026-03-31', 'target': 1,
            })

    def test_manager_manages_all_goals_of_the_company(self):
        goals = self.env['sales.goal'].with_user(self.manager).search([])
        self.assertIn(self.goal_b1, goals)
        self.assertNotIn(self.goal_company_2, goals, "another company's goals stay invisible")
        self.goal_company.with_user(self.manager).write({'target': 5000})
        self.assertEqual(self.goal_company.target, 5000)

    @mute_logger('odoo.addons.base.models.ir_model')
    def test_manual_values_by_role(self):
        kpi = self.kpis['customer_satisfaction']
        value = self.env['sales.kpi.value'].with_user(self.leader).create({
            'kpi_id': kpi.id, 'team_id': self.team_a.id, 'date': '2026-03-05', 'value': 80, 'note': "Survey",
        })
        self.assertIn(value, self.env['sales.kpi.value'].with_user(self.rep_a1).search([]))
        self.assertNotIn(value, self.env['sales.kpi.value'].with_user(self.rep_b1).search([]))
        with self.assertRaises(AccessError):
            value.with_user(self.rep_a1).write({'value': 100})
