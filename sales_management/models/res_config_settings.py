from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = 'res.config.settings'

    sales_goal_at_risk_threshold = fields.Float(
        related='company_id.sales_goal_at_risk_threshold', readonly=False)
    sales_goal_off_track_threshold = fields.Float(
        related='company_id.sales_goal_off_track_threshold', readonly=False)
    sales_goal_block_mismatch = fields.Boolean(related='company_id.sales_goal_block_mismatch', readonly=False)
    sales_director_id = fields.Many2one(related='company_id.sales_director_id', readonly=False)
