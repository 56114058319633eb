from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SalesKpiValue(models.Model):
    _name = 'sales.kpi.value'
    _description = "Manual KPI Value"
    _order = 'date desc, id desc'
    _inherit = ['mail.thread']
    _check_company_auto = True

    kpi_id = fields.Many2one(
        'sales.kpi', string="KPI", required=True, index=True, ondelete='restrict', tracking=True,
        domain="[('source', '=', 'manual')]")
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    value = fields.Float(required=True, tracking=True)
    unit = fields.Selection(related='kpi_id.unit')
    user_id = fields.Many2one(
        'res.users', string="Salesperson", index='btree_not_null', tracking=True,
        help="The rep this value is for; leave empty for a team or company value.")
    team_id = fields.Many2one(
        'crm.team', string="Sales Team", index='btree_not_null', check_company=True, tracking=True,
        help="The team this value is for (when no salesperson is set).")
    company_id = fields.Many2one('res.company', required=True, index=True, default=lambda self: self.env.company)
    note = fields.Text(
        "Source", required=True, tracking=True,
        help="Where the number comes from (survey, market study...): the history stays auditable.")

    @api.constrains('kpi_id', 'value')
    def _check_value(self):
        for entry in self:
            if entry.kpi_id.source != 'manual':
                raise ValidationError(self.env._(
                    "Values can only be entered for manual KPIs; “%(kpi)s” is computed from documents.",
                    kpi=entry.kpi_id.name,
                ))
            if entry.kpi_id.unit == 'percent' and not 0 <= entry.value <= 100:
                raise ValidationError(self.env._(
                    "A percentage must lie between 0 and 100 (got %(value)s).", value=entry.value,
                ))

    def _owner_level(self):
        """The level this value was entered for: a rep's, else a team's, else the company's."""
        self.ensure_one()
        return 'user' if self.user_id else 'team' if self.team_id else 'company'
