from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = 'res.config.settings'

    sales_goal_at_risk_threshold = fields.Float(
        related='company_id.sales_goal_at_risk_threshold', readonly=False)
    sales_goal_off_track_threshold = fields.Float(
        related='company_id.sales_goal_off_track_threshold', readonly=False)
    sales_goal_block_mismatch = fields.Boolean(related='company_id.sales_goal_block_mismatch', readonly=False)
    sales_director_id = fields.Many2one(related='company_id.sales_director_id', readonly=False)
    sales_training_expiry_warning_days = fields.Integer(
        related='company_id.sales_training_expiry_warning_days', readonly=False)

    @api.constrains('sales_training_expiry_warning_days')
    def _check_sales_training_expiry_warning_days(self):
        if any(settings.sales_training_expiry_warning_days < 0 for settings in self):
            raise ValidationError(self.env._("The certification warning period cannot be negative."))
