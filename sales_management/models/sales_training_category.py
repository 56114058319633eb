from odoo import fields, models


class SalesTrainingCategory(models.Model):
    _name = 'sales.training.category'
    _description = "Sales Training Category"
    _order = 'sequence, id'

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        'res.company', index=True, help="Leave empty to share this category with every company.")
    course_ids = fields.One2many('sales.training.course', 'category_id', string="Courses")
