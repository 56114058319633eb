from datetime import datetime

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SalesGoalCommon


@tagged('post_install', '-at_install', 'sales_management_goal')
class TestSalesGoalDrillDown(SalesGoalCommon):
    """A goal's drill-down lists the documents behind its actual, each with what it counts."""

    def _facts(self, goal, user):
        action = goal.with_user(user).action_open_sources()
        return self.env['sales.goal.fact'].with_user(user).search(action['domain']), action

    def test_amounts_add_up_to_the_actual_in_company_currency(self):
        """Invoices and a credit note, one in EUR: every row counts what the engine counted."""
        partner = self.partners[0]
        self._invoice(self.rep_a1, partner, 1000, '2026-03-05')
        self._invoice(self.rep_a1, partner, 400, '2026-03-06', currency=self.eur)  # 200 at 2.0
        self._invoice(self.rep_a1, partner, 100, '2026-03-07', move_type='out_refund')
        goal = self._goal('invoiced_amount', self.rep_a1)
        goal._refresh_actuals()
        facts, action = self._facts(goal, self.rep_a1)
        self.assertEqual(goal.actual, 1100)
        self.assertEqual(sorted(facts.mapped('amount')), [-100, 200, 1000])
        self.assertAlmostEqual(sum(facts.mapped('amount')), goal.actual)
        self.assertGreaterEqual(action['limit'], len(facts), "every row loads: the footer total is the actual")
        self.assertEqual(set(facts.mapped('customer')), {partner.display_name})
        self.assertEqual(facts.mapped('user_id'), self.rep_a1)

    def test_rep_reads_rows_without_accounting_rights(self):
        """A rep without invoicing rights reads the rows; the invoice's own form is not offered."""
        self._invoice(self.rep_a1, self.partners[0], 1000, '2026-03-05')
        goal = self._goal('invoiced_amount', self.rep_a1)
        facts, _action = self._facts(goal, self.rep_a1)
        facts.invalidate_recordset()
        self.assertEqual(facts.read(['document', 'amount', 'can_open'])[0]['can_open'], False)
        self.assertFalse(self.rep_a1.has_group('account.group_account_invoice'))
        with self.assertRaises(AccessError):
            facts.action_open_document()
        won = self._lead(self.rep_a1, 500, datetime(2026, 3, 10))
        facts, _action = self._facts(self._goal('won_revenue', self.rep_a1), self.rep_a1)
        self.assertTrue(facts.can_open)
        self.assertEqual(facts.action_open_document()['res_id'], won.id)

    def test_team_goal_hides_documents_a_rep_cannot_read(self):
        """On their team's goal, a rep sees colleagues' rows as amounts only, and the total still adds up."""
        self._lead(self.rep_a1, 300, datetime(2026, 3, 10))
        colleague = self._lead(self.rep_a2, 700, datetime(2026, 3, 11))
        goal = self._goal('won_revenue', self.team_a)
        goal._refresh_actuals()
        facts, action = self._facts(goal, self.rep_a1)
        self.assertEqual(action['context'], {'group_by': ['user_id']})
        self.assertEqual(sum(facts.mapped('amount')), goal.actual)
        hidden = facts.filtered(lambda fact: fact.res_id == colleague.id)
        self.assertEqual((hidden.shared, hidden.customer, hidden.document), (False, False, "Not shared with you"))
        with self.assertRaises(AccessError):
            hidden.action_open_document()

    @mute_logger('odoo.addons.base.models.ir_rule')
    def test_drill_downs_are_private(self):
        """Another user cannot read someone's drill-down rows, nor drill into a goal they cannot read."""
        self._lead(self.rep_a1, 300, datetime(2026, 3, 10))
        goal = self._goal('won_revenue', self.rep_a1)
        facts, _action = self._facts(goal, self.rep_a1)
        facts.invalidate_recordset()
        with self.assertRaises(AccessError):
            facts.with_user(self.rep_a2).read(['amount'])
        with self.assertRaises(AccessError):
            goal.with_user(self.rep_b1).action_open_sources()
