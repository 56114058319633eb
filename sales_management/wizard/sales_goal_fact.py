from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError

# Who may open a document's own form: the invoice form reads payments, which only
# invoicing users may read, so others see the drill-down row itself.
FORM_GROUPS = {'account.move': 'account.group_account_invoice'}


class SalesGoalFact(models.TransientModel):
    """One document behind a goal's actual, as the KPI engine counted it: the answer to
    "which documents make this number". Rows are written when a user opens the drill-down,
    from the engine's fact queries, so their amounts add up to the goal's actual."""

    _name = 'sales.goal.fact'
    _description = "Document Behind a Goal"
    _order = 'date, id'

    goal_id = fields.Many2one('sales.goal', required=True, readonly=True, ondelete='cascade')
    currency_id = fields.Many2one(related='goal_id.currency_id')
    res_model = fields.Char("Document Model", readonly=True)
    res_id = fields.Many2oneReference("Document ID", model_field='res_model', readonly=True)
    document = fields.Char(readonly=True)
    customer = fields.Char(readonly=True)
    date = fields.Date(readonly=True)
    user_id = fields.Many2one('res.users', string="Salesperson", readonly=True)
    team_id = fields.Many2one('crm.team', string="Sales Team", readonly=True)
    amount = fields.Float(
        "Counted", readonly=True, digits=(16, 2),
        help="What this document adds to the goal's actual (for a rate, to its numerator), in company currency.")
    denominator = fields.Float(
        readonly=True, digits=(16, 2), help="What this document adds to the denominator of a rate.")
    shared = fields.Boolean(
        readonly=True, help="Whether you may read the document; others' documents only show what they count.")
    can_open = fields.Boolean(compute='_compute_can_open')

    @api.depends('res_model', 'shared')
    @api.depends_context('uid')
    def _compute_can_open(self):
        for fact in self:
            group = FORM_GROUPS.get(fact.res_model)
            fact.can_open = fact.shared and (not group or self.env.user.has_group(group))

    @api.model
    def _create_for_goal(self, goal):
        """The rows behind `goal`'s actual (read access to the goal already checked)."""
        kpi = goal.kpi_id.sudo()
        window = goal._get_window()
        rows = kpi._get_facts_by_record(window, goal._owner_key())
        model = kpi._get_facts_model()
        records = self.env[model].sudo().with_context(active_test=False).browse({row[2] for row in rows})
        readable = set(records.with_env(self.env)._filtered_access('read').ids)
        partner_field = records._fields.get('partner_id')
        labels = defaultdict(lambda: (self.env._("Not shared with you"), False))
        for record in records.exists():
            if record.id in readable:
                customer = record.display_name if model == 'res.partner' else (
                    partner_field and record.partner_id.display_name)
                labels[record.id] = (record.display_name, customer)
        return self.create([{
            'goal_id': goal.id,
            'res_model': model,
            'res_id': res_id,
            'document': labels[res_id][0],
            'customer': labels[res_id][1],
            'date': day,
            'user_id': user_id,
            'team_id': team_id,
            'amount': num or 0.0,
            'denominator': den or 0.0,
            'shared': res_id in readable,
        } for user_id, team_id, res_id, num, den, day in rows])

    def action_open_document(self):
        """The document's own form, for whoever may read it there."""
        self.ensure_one()
        self.check_access('read')
        if not self.can_open:
            raise AccessError(self.env._("You cannot open this document; its row shows what it counts."))
        record = self.env[self.res_model].browse(self.res_id)
        record.check_access('read')
        return {
            'type': 'ir.actions.act_window',
            'res_model': self.res_model,
            'res_id': self.res_id,
            'views': [(False, 'form')],
            'target': 'current',
        }
