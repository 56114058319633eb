import logging
import time
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, float_compare
from odoo.tools.safe_eval import safe_eval

from .sales_goal_progress import Progress, ProgressRules, goal_progress
from .sales_kpi_compute import KpiWindow, owner_key
from .sales_period import PERIOD_TYPES, period_label

_logger = logging.getLogger(__name__)

GOAL_STATUSES = [
    ('on_track', "On Track"),
    ('at_risk', "At Risk"),
    ('off_track', "Off Track"),
    ('achieved', "Achieved"),
]

# What makes a goal's quota: only whoever manages the level above sets it (record rules),
# and a write must leave the goal within what its author may set.
QUOTA_FIELDS = frozenset({'target', 'kpi_id', 'level', 'user_id', 'team_id', 'company_id', 'period_type',
                          'date_from', 'date_to', 'parent_id'})

MANAGER_GROUP = 'sales_management.group_sales_management_manager'

# A confirmed goal is refreshed once per run of the hourly cron: one refreshed more recently
# than this is up to date (a run interrupted and resumed minutes later skips it).
REFRESH_STALE_AFTER = timedelta(minutes=30)

# How many goals a risk digest names; the rest are counted.
RISK_DIGEST_LIMIT = 20

# Statuses that raise a risk alert on a confirmed goal.
RISK_STATUSES = ('at_risk', 'off_track')

# KPIs whose forecast adds the probability-weighted open pipeline.
PIPELINE_SOURCES = ('won_revenue',)


class SalesGoal(models.Model):
    _name = 'sales.goal'
    _description = "Sales Goal"
    _order = 'date_from desc, level, id'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _parent_store = True
    _check_company_auto = True
    _rec_names_search = ['name', 'kpi_id.name', 'user_id.name', 'team_id.name']

    # Identity
    name = fields.Char(
        "Title", tracking=True,
        help="Leave empty to name the goal by its KPI, owner and period, in each reader's language.")
    kpi_id = fields.Many2one('sales.kpi', string="KPI", required=True, ondelete='restrict', index=True,
                             check_company=True, tracking=True)
    unit = fields.Selection(related='kpi_id.unit')
    direction = fields.Selection(related='kpi_id.direction')
    level = fields.Selection([
        ('company', "Company"),
        ('team', "Team"),
        ('user', "Salesperson"),
    ], required=True, default='user', tracking=True)
    user_id = fields.Many2one('res.users', string="Salesperson", index='btree_not_null', tracking=True,
                              domain="[('share', '=', False)]")
    team_id = fields.Many2one(
        'crm.team', string="Sales Team", index='btree_not_null', check_company=True, tracking=True,
        compute='_compute_team_id', store=True, readonly=False, precompute=True)
    company_id = fields.Many2one('res.company', required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related='company_id.currency_id')
    color = fields.Integer()

    # Period
    period_type = fields.Selection(PERIOD_TYPES, string="Period", required=True, default='month', tracking=True)
    date_from = fields.Date("Start", required=True, tracking=True)
    date_to = fields.Date("End", required=True, tracking=True)

    # Cascade
    parent_id = fields.Many2one('sales.goal', string="Parent Goal", index=True, ondelete='restrict',
                                check_company=True, tracking=True)
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many('sales.goal', 'parent_id', string="Sub-goals")
    child_count = fields.Integer(compute='_compute_child_count', string="Sub-goal Count")
    children_target = fields.Float(
        compute='_compute_children_target', store=True, string="Sub-goals Target",
        help="Sum of the sub-goals' targets (amounts and counts), to compare with this goal's target.")
    target_mismatch = fields.Boolean(
        compute='_compute_children_target', store=True,
        help="The sub-goals' targets do not add up to this goal's target.")

    # Numbers
    target = fields.Float(required=True, tracking=True)
    weight = fields.Float(default=1.0, help="Relative weight of this goal in the owner's scorecard.")
    actual = fields.Float(readonly=True, copy=False)
    # a percentage of a row is not added nor averaged across goals (an average of percentages is not
    # the attainment of their sum): grouped rows leave it empty
    attainment = fields.Float(
        compute='_compute_progress', store=True, aggregator=None, string="Attainment (%)",
        help="Actual against target; for lower-is-better KPIs, target against actual.")
    expected_progress = fields.Float(
        compute='_compute_progress', store=True, aggregator=None, string="Expected Progress (%)",
        help="Share of the period elapsed today.")
    forecast = fields.Float(
        compute='_compute_progress', store=True,
        help="End-of-period value at the current pace (run-rate); for won revenue, the actual plus the "
             "probability-weighted open pipeline due in the period when that is higher.")
    pipeline = fields.Float(
        readonly=True, copy=False, string="Weighted Pipeline",
        help="Probability-weighted expected revenue of the open opportunities due in the period.")
    status = fields.Selection(GOAL_STATUSES, compute='_compute_progress', store=True, index=True)
    pace_needed = fields.Float(
        "Needed per Day", compute='_compute_pace_needed',
        help="What is left to reach the target, per remaining day of the period (today included).")
    can_set = fields.Boolean(
        compute='_compute_can_set', export_string_translation=False,
        help="Whether the current user sets this goal: its manager, or the leader of the team above it.")
    last_computed_at = fields.Datetime(
        "Last Computed", readonly=True, copy=False,
        help="When the numbers last changed; the hourly refresh confirms unchanged ones once a day.")

    # SMART and risk
    state = fields.Selection([
        ('draft', "Draft"),
        ('confirmed', "Confirmed"),
        ('closed', "Closed"),
        ('cancelled', "Cancelled"),
    ], default='draft', required=True, copy=False, tracking=True, index=True)
    description = fields.Html("Goal (SMART)", help="Specific, measurable, achievable, relevant and time-bound.")
    strategy_note = fields.Html("Strategy Alignment", help="How this goal serves the company strategy.")
    contingency_plan = fields.Html(help="What the owner will do to get back on track.")
    risk_alert_sent = fields.Boolean(copy=False, readonly=True)

    _check_dates = models.Constraint('CHECK(date_from <= date_to)', "A goal cannot end before it starts.")
    _check_target = models.Constraint('CHECK(target >= 0)', "A goal's target cannot be negative.")
    _check_weight = models.Constraint('CHECK(weight >= 0)', "A goal's weight cannot be negative.")
    _kpi_period_idx = models.Index("(kpi_id, company_id, date_from, date_to)")
    # a goal is split once per owner and period: two splits at once cannot both add the same sub-goal
    _child_owner_period_uniq = models.UniqueIndex(
        "(parent_id, level, user_id, team_id, date_from, date_to) NULLS NOT DISTINCT"
        " WHERE parent_id IS NOT NULL AND state != 'cancelled'",
        "This goal already has a sub-goal for this owner and period.")

    def init(self):
        # refreshes rewrite the numbers of every goal each hour: room left in each page keeps
        # those updates HOT (no index writes) while no indexed column changes
        self.env.cr.execute(SQL("ALTER TABLE sales_goal SET (fillfactor = 45)"))

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains('level', 'user_id', 'team_id')
    def _check_owner(self):
        for goal in self:
            if goal.level == 'user' and not goal.user_id:
                raise ValidationError(self.env._(
                    "The salesperson goal “%(goal)s” needs a salesperson.", goal=goal.display_name))
            if goal.level == 'team' and not goal.team_id:
                raise ValidationError(self.env._(
                    "The team goal “%(goal)s” needs a sales team.", goal=goal.display_name))
            if goal.user_id and not goal.user_id.active:
                raise ValidationError(self.env._(
                    "%(user)s is archived and cannot own the goal “%(goal)s”.",
                    user=goal.user_id.name, goal=goal.display_name))

    @api.constrains('target', 'kpi_id')
    def _check_target_value(self):
        for goal in self:
            if goal.kpi_id.direction == 'higher_better' and float_compare(goal.target, 0, precision_digits=6) <= 0:
                raise ValidationError(self.env._(
                    "The target of “%(goal)s” must be greater than zero.", goal=goal.display_name))
            if goal.kpi_id.unit == 'percent' and goal.target > 100:
                raise ValidationError(self.env._(
                    "The target of “%(goal)s” is a percentage: it cannot exceed 100.", goal=goal.display_name))

    @api.constrains('parent_id')
    def _check_parent(self):
        if self._has_cycle():
            raise ValidationError(self.env._("A goal cannot be its own sub-goal."))
        for goal in self.filtered('parent_id'):
            parent = goal.parent_id
            if goal.date_from < parent.date_from or goal.date_to > parent.date_to:
                raise ValidationError(self.env._(
                    "The period of “%(goal)s” (%(from)s to %(to)s) lies outside its parent's (%(parent_from)s to "
                    "%(parent_to)s).", goal=goal.display_name, parent_from=parent.date_from, parent_to=parent.date_to,
                    **{'from': goal.date_from, 'to': goal.date_to}))
            if goal.kpi_id != parent.kpi_id:
                raise ValidationError(self.env._(
                    "The sub-goal “%(goal)s” must measure the same KPI as its parent (%(kpi)s).",
                    goal=goal.display_name, kpi=parent.kpi_id.name))

    @api.constrains('date_from', 'date_to')
    def _check_children_period(self):
        for goal in self.filtered('child_ids'):
            if any(child.date_from < goal.date_from or child.date_to > goal.date_to for child in goal.child_ids):
                raise ValidationError(self.env._(
                    "The period of “%(goal)s” must keep every sub-goal's period inside it.", goal=goal.display_name))

    @api.constrains('target', 'parent_id')
    def _check_children_sum(self):
        parents = (self.parent_id | self.filtered('child_ids')).filtered(
            lambda goal: goal.company_id.sales_goal_block_mismatch and goal.unit != 'percent')
        for parent in parents:
            if float_compare(parent.children_target, parent.target, precision_rounding=self._target_rounding()) > 0:
                raise ValidationError(self.env._(
                    "The sub-goals of “%(goal)s” add up to %(children)s, more than its target %(target)s.",
                    goal=parent.display_name, children=parent.children_target, target=parent.target))

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends('name', 'kpi_id.name', 'level', 'user_id.name', 'team_id.name', 'company_id.name',
                 'period_type', 'date_from', 'date_to')
    @api.depends_context('lang')
    def _compute_display_name(self):
        for goal in self:
            goal.display_name = goal.name or goal._default_label()

    def _default_label(self):
        """KPI · owner · period, the KPI named in the reader's language."""
        owner = {'user': self.user_id, 'team': self.team_id, 'company': self.company_id}[self.level or 'user']
        period = self.date_from and self.date_to and period_label(self.period_type, self.date_from, self.date_to)
        return " · ".join(part for part in (self.kpi_id.name, owner.name, period) if part)

    @api.depends('user_id', 'level')
    def _compute_team_id(self):
        for goal in self:
            if goal.level == 'company':
                goal.team_id = False
            elif goal.level == 'user' and goal.user_id and not goal.team_id:
                goal.team_id = goal.user_id.sale_team_id

    @api.depends('child_ids')
    def _compute_child_count(self):
        for goal in self:
            goal.child_count = len(goal.child_ids)

    @api.depends('child_ids.target', 'target', 'unit')
    def _compute_children_target(self):
        rounding = self._target_rounding()
        for goal in self:
            goal.children_target = sum(goal.child_ids.mapped('target'))
            goal.target_mismatch = bool(
                goal.child_ids and goal.unit != 'percent'
                and float_compare(goal.children_target, goal.target, precision_rounding=rounding))

    @api.depends('actual', 'pipeline', 'target', 'date_from', 'date_to', 'kpi_id.direction', 'kpi_id.unit',
                 'kpi_id.source', 'company_id.sales_goal_at_risk_threshold',
                 'company_id.sales_goal_off_track_threshold')
    def _compute_progress(self):
        today = fields.Date.context_today(self)
        for goal in self:
            progress = goal_progress(goal.actual, goal.pipeline, goal.target, goal.date_from, goal.date_to,
                                     today=today, rules=goal._progress_rules())
            goal.update(progress._asdict())

    @api.depends('actual', 'target', 'date_from', 'date_to')
    def _compute_pace_needed(self):
        today = fields.Date.context_today(self)
        for goal in self:
            remaining_days = (goal.date_to - max(today, goal.date_from)).days + 1 if goal.date_to else 0
            left = goal.target - goal.actual
            goal.pace_needed = left / remaining_days if remaining_days > 0 and left > 0 else 0.0

    @api.depends_context('uid')
    def _compute_can_set(self):
        settable = self._filtered_access('write') if all(self._ids) else self
        for goal in self:
            goal.can_set = goal in settable

    def _progress_rules(self):
        return self._rules_for(self.kpi_id, self.company_id)

    @api.model
    def _rules_for(self, kpi, company):
        return ProgressRules(kpi.direction, kpi.unit, kpi.source in PIPELINE_SOURCES,
                             company.sales_goal_at_risk_threshold, company.sales_goal_off_track_threshold)

    def _target_rounding(self):
        return self.env.company.currency_id.rounding or 0.01

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        # no "Sales Goal created" note: it would stay in the creator's language for every reader,
        # and thousands of goals come from one split; the tracked values tell the story
        return super(SalesGoal, self.with_context(mail_create_nolog=True)).create(vals_list).with_env(self.env)

    def write(self, vals):
        result = super().write(vals)
        if QUOTA_FIELDS.intersection(vals):
            # rules are checked on the goals as they were: a leader may not move a goal
            # out of their reach (to themselves, another team, the team level)
            self.check_access('write')
        return result

    def _check_access(self, operation):
        result = super()._check_access(operation)
        # refused by a record rule while the model is open to them: a leader reaching above their teams
        if (result and operation != 'read' and not self.env.user.has_group(MANAGER_GROUP)
                and self.env['ir.model.access'].check(self._name, operation, raise_exception=False)):
            forbidden = result[0]
            return forbidden, lambda: AccessError(self.env._(
                "A quota comes from the level above: only a sales manager, or the leader of the team above it, "
                "can set these goals (never their own nor their team's): %(goals)s",
                goals=", ".join(forbidden.sudo().mapped('display_name'))))
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_children(self):
        with_children = self.filtered(lambda goal: goal.child_ids - self)
        if with_children:
            raise UserError(self.env._(
                "Delete or re-attach the sub-goals first: %(goals)s",
                goals=", ".join(with_children.mapped('display_name'))))

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_confirm(self):
        """Commit to the goals: they are measured and watched for risk."""
        self.check_access('write')
        self.filtered(lambda goal: goal.state == 'draft').state = 'confirmed'
        self._refresh_actuals()

    def action_close(self):
        """Freeze the result at the end of the period."""
        self.check_access('write')
        confirmed = self.filtered(lambda goal: goal.state == 'confirmed')
        confirmed._refresh_actuals()
        confirmed._close()

    def action_cancel(self):
        self.check_access('write')
        cancelled = self.filtered(lambda goal: goal.state in ('draft', 'confirmed'))
        cancelled.state = 'cancelled'
        cancelled.sudo().activity_unlink(['sales_management.mail_act_sales_goal_risk'])

    def action_draft(self):
        self.check_access('write')
        self.filtered(lambda goal: goal.state == 'cancelled').state = 'draft'

    def action_refresh(self):
        """Recompute the actuals now (the hourly cron does it too)."""
        self.check_access('read')
        self._refresh_actuals()

    def action_open_sources(self):
        """Open the documents that make this goal's actual, each with what it counts: their
        total is the actual, whatever the page size (all rows load, or groups sum them)."""
        self.ensure_one()
        self.check_access('read')
        facts = self.env['sales.goal.fact']._create_for_goal(self)
        action = self.env['ir.actions.act_window']._for_xml_id('sales_management.sales_goal_fact_action')
        action.update({
            'name': self.env._("Documents behind %(goal)s", goal=self.display_name),
            'domain': [('id', 'in', facts.ids)],
            'limit': max(len(facts), 80),
            # a team's or the company's number is read by who made it
            'context': {'group_by': ['user_id']} if self.level != 'user' else {},
        })
        return action

    def action_open_split_wizard(self):
        self.ensure_one()
        self.check_access('read')
        return {
            'type': 'ir.actions.act_window',
            'name': self.env._("Split Goal"),
            'res_model': 'sales.goal.split.wizard',
            'view_mode': 'form',
            'target': 'new',
            'context': {'default_goal_id': self.id},
        }

    @api.model
    def _action_open_home(self):
        """Where the app opens for the current user: leaders and managers on their teams' goals,
        reps on their own, HR on training compliance."""
        user = self.env.user
        if user.has_group('sales_management.group_sales_management_team_leader'):
            action = self.env['ir.actions.act_window']._for_xml_id('sales_management.sales_goal_action_team')
            if not user.has_group(MANAGER_GROUP):
                action['context'] = dict(safe_eval(action['context']), search_default_my_teams=1)
            return action
        if user.has_group('sales_management.group_sales_management_user'):
            return self.env['ir.actions.act_window']._for_xml_id('sales_management.sales_goal_action_my')
        return self.env['ir.actions.act_window']._for_xml_id('sales_management.sales_training_compliance_action')

    def action_open_children(self):
        self.ensure_one()
        self.check_access('read')
        action = self.env['ir.actions.act_window']._for_xml_id('sales_management.sales_goal_action')
        action.update({
            'name': self.env._("Sub-goals of %(goal)s", goal=self.display_name),
            'domain': [('parent_id', '=', self.id)],
            'context': {'default_parent_id': self.id, 'default_kpi_id': self.kpi_id.id},
            'view_mode': 'list,kanban,form',
            'views': [(False, 'list'), (False, 'kanban'), (False, 'form')],
        })
        return action

    @api.model
    def _settable_users(self, users):
        """Those of `users` whose goals the current user may set: all for a manager; for a
        team leader, the members of the teams they lead, never themselves (the record rules
        enforce it; this spares them proposals they could not save). Computes run as superuser,
        so this asks the user, not the environment."""
        if self.env.user.has_group(MANAGER_GROUP):
            return users
        teams = self.env['crm.team'].search([('user_id', '=', self.env.uid)])
        return users & (teams.member_ids - self.env.user)

    # ------------------------------------------------------------
    # BUSINESS: actuals
    # ------------------------------------------------------------

    def _goals_sql(self, columns):
        """SELECT `columns`, then the time zone, of these goals (aliased `goal`): the time zone that
        places documents in a goal's period is its owner's, else its team leader's, else its
        company's, else UTC. The one place that says so, for one goal or thousands at once."""
        return SQL(
            """SELECT %s,
                      COALESCE(NULLIF(owner.tz, ''), NULLIF(leader.tz, ''), NULLIF(company_partner.tz, ''), 'UTC')
                 FROM sales_goal goal
                 JOIN res_company company ON company.id = goal.company_id
                 JOIN res_partner company_partner ON company_partner.id = company.partner_id
            LEFT JOIN res_users owner_user ON owner_user.id = goal.user_id
            LEFT JOIN res_partner owner ON owner.id = owner_user.partner_id
            LEFT JOIN crm_team team ON team.id = goal.team_id
            LEFT JOIN res_users leader_user ON leader_user.id = team.user_id
            LEFT JOIN res_partner leader ON leader.id = leader_user.partner_id
                WHERE goal.id = ANY(%s)""",
            columns, self.ids,
        )

    def _get_timezone(self):
        self.ensure_one()
        self.env.flush_all()
        return dict(self.env.execute_query(self._goals_sql(SQL("goal.id"))))[self.id]

    def _get_window(self):
        return KpiWindow(self.company_id, self.date_from, self.date_to, self._get_timezone(), self.period_type)

    def _owner_key(self):
        return owner_key(self.level, self.user_id.id, self.team_id.id)

    def _refresh_actuals(self):
        """Compute the actuals of these goals: one grouped query per KPI (and time zone) for all
        their periods, however many goals share them. The goals are read with one query and
        written with one: hourly refreshes of tens of thousands of goals stay cheap."""
        self.env.flush_all()
        started = time.monotonic()
        rows = [row for row in self.env.execute_query(self._goals_sql(SQL(
            """goal.id, goal.kpi_id, goal.company_id, goal.level, goal.user_id, goal.team_id, goal.date_from,
               goal.date_to, goal.period_type, goal.target, goal.state, goal.risk_alert_sent"""
        ))) if row[10] in ('draft', 'confirmed')]
        if not rows:
            return
        Kpi, Company = self.env['sales.kpi'].sudo(), self.env['res.company'].sudo()
        windows, by_scan = {}, defaultdict(list)
        for row in rows:
            _id, kpi_id, company_id, _level, _user, _team, date_from, date_to, period_type, *_rest, tz = row
            spec = (company_id, date_from, date_to, tz, period_type)
            if spec not in windows:
                windows[spec] = KpiWindow(Company.browse(company_id), date_from, date_to, tz, period_type)
            by_scan[kpi_id, company_id, tz].append((row, windows[spec]))
        today = fields.Date.context_today(self)
        columns = {name: [] for name in ('id', 'actual', 'pipeline', *Progress._fields, 'risk_alert_sent')}
        to_alert = []
        for (kpi_id, company_id, _tz), scan in by_scan.items():
            kpi = Kpi.browse(kpi_id)
            scan_windows = list({window.key(): window for _row, window in scan}.values())
            values = kpi._values_by_window(scan_windows)
            pipeline = kpi._weighted_pipelines_by_window(scan_windows) if kpi.source in PIPELINE_SOURCES else {}
            rules = self._rules_for(kpi, Company.browse(company_id))
            for row, window in scan:
                goal_id, _kpi, _company, level, user_id, team_id, *_dates, target, state, alert_sent, _tz = row
                owner = owner_key(level, user_id, team_id)
                actual = values[window.key()].get(owner, 0.0)
                weighted = pipeline.get(window.key(), {}).get(owner, 0.0)
                progress = goal_progress(actual, weighted, target, window.date_from, window.date_to,
                                         today=today, rules=rules)
                # a goal entering at risk gets an alert; one recovering may get one again later
                at_risk = state == 'confirmed' and progress.status in RISK_STATUSES
                for name, value in zip(columns, (goal_id, actual, weighted, *progress, at_risk), strict=True):
                    columns[name].append(value)
                if at_risk and not alert_sent:
                    to_alert.append(goal_id)
        self._write_progress(columns)
        self._send_risk_alerts(to_alert)
        _logger.info("Sales goals: %s actuals in %s scans in %.2fs", len(rows), len(by_scan),
                     time.monotonic() - started)

    def _write_progress(self, columns):
        """One UPDATE for all goals: the values the computes give, without one ORM write
        (and its tracking) per goal. Only goals whose numbers changed are rewritten (most
        goals of past periods do not move from one hour to the next), and the others once a
        day, so that `last_computed_at` never lies by more than that."""
        self.env.cr.execute(SQL(
            """UPDATE sales_goal
                  SET actual = v.actual, pipeline = v.pipeline, attainment = v.attainment,
                      expected_progress = v.expected_progress, forecast = v.forecast, status = v.status,
                      risk_alert_sent = v.risk_alert_sent, last_computed_at = %(now)s
                 FROM unnest(%(id)s::int[], %(actual)s::float8[], %(pipeline)s::float8[], %(attainment)s::float8[],
                             %(expected_progress)s::float8[], %(forecast)s::float8[], %(status)s::varchar[],
                             %(risk_alert_sent)s::bool[])
                      AS v(id, actual, pipeline, attainment, expected_progress, forecast, status, risk_alert_sent)
                WHERE sales_goal.id = v.id
                  AND ((sales_goal.actual, sales_goal.pipeline, sales_goal.attainment, sales_goal.expected_progress,
                        sales_goal.forecast, sales_goal.status, sales_goal.risk_alert_sent)
                       IS DISTINCT FROM (v.actual, v.pipeline, v.attainment, v.expected_progress, v.forecast,
                                         v.status, v.risk_alert_sent)
                       OR sales_goal.last_computed_at IS NULL OR sales_goal.last_computed_at < %(day_ago)s)""",
            now=self.env.cr.now(), day_ago=self.env.cr.now() - timedelta(days=1), **columns,
        ))
        self.invalidate_recordset(['actual', 'pipeline', 'attainment', 'expected_progress', 'forecast', 'status',
                                   'risk_alert_sent',
                                   'last_computed_at'])

    @api.model
    def _cron_refresh_actuals(self):
        """Hourly: refresh the confirmed goals not refreshed in this run yet, one committed batch
        per company, KPI and time zone (one scan each). An interrupted run leaves its committed
        batches done; the scheduler runs it again at once and it finishes the rest. Goals whose
        period has ended get their final numbers and are closed."""
        Cron = self.env['ir.cron']
        goals = self.search([
            ('state', '=', 'confirmed'),
            '|', ('last_computed_at', '=', False), ('last_computed_at', '<', self.env.cr.now() - REFRESH_STALE_AFTER),
        ])
        Cron._commit_progress(remaining=len(goals))
        today = fields.Date.context_today(self)
        for batch in goals._refresh_batches():
            batch._refresh_actuals()
            batch.filtered(lambda goal: goal.date_to < today)._close()
            if not Cron._commit_progress(len(batch)):
                break

    def _refresh_batches(self):
        """These goals split by company, KPI and time zone: the unit of one scan."""
        self.env.flush_all()
        batches = defaultdict(list)
        for goal_id, company_id, kpi_id, tz in self.env.execute_query(
                self._goals_sql(SQL("goal.id, goal.company_id, goal.kpi_id"))):
            batches[company_id, kpi_id, tz].append(goal_id)
        return [self.browse(ids) for _key, ids in sorted(batches.items())]

    def _close(self):
        """Freeze goals whose period is over: their status stays as it ended and their risk
        alerts are withdrawn (nothing can be saved any more)."""
        self.state = 'closed'
        self.sudo().activity_unlink(['sales_management.mail_act_sales_goal_risk'])

    # ------------------------------------------------------------
    # BUSINESS: risk alerts
    # ------------------------------------------------------------

    def _get_risk_responsible(self):
        """Who answers for this goal falling behind: the owner's team leader; for
        team and company goals, the sales director."""
        director = self.company_id.sales_director_id
        if self.level == 'user':
            leader = self.team_id.user_id
            if leader and leader != self.user_id:
                return leader
            manager = self.user_id.employee_ids[:1].parent_id.user_id
            return manager or director or self.create_uid
        if self.level == 'team':
            return director or self.team_id.user_id.employee_ids[:1].parent_id.user_id or self.create_uid
        return director or self.create_uid

    def _send_risk_alerts(self, goal_ids):
        """One activity per goal entering at risk or off track, due the day it turned; none again
        until it recovers (the refresh keeps `risk_alert_sent` in step). Thousands of goals may turn
        at once (a first refresh): the activities are stored in one statement without a
        notification each, and each responsible gets one message listing their goals.

        :param list goal_ids: the goals that just fell behind"""
        if not goal_ids:
            return
        responsibles, by_responsible = {}, defaultdict(list)
        for goal in self.env['sales.goal'].sudo().browse(goal_ids):
            # the same owner always has the same responsible: asked once per owner
            owner = (goal.level, goal.user_id, goal.team_id, goal.company_id)
            if owner not in responsibles:
                responsibles[owner] = goal._get_risk_responsible()
            by_responsible[responsibles[owner]].append(goal.id)
        by_responsible = {responsible: self.env['sales.goal'].sudo().browse(ids)
                          for responsible, ids in by_responsible.items()}
        rows = []
        for responsible, responsible_goals in by_responsible.items():
            # written in the language of whoever reads them
            goals = responsible_goals.with_context(lang=responsible.lang or self.env.lang)
            status_labels = dict(goals._fields['status']._description_selection(goals.env))
            names = dict(zip(goals.ids, goals.mapped('display_name'), strict=True))
            rows += [(
                goal.id, responsible.id, names[goal.id],
                goals.env._("%(goal)s is %(status)s: contingency plan needed",
                            goal=names[goal.id], status=status_labels[goal.status]),
                Markup("<p>%s</p>") % goals.env._(
                    "Attainment %(attainment).0f%% against %(expected).0f%% of the period elapsed. "
                    "Agree on a contingency plan with the owner and record it on the goal.",
                    attainment=goal.attainment, expected=goal.expected_progress),
            ) for goal in goals]
        self._insert_risk_activities(rows)
        for responsible, goals in by_responsible.items():
            if responsible:
                responsible._bus_send("mail.activity/updated", {"activity_created": True, "count_diff": len(goals)})
                goals._notify_risk_digest(responsible)

    def _insert_risk_activities(self, rows):
        """Store the alerts as mail.activity rows and make each responsible follow their goals, in
        one statement each: the ORM would write a hundred activities per query, and its per-record
        notification is replaced by one digest per responsible.

        :param list rows: (goal id, responsible user id, goal name, summary, note) of each alert"""
        if not rows:
            return
        goal_ids, user_ids, names, summaries, notes = (list(column) for column in zip(*rows, strict=True))
        activity_type = self.env.ref('sales_management.mail_act_sales_goal_risk')
        self.env.flush_all()
        self.env.cr.execute(SQL(
            """INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name, activity_type_id, user_id,
                                          user_tz, summary, note, date_deadline, automated, active,
                                          create_uid, create_date, write_uid, write_date)
               SELECT %(model_id)s, 'sales.goal', alert.goal_id, alert.name, %(type_id)s, alert.user_id,
                      partner.tz, alert.summary, alert.note, %(today)s, TRUE, TRUE, %(uid)s, %(now)s, %(uid)s, %(now)s
                 FROM unnest(%(goal_ids)s::int[], %(user_ids)s::int[], %(names)s::varchar[], %(summaries)s::varchar[],
                             %(notes)s::text[]) AS alert(goal_id, user_id, name, summary, note)
            LEFT JOIN res_users responsible ON responsible.id = alert.user_id
            LEFT JOIN res_partner partner ON partner.id = responsible.partner_id""",
            model_id=self.env['ir.model']._get_id('sales.goal'), type_id=activity_type.id,
            today=fields.Date.context_today(self), uid=self.env.uid, now=self.env.cr.now(), goal_ids=goal_ids,
            user_ids=user_ids, names=names, summaries=summaries, notes=[str(note) for note in notes],
        ))
        subtype_ids = self.env['mail.message.subtype']._default_subtypes('sales.goal')[0]
        self.env.cr.execute(SQL(
            """WITH followed AS (
                   INSERT INTO mail_followers (res_model, res_id, partner_id)
                   SELECT DISTINCT 'sales.goal', alert.goal_id, responsible.partner_id
                     FROM unnest(%(goal_ids)s::int[], %(user_ids)s::int[]) AS alert(goal_id, user_id)
                     JOIN res_users responsible ON responsible.id = alert.user_id
              ON CONFLICT DO NOTHING
                RETURNING id)
               INSERT INTO mail_followers_mail_message_subtype_rel (mail_followers_id, mail_message_subtype_id)
               SELECT followed.id, subtype.id FROM followed, unnest(%(subtype_ids)s::int[]) AS subtype(id)""",
            goal_ids=goal_ids, user_ids=user_ids, subtype_ids=subtype_ids,
        ))
        self.env['mail.activity'].invalidate_model()
        self.env['mail.followers'].invalidate_model()
        self.browse(goal_ids).invalidate_recordset(['activity_ids', 'message_follower_ids'])

    def _notify_risk_digest(self, responsible):
        """One message (inbox or email, as they chose) telling `responsible` which of their goals
        fell behind, instead of one per goal."""
        goals = self.with_context(lang=responsible.lang or self.env.lang)
        link = Markup('<a href="/odoo/action-sales_management.sales_goal_action_at_risk">%s</a>') % goals.env._(
            "Open Goals at Risk")
        items = Markup().join(Markup("<li>%s</li>") % goal.display_name for goal in goals[:RISK_DIGEST_LIMIT])
        more = len(goals) - RISK_DIGEST_LIMIT
        body = Markup("<p>%s</p><ul>%s</ul><p>%s %s</p>") % (
            goals.env._("%(count)s goals fell behind and wait for a contingency plan:", count=len(goals)),
            items,
            goals.env._("…and %(count)s more.", count=more) if more > 0 else "",
            link,
        )
        self.env['mail.thread'].sudo().message_notify(
            partner_ids=responsible.partner_id.ids, body=body,
            subject=goals.env._("Goals at risk: %(count)s need a contingency plan", count=len(goals)),
        )
