from odoo import fields, models

from .sales_period import PERIOD_TYPES


class SalesKpiTemplate(models.Model):
    _name = 'sales.kpi.template'
    _description = "KPI Template of a Job Position"
    _order = 'job_id, sequence, id'

    job_id = fields.Many2one('hr.job', string="Job Position", required=True, index=True, ondelete='cascade')
    sequence = fields.Integer(default=10)
    kpi_id = fields.Many2one('sales.kpi', string="KPI", required=True, ondelete='restrict')
    unit = fields.Selection(related='kpi_id.unit')
    period_type = fields.Selection(
        [item for item in PERIOD_TYPES if item[0] != 'custom'], string="Period", required=True, default='month')
    target = fields.Float("Default Target", required=True)
    weight = fields.Float(default=1.0)
    company_id = fields.Many2one(related='job_id.company_id', store=True, index=True)

    _check_target = models.Constraint('CHECK(target >= 0)', "A template's target cannot be negative.")
    _job_kpi_period_uniq = models.UniqueIndex(
        "(job_id, kpi_id, period_type)", "This job position already has a template for this KPI and period.")
