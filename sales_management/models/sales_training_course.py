from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Command, Domain


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

    # Duties: a view of the jobs' required certificates (hr.job.skill), nothing stored here
    mandatory_job_ids = fields.Many2many(
        'hr.job', string="Mandatory for Jobs", compute='_compute_mandatory_job_ids',
        inverse='_inverse_mandatory_job_ids', search='_search_mandatory_job_ids',
        help="The positions that require the certification this course grants (their Expected Skills). Adding a "
             "position here adds the certification to its skills; removing it removes the requirement.")

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
            if not course.skill_type_id.is_certification:
                raise ValidationError(self.env._(
                    "The course “%(course)s” can only grant a certification, and %(type)s is not a certification "
                    "type.", course=course.name, type=course.skill_type_id.name))
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

    @api.depends('skill_id', 'skill_level_id', 'company_id')
    def _compute_mandatory_job_ids(self):
        job_skills = self.env['sales.training.compliance']._required_job_skills().filtered(
            lambda job_skill: job_skill.skill_id in self.skill_id)
        for course in self:
            course.mandatory_job_ids = job_skills.filtered(course._satisfies).job_id.filtered(
                lambda job, course=course: not (course.company_id and job.company_id)
                or job.company_id == course.company_id)

    def _inverse_mandatory_job_ids(self):
        for course in self:
            required = course._requiring_job_skills()
            added = course.mandatory_job_ids - required.job_id
            removed = required.job_id - course.mandatory_job_ids
            if added:
                course._check_can_be_required()
            course._require_for(added)
            course._release_from(removed)

    def _search_mandatory_job_ids(self, operator, value):
        if operator not in ('in', 'any'):
            return NotImplemented
        if operator == 'any':
            jobs = self.env['hr.job'].search(value)
        else:
            jobs = self.env['hr.job'].browse([job_id for job_id in value if job_id])
        job_skills = self.env['sales.training.compliance']._required_job_skills(jobs)
        courses = self.sudo().with_context(active_test=False).search([('skill_id', 'in', job_skills.skill_id.ids)])
        return Domain('id', 'in', courses.filtered(lambda course: job_skills.filtered(course._satisfies)).ids)

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
        courses._refresh_compliance(courses.skill_id)
        return courses

    def write(self, vals):
        skills = self.skill_id
        result = super().write(vals)
        if {'skill_id', 'skill_level_id', 'active', 'company_id', 'sequence'} & set(vals):
            self._refresh_compliance(skills | self.skill_id)
        return result

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_view_sessions(self):
        """Open the sessions of this course, new ones default to it."""
        self.ensure_one()
        self.check_access('read')
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

    def _satisfies(self, job_skill):
        """Whether the certification this course grants meets the requirement `job_skill`."""
        self.ensure_one()
        return (self.skill_id == job_skill.skill_id
                and self.skill_level_id.level_progress >= job_skill.skill_level_id.level_progress)

    def _check_can_be_required(self):
        """Only a course granting a certification can be required by a position."""
        for course in self.filtered(lambda course: not course.skill_id):
            raise ValidationError(self.env._(
                "The course “%(course)s” grants no certification, so no position can require it: choose the "
                "certification it grants first.", course=course.name))

    def _requiring_job_skills(self):
        """The current requirements (job skills) this course's certification meets."""
        self.ensure_one()
        if not self.skill_id:
            return self.env['hr.job.skill']
        return self.env['sales.training.compliance']._required_job_skills().filtered(self._satisfies)

    def _require_for(self, jobs):
        """Make the certification of this course a required skill of `jobs` (replacing another
        level of the same skill, as the job form does)."""
        self.ensure_one()
        for job in jobs.sudo():
            job.write({'job_skill_ids': [Command.create({
                'skill_type_id': self.skill_type_id.id,
                'skill_id': self.skill_id.id,
                'skill_level_id': self.skill_level_id.id,
            })]})

    def _release_from(self, jobs):
        """Remove the requirement of this course's certification from `jobs`."""
        self.ensure_one()
        for job_skill in self._requiring_job_skills().filtered(lambda job_skill: job_skill.job_id in jobs):
            job_skill.job_id.sudo().write({'job_skill_ids': [Command.delete(job_skill.id)]})

    def _refresh_compliance(self, skills):
        """Compliance rows name a course granting each certificate: refresh those of `skills`."""
        if not skills:
            return
        Compliance = self.env['sales.training.compliance']
        jobs = Compliance._required_job_skills().filtered(lambda job_skill: job_skill.skill_id in skills).job_id
        employees = (self.env['hr.employee'].sudo().search([('job_id', 'in', jobs.ids)])
                     | Compliance.sudo().search([('skill_id', 'in', skills.ids)]).employee_id)
        Compliance._refresh(employees)
