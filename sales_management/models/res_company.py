from odoo import fields, models


class ResCompany(models.Model):
    _inherit = 'res.company'

    sales_training_expiry_warning_days = fields.Integer(
        "Certification Warning (Days)", default=30,
        help="Certifications expiring within this many days count as expiring and get a reminder.")
