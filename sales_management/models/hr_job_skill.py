from odoo import api, models


class HrJobSkill(models.Model):
    """A job's certification skills are its training requirements: changing them refreshes the
    compliance of everybody holding the job at once."""
    _inherit = 'hr.job.skill'

    @api.model_create_multi
    def create(self, vals_list):
        job_skills = super().create(vals_list)
        job_skills._refresh_sales_training_compliance()
        return job_skills

    def write(self, vals):
        jobs = self.filtered('is_certification').job_id
        result = super().write(vals)
        (jobs | self.filtered('is_certification').job_id)._refresh_sales_training_compliance()
        return result

    def unlink(self):
        jobs = self.filtered('is_certification').job_id
        result = super().unlink()
        jobs._refresh_sales_training_compliance()
        return result

    def _refresh_sales_training_compliance(self):
        self.filtered('is_certification').job_id._refresh_sales_training_compliance()
