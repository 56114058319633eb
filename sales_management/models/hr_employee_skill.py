from odoo import api, models


class HrEmployeeSkill(models.Model):
    """Certificates are the one record of who is certified until when: whatever changes them
    (a course passed, HR by hand, an import) refreshes the holders' compliance at once."""
    _inherit = 'hr.employee.skill'

    @api.model_create_multi
    def create(self, vals_list):
        skills = super().create(vals_list)
        skills._refresh_sales_training_compliance()
        return skills

    def write(self, vals):
        employees = self.filtered('is_certification').employee_id
        result = super().write(vals)
        (employees | self.filtered('is_certification').employee_id)._refresh_sales_training_compliance()
        return result

    def unlink(self):
        employees = self.filtered('is_certification').employee_id
        result = super().unlink()
        employees._refresh_sales_training_compliance()
        return result

    def _refresh_sales_training_compliance(self):
        self.filtered('is_certification').employee_id._refresh_sales_training_compliance()
