from odoo import fields, models


class HrJob(models.Model):
    _inherit = 'hr.job'

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
