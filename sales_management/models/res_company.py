from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = 'res.company'

    sales_goal_at_risk_threshold = fields.Float(
        "At-Risk Threshold", default=90.0,
        help="A goal below this share of its expected progress (%) is at risk.")
    sales_goal_off_track_threshold = fields.Float(
        "Off-Track Threshold", default=70.0,
        help="A goal below this share of its expected progress (%) is off track.")
    sales_goal_block_mismatch = fields.Boolean(
        "Block Goal Mismatch",
        help="Refuse sub-goals whose targets add up to more than their parent's target.")
    sales_director_id = fields.Many2one(
        'res.users',
        help="Receives the risk alerts of company and team goals.")
    sales_training_expiry_warning_days = fields.Integer(
        "Certification Warning (Days)", default=30,
        help="Certifications expiring within this many days count as expiring and get a reminder.")

    @api.constrains('sales_goal_at_risk_threshold', 'sales_goal_off_track_threshold')
    def _check_sales_goal_thresholds(self):
        for company in self:
            if not 0 <= company.sales_goal_off_track_threshold <= company.sales_goal_at_risk_threshold <= 100:
                raise ValidationError(self.env._(
                    "Goal thresholds must satisfy 0 ≤ off-track ≤ at-risk ≤ 100 (%)."))
