from odoo import fields, models


class HrJob(models.Model):
    _inherit = 'hr.job'

    sales_kpi_template_ids = fields.One2many(
        'sales.kpi.template', 'job_id', string="KPI Templates",
        help="The duties of this position in numbers: the goals every holder of the job gets per period.")

    def action_open_sales_goal_generate_wizard(self):
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window',
            'name': self.env._("Generate Goals"),
            'res_model': 'sales.goal.generate.wizard',
            'view_mode': 'form',
            'target': 'new',
            'context': {'default_job_id': self.id},
        }
