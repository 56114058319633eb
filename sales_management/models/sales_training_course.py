from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SalesTrainingCourse(models.Model):
    _name = 'sales.training.course'
    _description = "Sales Training Course"
    _order = 'sequence, name, id'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _check_company_auto = True

    # Identity
    name = fields.Char(required=True, translate=True, tracking=True, index='trigram')
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    category_id = fields.Many2one(
        'sales.training.category', required=True, ondelete='restrict', tracking=True)
    description = fields.Html(translate=True)
    company_id = fields.Many2one(
        'res.company', index=True, default=lambda self: self.env.company,
        help="Leave empty to share this course with every company.")
    color = fields.Integer(related='category_id.color')

    # Effort and money
    hours = fields.Float("Duration (Hours)", tracking=True)
    currency_id = fields.Many2one(
        'res.currency', compute='_compute_currency_id', export_string_translation=False)
    cost = fields.Monetary(
        "Cost per Attendee", currency_field='currency_id', tracking=True,
        help="Fee paid for every attendee (licence, material, exam).")
    passing_score = fields.Float(
        default=70.0, tracking=True, help="Lowest score (0-100) with which an attendee passes.")
    validity_months = fields.Integer(
        "Validity (Months)", tracking=True,
        help="How long the certification stays valid after passing; 0 means it never expires.")

    # Certification granted in hr_skills
    skill_type_id = fields.Many2one(
        'hr.skill.type', string="Certification Type", ondelete='restrict',
        domain=[('is_certification', '=', True)])
    skill_id = fields.Many2one(
        'hr.skill', string="Certification", ondelete='restrict',
        domain="[('skill_type_id', '=', skill_type_id)]")
    skill_level_id = fields.Many2one(
        'hr.skill.level', string="Certification Level", ondelete='restrict',
        domain="[('skill_type_id', '=', skill_type_id)]")

    # Duties
    mandatory_job_ids = fields.Many2many(
        'hr.job', 'sales_training_course_hr_job_rel', 'course_id', 'job_id',
        string="Mandatory for Jobs", check_company=True,
        help="Everybody holding one of these positions must hold a valid certification of this course.")

    session_ids = fields.One2many('sales.training.session', 'course_id', string="Sessions")
    session_count = fields.Integer(compute='_compute_session_count')

    @api.constrains('hours', 'cost', 'validity_months', 'passing_score')
    def _check_numbers(self):
        for course in self:
            if course.hours < 0 or course.cost < 0 or course.validity_months < 0:
                raise ValidationError(self.env._(
                    "The course “%(course)s” cannot have negative hours, cost or validity.", course=course.name))
            if not 0 <= course.passing_score <= 100:
                raise ValidationError(self.env._(
                    "The passing score of “%(course)s” must be between 0 and 100, not %(score)s.",
                    course=course.name, score=course.passing_score))

    @api.constrains('skill_type_id', 'skill_id', 'skill_level_id')
    def _check_certification(self):
        for course in self.filtered('skill_type_id'):
            if not (course.skill_id and course.skill_level_id):
                raise ValidationError(self.env._(
                    "The course “%(course)s” needs both a certification and a level to grant.", course=course.name))
            if (course.skill_id.skill_type_id != course.skill_type_id
                    or course.skill_level_id.skill_type_id != course.skill_type_id):
                raise ValidationError(self.env._(
                    "The certification and level of “%(course)s” must belong to the type %(type)s.",
                    course=course.name, type=course.skill_type_id.name))

    @api.depends('company_id')
    def _compute_currency_id(self):
        for course in self:
            course.currency_id = (course.company_id or self.env.company).currency_id

    def _compute_session_count(self):
        counts = dict(self.env['sales.training.session']._read_group(
            [('course_id', 'in', self.ids)], ['course_id'], ['__count']))
        for course in self:
            course.session_count = counts.get(course, 0)

    @api.onchange('skill_type_id')
    def _onchange_skill_type_id(self):
        skill_type = self.skill_type_id
        if self.skill_id.skill_type_id != skill_type:
            self.skill_id = self.env['hr.skill']
        if self.skill_level_id.skill_type_id != skill_type:
            levels = skill_type.skill_level_ids
            self.skill_level_id = levels.filtered('default_level')[:1] or levels[-1:]

    @api.model_create_multi
    def create(self, vals_list):
        courses = super().create(vals_list)
        jobs = courses.mapped('mandatory_job_ids')
        if jobs:
            self.env['sales.training.compliance']._refresh(
                self.env['hr.employee'].sudo().search([('job_id', 'in', jobs.ids)]))
        return courses

    def write(self, vals):
        result = super().write(vals)
        if {'mandatory_job_ids', 'active', 'validity_months'} & set(vals):
            self.env['sales.training.compliance']._refresh()
        return result

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_view_sessions(self):
        """Open the sessions of this course, new ones default to it."""
        self.ensure_one()
        action = self.env['ir.actions.act_window']._for_xml_id('sales_management.sales_training_session_action')
        action['domain'] = [('course_id', '=', self.id)]
        action['context'] = {'default_course_id': self.id}
        return action

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _get_expiry_date(self, date_completed):
        """Last day on which a certification obtained on `date_completed` is valid (False: never expires)."""
        self.ensure_one()
        if not self.validity_months or not date_completed:
            return False
        return fields.Date.add(date_completed, months=self.validity_months, days=-1)
