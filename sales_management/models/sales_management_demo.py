import logging
import random
from datetime import datetime, time, timedelta

from markupsafe import Markup

from odoo import api, fields, models

from .sales_kpi_compute import KpiWindow
from .sales_period import period_bounds

_logger = logging.getLogger(__name__)

# What the demo opportunities are about.
DEMO_DEAL_KINDS = ['ERP rollout', 'Annual renewal', 'New site', 'Upgrade', 'Pilot']

# Customer accounts shared by the demo reps.
DEMO_CUSTOMERS = [
    "Hangzhou Bright Textiles", "Suzhou Precision Parts", "Ningbo Harbour Logistics", "Chengdu Panda Foods",
    "Wuhan Riverside Hospital", "Xiamen Blue Ocean Hotels", "Qingdao Northern Brewing", "Shenzhen Nova Devices",
    "Nanjing Jade Pharmacy", "Tianjin Grand Machinery", "Dalian Seaview Shipping", "Kunming Spring Tea",
    "Changsha Red Star Retail", "Hefei Quantum Labs", "Fuzhou Golden Bay Ceramics", "Jinan Spring City Schools",
    "Xi'an Silk Road Travel", "Harbin Ice Dragon Sports", "Guangzhou Pearl Fashion", "Shanghai Bund Finance",
    "Zhengzhou Central Farms", "Shenyang Heavy Tools", "Nanning Green Valley Energy", "Lanzhou Yellow River Water",
]


class SalesManagementDemo(models.AbstractModel):
    _name = 'sales.management.demo'
    _description = "Sales Performance demo data generator"

    @api.model
    def _generate_demo_documents(self, rep_xmlids, product_xmlids):
        """Fill the demo pipeline: a year of leads, orders, invoices and payments
        per rep, dated relative to today so that every KPI shows live numbers."""
        rng = random.Random(2026)  # the same story on every install
        today = fields.Date.context_today(self)
        reps = self.env['res.users'].browse([self.env.ref(xmlid).id for xmlid in rep_xmlids])
        products = self.env['product.product'].browse([self.env.ref(xmlid).id for xmlid in product_xmlids])
        customers = self.env['res.partner'].create([
            {'name': name, 'is_company': True, 'customer_rank': 1,
             'email': f"info@{name.split()[1].lower()}.example.com"}
            for name in DEMO_CUSTOMERS
        ])
        team_by_user = {
            member.user_id: member.crm_team_id
            for member in self.env['crm.team.member'].search([('user_id', 'in', reps.ids)])
        }
        for index, rep in enumerate(reps):
            # Reps differ in skill, so the ranking and the risk alerts tell a story.
            skill = 0.55 + 0.35 * ((index * 7) % 12) / 11
            portfolio = rng.sample(list(customers), 6)
            team = team_by_user.get(rep, self.env['crm.team'])
            self._demo_leads(rng, rep, team=team, customers=portfolio, today=today, skill=skill)
            orders = self._demo_orders(
                rng, rep, team=team, customers=portfolio, products=products, today=today, skill=skill)
            self._demo_invoices(rng, orders, today)

    def _demo_datetime(self, day):
        return datetime.combine(day, time(10, 0))

    def _demo_leads(self, rng, rep, *, team, customers, today, skill):
        Lead = self.env['crm.lead'].with_user(rep).sudo()
        for number in range(14):
            partner = rng.choice(customers)
            age = rng.randint(5, 330)
            lead = Lead.create({
                'name': f"{partner.name}: {rng.choice(DEMO_DEAL_KINDS)} #{number + 1}",
                'type': 'opportunity',
                'partner_id': partner.id,
                'user_id': rep.id,
                'team_id': team.id,
                'expected_revenue': rng.choice([8000, 12000, 20000, 35000, 50000, 80000]),
                'probability': rng.choice([20, 40, 60, 80]),
                'date_deadline': today + timedelta(days=rng.randint(-20, 75)),
            })
            if age < 40 and number % 3:
                continue  # recent opportunities are still open
            if rng.random() < skill:
                lead.action_set_won()
            else:
                lead.action_set_lost()
            lead.date_closed = self._demo_datetime(today - timedelta(days=age))

    def _demo_orders(self, rng, rep, *, team, customers, products, today, skill):
        Order = self.env['sale.order'].with_user(rep).sudo()
        confirmed = Order
        # two to three orders a month over the last year, so that monthly goals have numbers
        count = int(18 + 14 * skill)
        for number in range(count):
            age = int((number + rng.random()) * 365 / count)
            order = Order.create({
                'partner_id': rng.choice(customers).id,
                'user_id': rep.id,
                'team_id': team.id,
                'order_line': [
                    fields.Command.create({
                        'product_id': product.id,
                        'product_uom_qty': rng.randint(1, 5),
                    })
                    for product in rng.sample(list(products), 2)
                ],
            })
            if number % 9 == 4:
                continue  # a quotation still waiting for the customer
            order.action_confirm()
            order.date_order = self._demo_datetime(today - timedelta(days=age))
            confirmed |= order
        return confirmed

    def _demo_invoices(self, rng, orders, today):
        company = self.env.company
        sale_journal_domain = [('type', '=', 'sale'), ('company_id', '=', company.id)]
        if not self.env['account.journal'].search_count(sale_journal_domain, limit=1):
            _logger.warning("Sales Performance demo: company %s has no sales journal, no demo invoices", company.name)
            return
        for order in orders:
            order_day = order.date_order.date()
            if (today - order_day).days < 10:
                continue  # not invoiced yet
            invoice = order.sudo()._create_invoices()
            invoice.invoice_date = order_day + timedelta(days=3)
            invoice.invoice_date_due = order_day + timedelta(days=33)
            invoice.action_post()
            paid_on = order_day + timedelta(days=rng.randint(10, 60))
            if paid_on >= today or rng.random() < 0.2:
                continue  # open receivable: the collection rate is not 100 %
            amount = invoice.amount_total if rng.random() < 0.85 else round(invoice.amount_total / 2, 2)
            self.env['account.payment.register'].with_context(
                active_model='account.move', active_ids=invoice.ids,
            ).create({'payment_date': paid_on, 'amount': amount})._create_payments()

    @api.model
    def _generate_demo_goals(self, team_xmlids, director_xmlid):
        """This year's invoicing goal, cascaded to the teams, their reps, quarters and the
        current quarter's months; set a little above the current pace, so some are at risk."""
        company = self.env.company
        company.sales_director_id = self.env.ref(director_xmlid)
        today = fields.Date.context_today(self)
        year_start, year_end = period_bounds('year', today)
        kpi = self.env.ref('sales_management.sales_kpi_invoiced_amount')
        invoiced = kpi._values_in_window(KpiWindow(company, year_start, today)).get(('company', False), 0.0)
        elapsed = ((today - year_start).days + 1) / ((year_end - year_start).days + 1)
        target = round(invoiced / elapsed * 1.15, -3) if invoiced > 0 and elapsed > 0.1 else 1_000_000.0
        company_goal = self.env['sales.goal'].create({
            'kpi_id': kpi.id, 'level': 'company', 'period_type': 'year',
            'date_from': year_start, 'date_to': year_end, 'target': target,
            'description': Markup(
                "<p>Invoice 15%% more than our current pace by 31 December: %(target)s, measured as "
                "posted invoices minus credit notes.</p>") % {'target': f"{target:,.0f}"},
            'strategy_note': Markup("<p>Grow recurring licences with key accounts; keep channel partners "
                                    "active every quarter.</p>"),
        })
        teams = self.env['crm.team'].browse([self.env.ref(xmlid).id for xmlid in team_xmlids])
        team_goals = self._demo_split(company_goal, split_by='team', team_ids=teams, weights=[40, 35, 25])
        for team_goal in team_goals:
            for rep_goal in self._demo_split(team_goal, split_by='member'):
                quarters = self._demo_split(rep_goal, split_by='period', sub_period_type='quarter')
                current = quarters.filtered(lambda goal: goal.date_from <= today <= goal.date_to)
                self._demo_split(current, split_by='period', sub_period_type='month')
        self.env['sales.goal'].search([('id', 'child_of', company_goal.id)]).action_confirm()
        behind = self.env['sales.goal'].search([
            ('id', 'child_of', company_goal.id), ('level', '=', 'team'), ('status', 'in', ('at_risk', 'off_track')),
        ], limit=1)
        behind.contingency_plan = Markup(
            "<ul><li>Weekly pipeline review with each rep until back on track.</li>"
            "<li>Two joint customer visits a week with the team leader.</li>"
            "<li>Bundle the support plan into renewals due this quarter.</li></ul>")

    def _demo_split(self, goal, split_by, weights=None, **values):
        if not goal:
            return goal
        wizard = self.env['sales.goal.split.wizard'].create({
            'goal_id': goal.id, 'split_by': split_by, 'method': 'weights' if weights else 'equal', **values,
        })
        for line, weight in zip(wizard.line_ids, weights or [], strict=False):
            line.weight = weight
        wizard.action_apply()
        return goal.child_ids
