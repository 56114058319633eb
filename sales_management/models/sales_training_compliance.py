import logging
import time
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

COMPLIANCE_STATES = [
    ('compliant', "Compliant"),
    ('expiring', "Expiring Soon"),
    ('expired', "Expired"),
    ('missing', "Missing"),
]


class SalesTrainingCompliance(models.Model):
    """One row per employee and course mandatory for their job.

    Stored and refreshed (daily by cron, and right away when an enrollment is passed, a job's
    mandatory courses change or an employee changes job) rather than a SQL view: the state
    depends on today's date and on a per-company warning period, which a view could only take
    from the database clock; stored rows can be grouped by state, team and job in the pivot,
    carry the reminder activities and remember which expiry a reminder was already sent for.
    Screens that must be exact to the day (readiness, plans) use `_get_status` live instead.
    """
    _name = 'sales.training.compliance'
    _description = "Sales Training Compliance"
    _order = 'state_sequence, date_expiry, employee_id, course_id'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _rec_name = 'course_id'
    _check_company_auto = True

    employee_id = fields.Many2one('hr.employee', required=True, index=True, ondelete='cascade', readonly=True)
    course_id = fields.Many2one(
        'sales.training.course', required=True, index=True, ondelete='cascade', readonly=True)
    category_id = fields.Many2one(related='course_id.category_id', store=True)
    company_id = fields.Many2one('res.company', required=True, index=True, readonly=True)
    user_id = fields.Many2one(related='employee_id.user_id', store=True, string="User")
    job_id = fields.Many2one('hr.job', string="Job Position", readonly=True)
    team_id = fields.Many2one('crm.team', string="Sales Team", readonly=True)
    state = fields.Selection(COMPLIANCE_STATES, required=True, readonly=True, index=True)
    state_sequence = fields.Integer(readonly=True, export_string_translation=False)
    date_expiry = fields.Date("Valid Until", readonly=True)
    reminder_date_expiry = fields.Date(
        readonly=True, export_string_translation=False,
        help="The expiry date a reminder activity was already created for.")

    _employee_course_uniq = models.UniqueIndex("(employee_id, course_id)")

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _state_of(self, expiry, held, today, warning_days):
        """Compliance state of one certification. `expiry` is its last valid day (False: never)."""
        if not held:
            return 'missing'
        if not expiry:
            return 'compliant'
        if expiry < today:
            return 'expired'
        if expiry <= today + timedelta(days=warning_days):
            return 'expiring'
        return 'compliant'

    @api.model
    def _get_status(self, employees, jobs=None):
        """Live compliance of `employees` against the mandatory courses of `jobs`.

        :param jobs: dict employee → hr.job to measure against (default: their own job)
        :return: dict employee id → list of (course, state, expiry)
        A constant number of queries whatever the number of employees.
        """
        jobs = jobs if jobs is not None else {employee: employee.job_id for employee in employees}
        all_jobs = self.env['hr.job'].union(*jobs.values()) if jobs else self.env['hr.job']
        courses = self.env['sales.training.course'].sudo().search([('mandatory_job_ids', 'in', all_jobs.ids)])
        courses_by_job = defaultdict(lambda: self.env['sales.training.course'])
        for course in courses:
            for job in course.mandatory_job_ids:
                courses_by_job[job] |= course
        held = self.env['sales.training.enrollment']._get_valid_certifications(employees, courses)
        today = fields.Date.context_today(self)
        result = {}
        for employee in employees:
            warning_days = employee.company_id.sales_training_expiry_warning_days
            result[employee.id] = [
                (course, self._state_of(
                    held.get((employee.id, course.id)), (employee.id, course.id) in held, today, warning_days),
                 held.get((employee.id, course.id)) or False)
                for course in courses_by_job[jobs.get(employee, employee.job_id)]
                if course.company_id in (employee.company_id, self.env['res.company'])
            ]
        return result

    @api.model
    def _get_readiness(self, employees, jobs=None):
        """% of the mandatory certifications that are valid today, per employee id (100 when none)."""
        readiness = {}
        for employee_id, lines in self._get_status(employees, jobs).items():
            valid = sum(1 for __, state, __ in lines if state in ('compliant', 'expiring'))
            readiness[employee_id] = 100.0 * valid / len(lines) if lines else 100.0
        return readiness

    @api.model
    def _refresh(self, employees=None):
        """Bring the stored rows in line with jobs, mandatory courses and passed enrollments.

        :param employees: limit the refresh to these employees (default: everybody)
        """
        Compliance = self.sudo()
        if employees is None:
            jobs = self.env['sales.training.course'].sudo().search(
                [('mandatory_job_ids', '!=', False)]).mandatory_job_ids
            employees = self.env['hr.employee'].sudo().search([('job_id', 'in', jobs.ids)])
            existing = Compliance.search([('employee_id', '!=', False)])
        else:
            employees = employees.sudo().exists()
            existing = Compliance.search([('employee_id', 'in', employees.ids)])
            employees = employees.filtered('active')  # archived employees lose their rows
        existing_by_key = {(row.employee_id.id, row.course_id.id): row for row in existing}
        sequence = {state: index for index, (state, __) in enumerate(COMPLIANCE_STATES)}
        to_create, to_keep = [], Compliance
        updates = defaultdict(lambda: Compliance)
        for employee_id, lines in self._get_status(employees).items():
            employee = employees.browse(employee_id)
            for course, state, expiry in lines:
                vals = {
                    'state': state,
                    'state_sequence': sequence[state],
                    'date_expiry': expiry,
                    'job_id': employee.job_id.id,
                    'team_id': employee.user_id.sale_team_id.id,
                    'company_id': employee.company_id.id,
                }
                row = existing_by_key.get((employee_id, course.id))
                if not row:
                    to_create.append(dict(vals, employee_id=employee_id, course_id=course.id))
                    continue
                to_keep |= row
                if any(row[name].id != value if isinstance(row[name], models.BaseModel) else row[name] != value
                       for name, value in vals.items()):
                    updates[tuple(sorted(vals.items()))] |= row
        (existing - to_keep).unlink()
        for vals, rows in updates.items():
            rows.write(dict(vals))
        Compliance.create(to_create)

    @api.model
    def _cron_refresh_and_remind(self):
        """Daily: refresh every row, then remind once per person and certification before it expires."""
        started = time.monotonic()
        self._refresh()
        # Reminders about a certification that was renewed since are done.
        renewed = self.sudo().search([('reminder_date_expiry', '!=', False), ('activity_ids', '!=', False)])
        renewed.filtered(lambda r: r.reminder_date_expiry != r.date_expiry).activity_feedback(
            ['sales_management.mail_act_sales_training_expiry'], feedback=self.env._("Certification renewed."))
        rows = self.sudo().search([('state', '=', 'expiring')])
        rows = rows.filtered(lambda r: r.reminder_date_expiry != r.date_expiry)
        for row in rows:
            user = row.employee_id.user_id or row.employee_id.parent_id.user_id
            if not user:
                continue
            row.activity_schedule(
                'sales_management.mail_act_sales_training_expiry',
                date_deadline=row.date_expiry,
                summary=self.env._("Renew %(course)s", course=row.course_id.name),
                note=self.env._(
                    "The certification of %(employee)s for “%(course)s” expires on %(date)s.",
                    employee=row.employee_id.name, course=row.course_id.name, date=row.date_expiry),
                user_id=user.id,
            )
            row.reminder_date_expiry = row.date_expiry
        _logger.info("Sales training: compliance refreshed, %s expiry reminders created in %.2fs",
                     len(rows), time.monotonic() - started)
