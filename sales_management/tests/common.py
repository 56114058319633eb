from contextlib import contextmanager
from datetime import datetime, time
from unittest.mock import patch

from odoo.addons.base.models.ir_cron import IrCron
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
    | settings_admin  | company   | Settings + Sales Perf. / Manager |
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
        cls.settings_admin = mail_new_test_user(
            cls.env, login='settings_admin', name="Settings Admin Sol",
            groups='base.group_system,sales_management.group_sales_management_manager')
        cls.kpi_won_revenue = cls.env.ref('sales_management.sales_kpi_won_revenue')


    @contextmanager
    def _cron_batches(self):
        """Run batched cron code inside the test transaction: `ir.cron._commit_progress` would
        commit; here it only records the progress reported, as {'processed': [...], 'remaining': [...]}."""
        progress = {'processed': [], 'remaining': []}

        def commit_progress(cron, processed=0, *, remaining=None, deactivate=False):
            progress['processed'].append(processed)
            if remaining is not None:
                progress['remaining'].append(remaining)
            return float('inf')

        with patch.object(IrCron, '_commit_progress', commit_progress):
            yield progress


class SalesGoalCommon(SalesManagementCommon):
    """Two teams and three reps in a company working in USD, with EUR at 2.0.

    team_a (leader sm_leader): rep_a1 (sm_user, Asia/Shanghai), rep_a2
    team_b (leader sm_leader_b): rep_b1
    The company and the leaders work in UTC.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = 'UTC'
        cls.leader.tz = 'UTC'
        cls.leader_b = mail_new_test_user(
            cls.env, login='sm_leader_b', name="Leader Bo", tz='UTC',
            groups='base.group_user,sales_management.group_sales_management_team_leader')
        cls.rep_a1 = cls.user
        cls.rep_a1.tz = 'Asia/Shanghai'
        cls.rep_a2 = mail_new_test_user(
            cls.env, login='sm_rep_a2', name="Rep Ada", tz='UTC',
            groups='base.group_user,sales_management.group_sales_management_user')
        cls.rep_b1 = mail_new_test_user(
            cls.env, login='sm_rep_b1', name="Rep Bai", tz='UTC',
            groups='base.group_user,sales_management.group_sales_management_user')
        cls.team_a = cls.env['crm.team'].create({
            'name': "Team A", 'user_id': cls.leader.id, 'company_id': cls.company.id,
            'member_ids': [(6, 0, (cls.rep_a1 | cls.rep_a2).ids)],
        })
        cls.team_b = cls.env['crm.team'].create({
            'name': "Team B", 'user_id': cls.leader_b.id, 'company_id': cls.company.id,
            'member_ids': [(6, 0, cls.rep_b1.ids)],
        })
        cls.eur = cls.env.ref('base.EUR')
        cls.eur.active = True
        cls.env['res.currency.rate'].create({
            'currency_id': cls.eur.id, 'name': '2026-01-01', 'rate': 2.0, 'company_id': cls.company.id,
        })
        cls.pricelist_eur = cls.env['product.pricelist'].create({'name': "EUR", 'currency_id': cls.eur.id})
        cls.product = cls.env['product.product'].create({
            'name': "Consulting day", 'type': 'service', 'invoice_policy': 'order', 'list_price': 100.0,
            'taxes_id': [(5, 0, 0)],
        })
        cls.partners = cls.env['res.partner'].create([{'name': f"Customer {index}"} for index in range(1, 6)])
        cls.kpis = {
            code: cls.env.ref(f'sales_management.sales_kpi_{code}')
            for code in ('won_revenue', 'won_count', 'conversion_rate', 'order_amount', 'invoiced_amount',
                         'collected_amount', 'collection_rate', 'new_customers', 'retention_rate',
                         'activities_done', 'customer_satisfaction')
        }

    @classmethod
    def _goal(cls, kpi_code, owner, date_from='2026-03-01', date_to='2026-03-31', target=1000.0, **values):
        """A goal for a rep (res.users), a team (crm.team) or the company (res.company)."""
        level = {'res.users': 'user', 'crm.team': 'team', 'res.company': 'company'}[owner._name]
        owner_field = {'user': 'user_id', 'team': 'team_id', 'company': 'company_id'}[level]
        return cls.env['sales.goal'].create({
            'kpi_id': cls.kpis[kpi_code].id if isinstance(kpi_code, str) else kpi_code.id,
            'level': level,
            owner_field: owner.id,
            'period_type': 'month',
            'date_from': date_from,
            'date_to': date_to,
            'target': target,
            **values,
        })

    @classmethod
    def _lead(cls, user, revenue, closed_at, *, won=True, team=None, company=None):
        lead = cls.env['crm.lead'].create({
            'name': f"Deal {revenue}", 'type': 'opportunity', 'user_id': user.id,
            'team_id': (team or user.sale_team_id).id, 'expected_revenue': revenue,
            'company_id': (company or cls.company).id,
        })
        if won:
            lead.action_set_won()
        else:
            lead.action_set_lost()
        lead.date_closed = closed_at
        return lead

    @classmethod
    def _won(cls, user, amount, day):
        """An opportunity of `user` won at noon on `day`."""
        return cls._lead(user, amount, datetime.combine(day, time(12)))

    @classmethod
    def _order(cls, user, partner, amount, date_order, *, state='sale', pricelist=None, team=None):
        order = cls.env['sale.order'].create({
            'partner_id': partner.id, 'user_id': user.id, 'team_id': (team or user.sale_team_id).id,
            'pricelist_id': pricelist.id if pricelist else False,
            'order_line': [(0, 0, {'product_id': cls.product.id, 'product_uom_qty': 1, 'price_unit': amount,
                                   'tax_ids': [(5, 0, 0)]})],
        })
        if state in ('sale', 'cancel'):
            order.action_confirm()
        if state == 'cancel':
            order._action_cancel()
        order.date_order = date_order
        return order

    @classmethod
    def _invoice(cls, user, partner, amount, invoice_date, *, move_type='out_invoice', currency=None, post=True):
        move = cls.env['account.move'].create({
            'move_type': move_type, 'partner_id': partner.id, 'invoice_user_id': user.id,
            'team_id': user.sale_team_id.id, 'invoice_date': invoice_date, 'invoice_date_due': invoice_date,
            'currency_id': (currency or cls.company.currency_id).id,
            'invoice_line_ids': [(0, 0, {'name': "Service", 'quantity': 1, 'price_unit': amount,
                                         'tax_ids': [(5, 0, 0)]})],
        })
        if post:
            move.action_post()
        return move

    @classmethod
    def _pay(cls, invoice, amount, payment_date):
        return cls.env['account.payment.register'].with_context(
            active_model='account.move', active_ids=invoice.ids,
        ).create({'payment_date': payment_date, 'amount': amount})._create_payments()
