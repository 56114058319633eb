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

    sales_training_course_ids = fields.Many2many(
        'sales.training.course', 'sales_training_course_hr_job_rel', 'job_id', 'course_id',
        string="Mandatory Training",
        help="Courses everybody in this position must hold a valid certification of.")

    def write(self, vals):
        result = super().write(vals)
        if 'sales_training_course_ids' in vals:
            self.env['sales.training.compliance']._refresh(
                self.env['hr.employee'].sudo().search([('job_id', 'in', self.ids)]))
        return result
