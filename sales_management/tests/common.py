from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.tests import TransactionCase


class SalesManagementCommon(TransactionCase):
    """Users of every Sales Performance role, in two companies.

    +-----------------+-----------+----------------------------------+
    | user            | company   | groups                           |
    +-----------------+-----------+----------------------------------+
    | sm_user         | company   | Sales Performance / User         |
    | sm_leader       | company   | Sales Performance / Team Leader  |
    | sm_manager      | company   | Sales Performance / Manager      |
    | sales_admin     | company   | Sales / Administrator            |
    | sm_manager_2    | company_2 | Sales Performance / Manager      |
    +-----------------+-----------+----------------------------------+
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company_2 = cls.env['res.company'].create({'name': "Second Sales Company"})
        cls.user = mail_new_test_user(
            cls.env, login='sm_user', name="Rep Riley",
            groups='base.group_user,sales_management.group_sales_management_user')
        cls.leader = mail_new_test_user(
            cls.env, login='sm_leader', name="Leader Lee",
            groups='base.group_user,sales_management.group_sales_management_team_leader')
        cls.manager = mail_new_test_user(
            cls.env, login='sm_manager', name="Manager Morgan",
            groups='base.group_user,sales_management.group_sales_management_manager')
        cls.sales_admin = mail_new_test_user(
            cls.env, login='sales_admin', name="Sales Admin Sam",
            groups='base.group_user,sales_team.group_sale_manager')
        cls.manager_2 = mail_new_test_user(
            cls.env, login='sm_manager_2', name="Manager Mei", company_id=cls.company_2.id,
            groups='base.group_user,sales_management.group_sales_management_manager')
        cls.kpi_won_revenue = cls.env.ref('sales_management.sales_kpi_won_revenue')
