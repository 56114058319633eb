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
