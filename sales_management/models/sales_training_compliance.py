import logging
import time
from collections import defaultdict, namedtuple
from datetime import date, timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import split_every

_logger = logging.getLogger(__name__)

COMPLIANCE_STATES = [
    ('compliant', "Compliant"),
    ('expiring', "Expiring Soon"),
    ('expired', "Expired"),
    ('missing', "Missing"),
]

# States of a certificate that is valid today: they count as compliant in rates and readiness.
VALID_STATES = ('compliant', 'expiring')

# States that get a reminder: the person has something to do.
REMINDER_STATES = ('expiring', 'expired', 'missing')

# Employees refreshed, or rows reminded, per committed batch of the daily job.
COMPLIANCE_BATCH_SIZE = 200

# The horizon of the weekly digest sent to HR and managers, and how many rows it names.
DIGEST_HORIZON_DAYS = 30
DIGEST_LIMIT = 20

# One required certificate of one employee, measured on one day.
Requirement = namedtuple('Requirement', 'job_skill course state expiry certificate')


def readiness(states):
    """Share (%) of required certificates valid today; 100 when nothing is required.
    The one readiness formula: employees, development plans and compliance rates use it."""
    states = list(states)
    if not states:
        return 100.0
    return 100.0 * sum(1 for state in states if state in VALID_STATES) / len(states)


class SalesTrainingCompliance(models.Model):
    """One row per employee and certificate their job requires.

    The requirements are the job's `hr.job.skill` lines of a certification type, and who holds
    which certificate from when until when is `hr.employee.skill`, as hr_skills keeps them: a
    certificate earned through a course and one HR enters by hand count the same. Rows are
    stored (refreshed by the daily job, and at once when certificates, job requirements, courses
    or employees change) rather than a SQL view: the state depends on today and on a per-company
    warning period, and stored rows can be grouped by job, team and state, carry the reminder
    activities and remember which expiry a reminder was sent for. Screens that must be exact to
    the day (readiness, plans) use `_get_status` live instead.
    """
    _name = 'sales.training.compliance'
    _description = "Sales Training Compliance"
    _order = 'state_sequence, date_expiry, employee_id, skill_id'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _rec_name = 'skill_id'
    _check_company_auto = True

    employee_id = fields.Many2one('hr.employee', required=True, index=True, ondelete='cascade', readonly=True)
    skill_id = fields.Many2one(
        'hr.skill', string="Certificate", required=True, index=True, ondelete='cascade', readonly=True)
    skill_level_id = fields.Many2one(
        'hr.skill.level', string="Required Level", ondelete='cascade', readonly=True)
    course_id = fields.Many2one(
        'sales.training.course', index='btree_not_null', ondelete='set null', readonly=True,
        help="A course that grants this certificate (empty: no course grants it).")
    course_note = fields.Char("Training", compute='_compute_course_note')
    category_id = fields.Many2one(related='course_id.category_id', store=True)
    company_id = fields.Many2one('res.company', required=True, index=True, readonly=True)
    user_id = fields.Many2one(related='employee_id.user_id', store=True, string="User")
    job_id = fields.Many2one('hr.job', string="Job Position", readonly=True)
    team_id = fields.Many2one('crm.team', string="Sales Team", readonly=True)
    state = fields.Selection(COMPLIANCE_STATES, required=True, readonly=True, index=True)
    state_sequence = fields.Integer(readonly=True, export_string_translation=False)
    compliance_rate = fields.Float(
        "Compliance (%)", readonly=True, aggregator='avg',
        help="100 when the certificate is valid today (expiring soon included), else 0: grouped, the share "
             "of required certificates that are valid.")
    date_expiry = fields.Date("Valid Until", readonly=True)
    employee_skill_id = fields.Many2one(
        'hr.employee.skill', string="Certificate Held", ondelete='set null', readonly=True,
        help="The certificate on the employee's skills this row measures.")
    next_session_id = fields.Many2one(
        'sales.training.session', compute='_compute_next_session_id',
        help="The session the employee is enrolled in to obtain this certificate, else the next one open for "
             "enrollment of a course that grants it.")
    next_session_enrolled = fields.Boolean(
        "Enrolled in the Next Session", compute='_compute_next_session_id',
        help="The employee already holds a seat or waits for one in that session.")
    refreshed_on = fields.Date(readonly=True, export_string_translation=False)
    reminder_sent = fields.Boolean(readonly=True, export_string_translation=False)
    reminder_date_expiry = fields.Date(
        readonly=True, export_string_translation=False,
        help="The expiry of the certificate a reminder was sent for (empty: the certificate was missing).")

    _employee_skill_uniq = models.UniqueIndex("(employee_id, skill_id)")

    @api.depends('course_id')
    def _compute_course_note(self):
        for row in self:
            row.course_note = row.course_id.name or self.env._("No course grants it")

    @api.depends('skill_id', 'skill_level_id', 'company_id')
    def _compute_next_session_id(self):
        next_sessions = self._get_next_sessions()
        for row in self:
            row.next_session_id, row.next_session_enrolled = next_sessions[row.id]

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_enroll_next_session(self):
        """Enroll in the next session of a course that grants this certificate: oneself, or, for
        HR and leaders, the employee of the row."""
        self.ensure_one()
        self.check_access('read')
        session = self.next_session_id
        if not session:
            raise UserError(self.env._(
                "No session is open for enrollment to obtain “%(certificate)s” yet.", certificate=self.skill_id.name))
        if self.user_id == self.env.user:
            return session.action_enroll_self()
        action = session.action_open_enroll_wizard()
        action['context'] = dict(action['context'], default_mode='employees', default_employee_ids=self.employee_id.ids)
        return action

    # ------------------------------------------------------------
    # BUSINESS: measuring
    # ------------------------------------------------------------

    @api.model
    def _state_of(self, expiry, held, today, warning_days):
        """Compliance state of one certificate. `expiry` is its last valid day (False: never)."""
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
    def _required_job_skills(self, jobs=None):
        """The certificates `jobs` (default: every job) require today: their current job skills
        of a certification type."""
        today = fields.Date.context_today(self)
        domain = Domain([
            ('skill_type_id.is_certification', '=', True),
            ('skill_type_id.active', '=', True),
            '|', ('valid_to', '=', False), ('valid_to', '>=', today),
        ])
        if jobs is not None:
            domain &= Domain('job_id', 'in', jobs.ids)
        return self.env['hr.job.skill'].sudo().search(domain)

    @api.model
    def _get_status(self, employees, jobs=None):
        """Live compliance of `employees` against the certificates their jobs require.

        :param jobs: dict employee → hr.job to measure against (default: their own job)
        :return: dict employee id → list of Requirement (job skill, a course granting it, state,
            last valid day or False, the certificate held)
        A constant number of queries whatever the number of employees.
        """
        jobs = jobs if jobs is not None else {employee: employee.job_id for employee in employees}
        all_jobs = self.env['hr.job'].union(*jobs.values()) if jobs else self.env['hr.job']
        job_skills = self._required_job_skills(all_jobs)
        skills = job_skills.skill_id
        today = fields.Date.context_today(self)
        certificates = self.env['hr.employee.skill'].sudo().search([
            ('employee_id', 'in', employees.ids),
            ('skill_id', 'in', skills.ids),
            ('valid_from', '<=', today),
        ])
        certificates_by_key = certificates.grouped(lambda cert: (cert.employee_id.id, cert.skill_id.id))
        courses = self.env['sales.training.course'].sudo().search([('skill_id', 'in', skills.ids)])
        job_skills_by_job = job_skills.grouped('job_id')
        result = {}
        for employee in employees:
            warning_days = employee.company_id.sales_training_expiry_warning_days
            lines = []
            for job_skill in job_skills_by_job.get(jobs.get(employee, employee.job_id), []):
                held = certificates_by_key.get((employee.id, job_skill.skill_id.id), certificates.browse()).filtered(
                    lambda cert, required=job_skill.level_progress: cert.level_progress >= required)
                certificate = max(held, key=lambda cert: cert.valid_to or date.max, default=held)
                expiry = certificate.valid_to if certificate else False
                course = courses.filtered(
                    lambda c, js=job_skill, company=employee.company_id:
                        c.skill_id == js.skill_id and c.skill_level_id.level_progress >= js.level_progress
                        and c.company_id in (company, c.company_id.browse()))[:1]
                lines.append(Requirement(
                    job_skill, course, self._state_of(expiry, bool(held), today, warning_days), expiry or False,
                    certificate))
            result[employee.id] = lines
        return result

    @api.model
    def _get_readiness(self, employees, jobs=None):
        """Readiness (%) per employee id against the certificates of `jobs` (default: their own)."""
        return {
            employee_id: readiness(line.state for line in lines)
            for employee_id, lines in self._get_status(employees, jobs).items()
        }

    def _get_next_sessions(self):
        """Row id → (session, enrolled): the session open for enrollment, of a course granting the
        row's certificate in the row's company, that the employee is enrolled in (enrolled True),
        else the next one. Two queries."""
        if not self:
            return {}
        Session = self.env['sales.training.session']
        sessions = Session.sudo().search(
            Session._open_domain() & Domain('course_id.skill_id', 'in', self.skill_id.ids), order='date_start, id')
        enrolled = {(enrollment.session_id, enrollment.employee_id) for enrollment in self.env[
            'sales.training.enrollment'].sudo().search([
                ('session_id', 'in', sessions.ids), ('employee_id', 'in', self.employee_id.ids),
                ('state', '!=', 'cancelled')])}
        result = {}
        for row in self:
            candidates = sessions.filtered(
                lambda session, row=row: session.course_id.skill_id == row.skill_id
                and session.course_id.skill_level_id.level_progress >= row.skill_level_id.level_progress
                and session.company_id == row.company_id)
            mine = candidates.filtered(lambda session, row=row: (session, row.employee_id) in enrolled)[:1]
            result[row.id] = (mine or candidates[:1], bool(mine))
        return result

    @api.model
    def _employees_to_watch(self):
        """Employees holding a job that requires certificates, and those with rows to clean up."""
        jobs = self._required_job_skills().job_id
        with_rows = [employee.id for [employee] in self.sudo()._read_group([], ['employee_id'])]
        return self.env['hr.employee'].sudo().with_context(active_test=False).search(
            ['|', ('job_id', 'in', jobs.ids), ('id', 'in', with_rows)])

    @api.model
    def _refresh(self, employees=None):
        """Bring the stored rows of `employees` (default: everybody) in line with their jobs'
        required certificates and the certificates they hold, as of today. A reminder whose
        certificate was renewed or recorded since is marked done."""
        Compliance = self.sudo()
        today = fields.Date.context_today(self)
        employees = (self._employees_to_watch() if employees is None else employees).sudo().exists()
        existing = Compliance.search([('employee_id', 'in', employees.ids)])
        employees = employees.filtered('active')  # archived employees lose their rows
        existing_by_key = {(row.employee_id.id, row.skill_id.id): row for row in existing}
        sequence = {state: index for index, (state, __) in enumerate(COMPLIANCE_STATES)}
        to_create, to_keep, settled = [], Compliance, Compliance
        updates = defaultdict(lambda: Compliance)
        for employee_id, lines in self._get_status(employees).items():
            employee = employees.browse(employee_id)
            for line in lines:
                vals = {
                    'state': line.state,
                    'state_sequence': sequence[line.state],
                    'compliance_rate': readiness([line.state]),
                    'date_expiry': line.expiry,
                    'skill_level_id': line.job_skill.skill_level_id.id,
                    'course_id': line.course.id,
                    'employee_skill_id': line.certificate.id,
                    'job_id': employee.job_id.id,
                    'team_id': employee.user_id.sale_team_id.id,
                    'company_id': employee.company_id.id,
                }
                row = existing_by_key.get((employee_id, line.job_skill.skill_id.id))
                if not row:
                    to_create.append(dict(
                        vals, employee_id=employee_id, skill_id=line.job_skill.skill_id.id, refreshed_on=today))
                    continue
                to_keep |= row
                if row.reminder_sent and (line.state == 'compliant' or row.reminder_date_expiry != line.expiry):
                    settled |= row  # renewed or recorded since the reminder
                if any(row[name].id != value if isinstance(row[name], models.BaseModel) else row[name] != value
                       for name, value in vals.items()):
                    updates[tuple(sorted(vals.items()))] |= row
        (existing - to_keep).unlink()
        for vals, rows in updates.items():
            rows.write(dict(vals))
        to_keep.filtered(lambda row: row.refreshed_on != today).refreshed_on = today
        if settled:
            settled.activity_feedback(
                ['sales_management.mail_act_sales_training_expiry'],
                feedback=self.env._("The certificate was renewed or recorded."))
            settled.write({'reminder_sent': False, 'reminder_date_expiry': False})
        return Compliance.create(to_create) | to_keep

    # ------------------------------------------------------------
    # BUSINESS: reminders
    # ------------------------------------------------------------

    def _needs_reminder(self):
        return self.filtered(lambda row: row.state in REMINDER_STATES and not (
            row.reminder_sent and row.reminder_date_expiry == row.date_expiry))

    def _reminder_user(self):
        """Who is reminded: the person, else their manager, else their HR responsible."""
        employee = self.employee_id
        for user in (employee.user_id, employee.parent_id.user_id, employee.hr_responsible_id):
            if user and user.active and not user._is_superuser():
                return user
        return self.env['res.users']

    def _remind(self):
        """One reminder per person and certificate that is missing, expired or expiring soon,
        naming the next session open for enrollment of a course that grants it. A reminder about
        an older certificate of the same row is replaced; none is ever sent twice for the same
        certificate.

        :return: the activities created"""
        rows = self.sudo()._needs_reminder()
        if not rows:
            return self.env['mail.activity']
        rows.filtered('reminder_sent').activity_unlink(['sales_management.mail_act_sales_training_expiry'])
        activity_type = self.env.ref('sales_management.mail_act_sales_training_expiry')
        model_id = self.env['ir.model']._get_id(self._name)
        next_sessions = rows._get_next_sessions()
        today = fields.Date.context_today(self)
        values, reminded = [], rows.browse()
        for row in rows:
            user = row._reminder_user()
            if not user:
                continue
            reminded |= row
            translated = row.with_context(lang=user.lang or self.env.lang)
            values.append({
                'activity_type_id': activity_type.id,
                'res_model_id': model_id,
                'res_id': row.id,
                'user_id': user.id,
                'summary': translated._reminder_summary(),
                'note': translated._reminder_note(*next_sessions[row.id]),
                'date_deadline': max(row.date_expiry, today) if row.state == 'expiring' else today,
                'automated': True,
            })
        activities = self.env['mail.activity'].sudo().create(values)
        for expiry, same_expiry in reminded.grouped('date_expiry').items():
            same_expiry.write({'reminder_sent': True, 'reminder_date_expiry': expiry})
        return activities

    def _reminder_summary(self):
        if self.state == 'missing':
            return self.env._("Get certified: %(certificate)s", certificate=self.skill_id.name)
        if self.state == 'expired':
            return self.env._("Renew %(certificate)s (expired)", certificate=self.skill_id.name)
        return self.env._("Renew %(certificate)s before it expires", certificate=self.skill_id.name)

    def _reminder_note(self, session, enrolled):
        if self.state == 'missing':
            status = self.env._(
                "%(employee)s's position %(job)s requires the certificate “%(certificate)s”, which they do not hold.",
                employee=self.employee_id.name, job=self.job_id.name, certificate=self.skill_id.name)
        elif self.state == 'expired':
            status = self.env._(
                "The certificate “%(certificate)s” of %(employee)s expired on %(date)s.",
                certificate=self.skill_id.name, employee=self.employee_id.name, date=self.date_expiry)
        else:
            status = self.env._(
                "The certificate “%(certificate)s” of %(employee)s is valid until %(date)s.",
                certificate=self.skill_id.name, employee=self.employee_id.name, date=self.date_expiry)
        if session and enrolled:
            todo = self.env._("%(employee)s is enrolled in “%(session)s”.", employee=self.employee_id.name,
                              session=session.name)
        elif session:
            start = fields.Datetime.context_timestamp(self, session.date_start)
            link = Markup('<a href="/odoo/sales-training-sessions/%s">%s</a>') % (session.id, session.name)
            todo = Markup(self.env._(
                "Next session: %(session)s, starting %(date)s. Open this certificate and press Enroll to take a "
                "seat.")) % {'session': link, 'date': start.strftime('%Y-%m-%d %H:%M')}
        elif self.course_id:
            todo = self.env._("No session of “%(course)s” is planned yet: HR plans the next one.",
                              course=self.course_id.name)
        else:
            todo = self.env._("No course grants it: HR records a certificate obtained elsewhere on the employee's "
                              "skills.")
        return Markup("<p>%s</p><p>%s</p>") % (status, todo)

    @api.model
    def _rows_to_remind(self):
        return self.sudo().search([('state', 'in', REMINDER_STATES)])._needs_reminder()

    @api.model
    def _remind_due(self):
        """Remind every row due for a reminder at once (the daily job does it in committed batches)."""
        return self._rows_to_remind()._remind()

    @api.model
    def _employees_to_refresh(self):
        """Who the daily job still has to refresh today: a run interrupted earlier today resumes."""
        today = fields.Date.context_today(self)
        fresh = {employee for [employee] in self.sudo()._read_group([('refreshed_on', '=', today)], ['employee_id'])}
        stale = {employee for [employee] in self.sudo()._read_group([('refreshed_on', '!=', today)], ['employee_id'])}
        done = self.env['hr.employee'].union(*(fresh - stale)) if fresh - stale else self.env['hr.employee']
        return self._employees_to_watch() - done

    @api.model
    def _cron_refresh_and_remind(self):
        """Daily: refresh every row, then remind once per person and certificate.

        Both phases commit in batches through `ir.cron._commit_progress`. An interrupted run
        leaves its committed batches done; the next run refreshes only the employees not
        refreshed today and reminds only the rows not reminded for their certificate yet.

        :return: the reminder activities created"""
        started = time.monotonic()
        Cron = self.env['ir.cron']
        employees = self._employees_to_refresh()
        Cron._commit_progress(remaining=len(employees))
        for batch in split_every(COMPLIANCE_BATCH_SIZE, employees.ids, employees.browse):
            self._refresh(batch)
            if not Cron._commit_progress(len(batch)):
                return self.env['mail.activity']
        rows = self._rows_to_remind()
        Cron._commit_progress(remaining=len(rows))
        activities = self.env['mail.activity']
        for batch in split_every(COMPLIANCE_BATCH_SIZE, rows.ids, rows.browse):
            activities |= batch._remind()
            if not Cron._commit_progress(len(batch)):
                break
        _logger.info("Sales training: compliance of %s employees refreshed, %s reminders created in %.2fs",
                     len(employees), len(activities), time.monotonic() - started)
        return activities

    # ------------------------------------------------------------
    # BUSINESS: weekly digest
    # ------------------------------------------------------------

    def _digest_recipients(self):
        """HR responsible and manager of the row's employee (active internal users)."""
        employee = self.employee_id
        users = employee.hr_responsible_id | employee.parent_id.user_id
        return users.filtered(lambda user: user.active and not user.share and not user._is_superuser())

    @api.model
    def _expiring_by_user(self):
        """{user: rows} of the certificates expiring in the next 30 days, per HR responsible and manager."""
        today = fields.Date.context_today(self)
        rows = self.sudo().search([
            ('state', 'in', VALID_STATES), ('date_expiry', '>=', today),
            ('date_expiry', '<=', today + timedelta(days=DIGEST_HORIZON_DAYS)),
        ], order='date_expiry, id')
        by_user = defaultdict(lambda: self.sudo().browse())
        for row in rows:
            for user in row._digest_recipients():
                by_user[user] |= row
        return by_user

    @api.model
    def _send_expiry_digests(self, by_user=None):
        """Give each user of `by_user` (default: everybody due) one digest activity listing their rows,
        replacing the previous one."""
        by_user = self._expiring_by_user() if by_user is None else by_user
        activity_type = self.env.ref('sales_management.mail_act_sales_training_digest')
        today = fields.Date.context_today(self)
        Activity = self.env['mail.activity'].sudo()
        Activity.search([
            ('activity_type_id', '=', activity_type.id), ('user_id', 'in', [user.id for user in by_user]),
        ]).unlink()
        return Activity.create([rows._digest_values(user, activity_type, today) for user, rows in by_user.items()])

    @api.model
    def _cron_send_expiry_digest(self):
        """Weekly: each HR responsible and manager gets one activity listing the certificates of
        their people that expire in the next 30 days. It replaces last week's digest, so a run
        repeated or resumed after an interruption leaves one digest per person."""
        started = time.monotonic()
        by_user = self._expiring_by_user()
        Cron = self.env['ir.cron']
        Cron._commit_progress(remaining=len(by_user))
        for users in split_every(COMPLIANCE_BATCH_SIZE, list(by_user), list):
            self._send_expiry_digests({user: by_user[user] for user in users})
            if not Cron._commit_progress(len(users)):
                return
        _logger.info("Sales training: expiry digest sent to %s people in %.2fs", len(by_user),
                     time.monotonic() - started)

    def _digest_values(self, user, activity_type, today):
        rows = self.with_context(lang=user.lang or self.env.lang)
        items = Markup().join(
            Markup("<li>%s – %s – %s</li>") % (row.employee_id.name, row.skill_id.name, row.date_expiry)
            for row in rows[:DIGEST_LIMIT])
        more = len(rows) - DIGEST_LIMIT
        link = Markup('<a href="/odoo/sales-training-expiring">%s</a>') % rows.env._("Open the expiring certificates")
        return {
            'activity_type_id': activity_type.id,
            'user_id': user.id,
            'summary': rows.env._("%(count)s certificates expire in the next 30 days", count=len(rows)),
            'note': Markup("<ul>%s</ul><p>%s %s</p>") % (
                items, rows.env._("…and %(count)s more.", count=more) if more > 0 else "", link),
            'date_deadline': today,
            'automated': True,
        }
