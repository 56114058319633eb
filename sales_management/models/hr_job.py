from odoo import api, fields, models


class HrJob(models.Model):
    _inherit = 'hr.job'

    sales_kpi_template_ids = fields.One2many(
        'sales.kpi.template', 'job_id', string="KPI Templates",
        help="The duties of this position in numbers: the goals every holder of the job gets per period.")
    sales_training_course_ids = fields.Many2many(
        'sales.training.course', string="Mandatory Training",
        compute='_compute_sales_training_course_ids', inverse='_inverse_sales_training_course_ids',
        help="Courses granting a certification this position requires (its Expected Skills). Adding a course adds "
             "its certification to the position's skills; removing it removes the requirement.")

    @api.depends('job_skill_ids')
    def _compute_sales_training_course_ids(self):
        Compliance = self.env['sales.training.compliance']
        job_skills = Compliance._required_job_skills(self)
        courses = self.env['sales.training.course'].search([('skill_id', 'in', job_skills.skill_id.ids)])
        for job in self:
            required = job_skills.filtered(lambda job_skill, job=job: job_skill.job_id == job)
            job.sales_training_course_ids = courses.filtered(
                lambda course, required=required: any(course._satisfies(job_skill) for job_skill in required))

    def _inverse_sales_training_course_ids(self):
        for job in self:
            required = self.env['sales.training.compliance']._required_job_skills(job)
            current = self.env['sales.training.course'].search([('skill_id', 'in', required.skill_id.ids)]).filtered(
                lambda course, required=required: any(course._satisfies(job_skill) for job_skill in required))
            added = job.sales_training_course_ids - current
            added._check_can_be_required()
            for course in added:
                course._require_for(job)
            for course in current - job.sales_training_course_ids:
                course._release_from(job)

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

    def _refresh_sales_training_compliance(self):
        """The certificates of these jobs changed: their holders' compliance, and the courses'
        and jobs' views of the requirements, follow at once."""
        self.env['sales.training.course'].invalidate_model(['mandatory_job_ids'])
        self.invalidate_model(['sales_training_course_ids'])
        if self:
            self.env['hr.employee'].sudo().search([('job_id', 'in', self.ids)])._refresh_sales_training_compliance()
