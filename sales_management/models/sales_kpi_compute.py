"""The KPI engine: one grouped query per KPI and time zone, for all its periods.

Every source describes its documents as *facts*: rows of
(user_id, team_id, res_id, num, den, fact_date) where res_id is the record that
makes the number (for "explain"), num the measured amount, den the denominator
of a rate and fact_date what places the fact in a period. One query scans the
facts spanning all the periods asked for, matches each day to its periods and
aggregates them with GROUPING SETS: every period answers for every rep, every
team (from the documents' team, not the current members) and the company at
once, whatever the number of goals.
"""

from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import models
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

# How facts aggregate into a value: num is summed, and a rate divides it by den; for
# distinct sources, distinct records are counted, the numerator those with num > 0.
RATE_SOURCES = {'collection_rate', 'conversion_rate', 'retention_rate'}
DISTINCT_SOURCES = {'retention_rate'}

# Sources whose fact_date is a date (the others are UTC datetimes).
DATE_SOURCES = {'invoiced_amount', 'collected_amount', 'collection_rate', 'activities_done'}
# Sources computed one period at a time (their facts depend on the period itself).
PER_WINDOW_SOURCES = {'retention_rate', 'manual'}

# Shift to the previous period, for retention ("customers of the previous period").
PREVIOUS_PERIOD = {
    'year': relativedelta(years=1),
    'quarter': relativedelta(months=3),
    'month': relativedelta(months=1),
    'week': relativedelta(weeks=1),
}


def owner_key(level, user_id, team_id):
    """The key under which the engine answers for an owner: ('user', id), ('team', id) or
    ('company', False). Goals, explain, manual values and the split wizard all build their
    keys here."""
    if level == 'user':
        return ('user', user_id)
    if level == 'team':
        return ('team', team_id)
    return ('company', False)


def grouping_key(user_grouped, team_grouped, user_id, team_id):
    """The owner a GROUPING SETS row answers for; documents without salesperson or
    team land under ('user', None) / ('team', None), which no goal asks for."""
    level = 'user' if not user_grouped else 'team' if not team_grouped else 'company'
    return owner_key(level, user_id, team_id)


class KpiWindow:
    """A period of one company as seen from one time zone.

    Dates are inclusive; `start` and `end` are the UTC datetimes bounding the
    period for datetime fields (end exclusive)."""

    __slots__ = ('company', 'date_from', 'date_to', 'end', 'period_type', 'start', 'tz')

    def __init__(self, company, date_from, date_to, tz='UTC', period_type='custom'):
        self.company = company
        self.date_from = date_from
        self.date_to = date_to
        self.tz = tz or 'UTC'
        self.period_type = period_type
        zone = pytz.timezone(self.tz)
        self.start = zone.localize(datetime.combine(date_from, time.min)).astimezone(pytz.utc).replace(tzinfo=None)
        next_day = datetime.combine(date_to + timedelta(days=1), time.min)
        self.end = zone.localize(next_day).astimezone(pytz.utc).replace(tzinfo=None)

    def previous(self):
        shift = PREVIOUS_PERIOD.get(self.period_type) or timedelta(days=(self.date_to - self.date_from).days + 1)
        return KpiWindow(self.company, self.date_from - shift, self.date_to - shift, self.tz, self.period_type)

    def key(self):
        return (self.company.id, self.date_from, self.date_to, self.tz, self.period_type)


class SalesKpi(models.Model):
    _inherit = 'sales.kpi'

    # ------------------------------------------------------------
    # ENGINE
    # ------------------------------------------------------------

    def _values_by_window(self, windows):
        """Values of this KPI in each window (same company and time zone):
        {window.key(): {('user', id) | ('team', id) | ('company', False): value}}."""
        self.ensure_one()
        if self.source in PER_WINDOW_SOURCES:
            return {window.key(): self._values_in_window(window) for window in windows}
        return self._aggregate_windows(self._get_facts_sql, windows, self._has_date_facts())

    def _values_in_window(self, window):
        """Values of this KPI in one window: {('user', id) | ('team', id) | ('company', False): value}."""
        self.ensure_one()
        if self.source == 'manual':
            return self._manual_values_in_window(window)
        if self.source not in PER_WINDOW_SOURCES:
            return self._values_by_window([window])[window.key()]
        rows = self._execute_facts(SQL(
            """SELECT GROUPING(facts.user_id), GROUPING(facts.team_id), facts.user_id, facts.team_id, %s
                 FROM (%s) AS facts
             GROUP BY GROUPING SETS ((facts.user_id), (facts.team_id), ())""",
            self._aggregates_sql(), self._get_facts_sql(window),
        ))
        return {
            grouping_key(user_grouped, team_grouped, user_id, team_id): self._facts_value(num, den)
            for user_grouped, team_grouped, user_id, team_id, num, den in rows
        }

    def _has_date_facts(self):
        """Whether fact_date is a date (else a UTC datetime)."""
        if self.source == 'custom':
            return self.date_field_id.ttype == 'date'
        return self.source in DATE_SOURCES

    def _aggregate_windows(self, facts_builder, windows, date_facts):
        """One scan of the facts spanning all `windows`: facts are first summed per owner and
        local day (periods are whole days in the windows' time zone), then each day is
        matched to the periods holding it (a hash join on the day) and grouped per period
        and owner."""
        span = KpiWindow(windows[0].company, min(w.date_from for w in windows), max(w.date_to for w in windows),
                         windows[0].tz)
        day = self._fact_day_sql(span.tz, date_facts)
        periods = SQL(", ").join(SQL("(%s, %s::date, %s::date)", index, window.date_from, window.date_to)
                                 for index, window in enumerate(windows))
        rows = self._execute_facts(SQL(
            """WITH daily AS (
                    SELECT facts.user_id, facts.team_id, %(day)s AS day, SUM(facts.num) AS num, SUM(facts.den) AS den
                      FROM (%(facts)s) AS facts
                  GROUP BY 1, 2, 3)
               SELECT period_days.idx, GROUPING(daily.user_id), GROUPING(daily.team_id), daily.user_id,
                      daily.team_id, SUM(daily.num)::float8, SUM(daily.den)::float8
                 FROM daily
                 JOIN (SELECT periods.idx, day::date AS day
                         FROM (VALUES %(periods)s) AS periods(idx, date_from, date_to),
                              generate_series(periods.date_from, periods.date_to, interval '1 day') AS day
                      ) AS period_days ON period_days.day = daily.day
             GROUP BY period_days.idx, GROUPING SETS ((daily.user_id), (daily.team_id), ())""",
            day=day, facts=facts_builder(span), periods=periods,
        ))
        results = {window.key(): {} for window in windows}
        for index, user_grouped, team_grouped, user_id, team_id, num, den in rows:
            key = grouping_key(user_grouped, team_grouped, user_id, team_id)
            results[windows[index].key()][key] = self._facts_value(num, den)
        return results

    @staticmethod
    def _fact_day_sql(tz, date_facts):
        """The local day of `facts.fact_date` in time zone `tz`."""
        if date_facts:
            return SQL("facts.fact_date")
        if tz == 'UTC':  # datetimes are stored in UTC: no conversion per row
            return SQL("facts.fact_date::date")
        return SQL("(facts.fact_date AT TIME ZONE 'UTC' AT TIME ZONE %s)::date", tz)

    def _execute_facts(self, query):
        # facts queries read columns of several models directly: pending ORM writes must reach the database
        self.env.flush_all()
        # The planner cannot estimate the per-day groups and overestimates these queries by
        # orders of magnitude, so PostgreSQL's JIT would spend longer compiling than running
        # them: it is switched off for the rest of the transaction, in the same round trip.
        return self.env.execute_query(SQL("SET LOCAL jit = off; %s", query))

    def _facts_value(self, num, den):
        if self.source in RATE_SOURCES:
            return 100.0 * (num or 0.0) / den if den else 0.0
        return float(num or 0.0)

    def _aggregates_sql(self):
        if self.source in DISTINCT_SOURCES:
            return SQL("COUNT(DISTINCT facts.res_id) FILTER (WHERE facts.num > 0), COUNT(DISTINCT facts.res_id)")
        return SQL("SUM(facts.num), SUM(facts.den)")

    def _get_facts_sql(self, window):
        """SQL selecting (user_id, team_id, res_id, num, den, fact_date) for this KPI's documents in `window`."""
        return getattr(self, f'_facts_{self.source}')(window)

    def _get_facts_model(self):
        """The model whose records res_id points to (what "explain" opens)."""
        self.ensure_one()
        return {
            'won_revenue': 'crm.lead', 'won_count': 'crm.lead', 'conversion_rate': 'crm.lead',
            'order_amount': 'sale.order', 'invoiced_amount': 'account.move', 'collected_amount': 'account.move',
            'collection_rate': 'account.move', 'new_customers': 'res.partner', 'retention_rate': 'res.partner',
            'activities_done': 'mail.activity', 'manual': 'sales.kpi.value',
        }.get(self.source) or self.model_id.model

    def _get_facts_ids(self, window, owner):
        """Ids of the records making the value of `owner` (an engine key: ('user', id),
        ('team', id) or ('company', False)) in `window`."""
        self.ensure_one()
        if self.source == 'manual':
            return self._manual_values(window, owner).ids
        return [row[2] for row in self._get_facts_by_record(window, owner)]

    def _get_facts_by_record(self, window, owner):
        """What each record counts for `owner` in `window`, from the same facts as the value:
        rows (user_id, team_id, res_id, num, den, local day of its first fact)."""
        self.ensure_one()
        if self.source == 'manual':
            return [(value.user_id.id, value.team_id.id, value.id, value.value, None, value.date)
                    for value in self._manual_values(window, owner)]
        level, owner_id = owner
        condition = (SQL("TRUE") if level == 'company'
                     else SQL("facts.%s = %s", SQL.identifier(f'{level}_id'), owner_id))
        return self._execute_facts(SQL(
            """SELECT facts.user_id, facts.team_id, facts.res_id, SUM(facts.num)::float8, SUM(facts.den)::float8,
                      MIN(%s)
                 FROM (%s) AS facts
                WHERE %s
             GROUP BY facts.user_id, facts.team_id, facts.res_id
             ORDER BY 6, 3""",
            self._fact_day_sql(window.tz, self._has_date_facts()), self._get_facts_sql(window), condition,
        ))

    # ------------------------------------------------------------
    # SOURCES
    # ------------------------------------------------------------

    def _search_query(self, model, domain):
        records = self.env[model].sudo().with_context(active_test=False)
        return records._search(Domain.AND([domain]))

    def _lead_closed_query(self, window, won_status):
        return self._search_query('crm.lead', [
            ('company_id', '=', window.company.id),
            ('type', '=', 'opportunity'),
            ('won_status', 'in', won_status),
            ('date_closed', '>=', window.start),
            ('date_closed', '<', window.end),
        ])

    def _facts_won_revenue(self, window):
        query = self._lead_closed_query(window, ['won'])
        return query.select(SQL(
            "crm_lead.user_id, crm_lead.team_id, crm_lead.id AS res_id,"
            " crm_lead.expected_revenue AS num, NULL::numeric AS den, crm_lead.date_closed AS fact_date"
        ))

    def _facts_won_count(self, window):
        query = self._lead_closed_query(window, ['won'])
        return query.select(SQL(
            "crm_lead.user_id, crm_lead.team_id, crm_lead.id AS res_id, 1 AS num, NULL::numeric AS den,"
            " crm_lead.date_closed AS fact_date"
        ))

    def _facts_conversion_rate(self, window):
        query = self._lead_closed_query(window, ['won', 'lost'])
        return query.select(SQL(
            "crm_lead.user_id, crm_lead.team_id, crm_lead.id AS res_id,"
            " (crm_lead.won_status = 'won')::int AS num, 1 AS den, crm_lead.date_closed AS fact_date"
        ))

    def _confirmed_orders_query(self, window):
        return self._search_query('sale.order', [
            ('company_id', '=', window.company.id),
            ('state', '=', 'sale'),
            ('date_order', '>=', window.start),
            ('date_order', '<', window.end),
        ])

    def _facts_order_amount(self, window):
        # currency_rate converts company currency into the order's, at the order date
        return self._confirmed_orders_query(window).select(SQL(
            "sale_order.user_id, sale_order.team_id, sale_order.id AS res_id,"
            " sale_order.amount_untaxed / COALESCE(NULLIF(sale_order.currency_rate, 0), 1) AS num,"
            " NULL::numeric AS den, sale_order.date_order AS fact_date"
        ))

    def _facts_invoiced_amount(self, window):
        # *_signed amounts are in company currency, negative on credit notes
        query = self._search_query('account.move', [
            ('company_id', '=', window.company.id),
            ('move_type', 'in', ('out_invoice', 'out_refund')),
            ('state', '=', 'posted'),
            ('invoice_date', '>=', window.date_from),
            ('invoice_date', '<=', window.date_to),
        ])
        return query.select(SQL(
            "account_move.invoice_user_id AS user_id, account_move.team_id, account_move.id AS res_id,"
            " account_move.amount_untaxed_signed AS num, NULL::numeric AS den, account_move.invoice_date AS fact_date"
        ))

    def _facts_collected_amount(self, window):
        return SQL(
            """SELECT invoice.invoice_user_id AS user_id, invoice.team_id, invoice.id AS res_id,
                      partial.amount AS num, NULL::numeric AS den, partial.max_date AS fact_date
                 FROM account_partial_reconcile partial
                 JOIN account_move_line invoice_line ON invoice_line.id = partial.debit_move_id
                 JOIN account_move invoice ON invoice.id = invoice_line.move_id
                 JOIN account_move_line payment_line ON payment_line.id = partial.credit_move_id
                 JOIN account_move payment ON payment.id = payment_line.move_id
                WHERE partial.company_id = %(company)s
                  AND partial.max_date BETWEEN %(date_from)s AND %(date_to)s
                  AND invoice.move_type = 'out_invoice' AND invoice.state = 'posted'
                  AND (payment.origin_payment_id IS NOT NULL OR payment.statement_line_id IS NOT NULL)""",
            company=window.company.id, date_from=window.date_from, date_to=window.date_to,
        )

    def _facts_collection_rate(self, window):
        query = self._search_query('account.move', [
            ('company_id', '=', window.company.id),
            ('move_type', '=', 'out_invoice'),
            ('state', '=', 'posted'),
            ('invoice_date_due', '>=', window.date_from),
            ('invoice_date_due', '<=', window.date_to),
        ])
        return query.select(SQL(
            "account_move.invoice_user_id AS user_id, account_move.team_id, account_move.id AS res_id,"
            " account_move.amount_total_signed - account_move.amount_residual_signed AS num,"
            " account_move.amount_total_signed AS den, account_move.invoice_date_due AS fact_date"
        ))

    def _facts_new_customers(self, window):
        # the customer's first confirmed order in this company, credited to its salesperson
        return SQL(
            """SELECT first_order.user_id, first_order.team_id, first_order.partner_id AS res_id,
                      1 AS num, NULL::numeric AS den, first_order.date_order AS fact_date
                 FROM (SELECT DISTINCT ON (partner.commercial_partner_id)
                              partner.commercial_partner_id AS partner_id, sale_order.user_id,
                              sale_order.team_id, sale_order.date_order
                         FROM sale_order
                         JOIN res_partner partner ON partner.id = sale_order.partner_id
                        WHERE sale_order.company_id = %(company)s AND sale_order.state = 'sale'
                     ORDER BY partner.commercial_partner_id, sale_order.date_order, sale_order.id) AS first_order
                WHERE first_order.date_order >= %(start)s AND first_order.date_order < %(end)s""",
            company=window.company.id, start=window.start, end=window.end,
        )

    def _facts_retention_rate(self, window):
        # customers of the previous period (per salesperson and team), retained when they
        # confirmed any order in this period
        previous = window.previous()
        return SQL(
            """SELECT earlier.user_id, earlier.team_id, earlier.partner_id AS res_id,
                      EXISTS (SELECT 1 FROM sale_order later
                                JOIN res_partner later_partner ON later_partner.id = later.partner_id
                               WHERE later_partner.commercial_partner_id = earlier.partner_id
                                 AND later.company_id = %(company)s AND later.state = 'sale'
                                 AND later.date_order >= %(start)s AND later.date_order < %(end)s)::int AS num,
                      1 AS den
                 FROM (SELECT DISTINCT partner.commercial_partner_id AS partner_id,
                              sale_order.user_id, sale_order.team_id
                         FROM sale_order
                         JOIN res_partner partner ON partner.id = sale_order.partner_id
                        WHERE sale_order.company_id = %(company)s AND sale_order.state = 'sale'
                          AND sale_order.date_order >= %(previous_start)s
                          AND sale_order.date_order < %(previous_end)s) AS earlier""",
            company=window.company.id, start=window.start, end=window.end,
            previous_start=previous.start, previous_end=previous.end,
        )

    def _facts_activities_done(self, window):
        # done activities are archived with their date; a lead's activity counts for the lead's team
        return SQL(
            """SELECT activity.user_id, lead.team_id, activity.id AS res_id, 1 AS num, NULL::numeric AS den,
                      activity.date_done AS fact_date
                 FROM mail_activity activity
                 JOIN res_users assignee ON assignee.id = activity.user_id
            LEFT JOIN crm_lead lead ON activity.res_model = 'crm.lead' AND lead.id = activity.res_id
                WHERE activity.active IS NOT TRUE
                  AND activity.date_done BETWEEN %(date_from)s AND %(date_to)s
                  AND COALESCE(lead.company_id, assignee.company_id) = %(company)s""",
            company=window.company.id, date_from=window.date_from, date_to=window.date_to,
        )

    def _facts_custom(self, window):
        Model = self.env[self.model_id.model]
        date_field = self.date_field_id
        if date_field.ttype == 'date':
            bounds = [(date_field.name, '>=', window.date_from), (date_field.name, '<=', window.date_to)]
        else:
            bounds = [(date_field.name, '>=', window.start), (date_field.name, '<', window.end)]
        domain = Domain.AND([safe_eval(self.domain or "[]"), bounds])
        if 'company_id' in Model._fields:
            domain &= Domain('company_id', '=', window.company.id)
        query = self._search_query(Model._name, domain)
        team = Model._fields.get('team_id')
        team_sql = (SQL.identifier(query.table, 'team_id') if team and team.comodel_name == 'crm.team' and team.store
                    else SQL("NULL::int"))
        measure = (SQL.identifier(query.table, self.measure_field_id.name) if self.measure_field_id else SQL("1"))
        return query.select(SQL(
            "%s AS user_id, %s AS team_id, %s AS res_id, %s AS num, NULL::numeric AS den, %s AS fact_date",
            SQL.identifier(query.table, self.user_field_id.name), team_sql, SQL.identifier(query.table, 'id'), measure,
            SQL.identifier(query.table, date_field.name),
        ))

    # ------------------------------------------------------------
    # MANUAL VALUES
    # ------------------------------------------------------------

    def _manual_values(self, window, owner=None):
        """The manual values of this KPI in `window`, newest first; with an owner key, only
        those entered for that owner (a team's values are those without salesperson)."""
        domain = Domain([
            ('kpi_id', '=', self.id),
            ('company_id', '=', window.company.id),
            ('date', '>=', window.date_from),
            ('date', '<=', window.date_to),
        ])
        level, owner_id = owner or (None, None)
        if level == 'user':
            domain &= Domain('user_id', '=', owner_id)
        elif level == 'team':
            domain &= Domain([('team_id', '=', owner_id), ('user_id', '=', False)])
        elif level == 'company':
            domain &= Domain([('team_id', '=', False), ('user_id', '=', False)])
        return self.env['sales.kpi.value'].sudo().search(domain, order='date desc, id desc')

    def _manual_values_in_window(self, window):
        """Manual values belong to the owner they were entered for: amounts and counts add up,
        percentages keep the latest value of the period."""
        entries = self._manual_values(window)
        values = defaultdict(float)
        seen = set()
        for entry in entries:
            key = owner_key(entry._owner_level(), entry.user_id.id, entry.team_id.id)
            if self.unit == 'percent':
                if key not in seen:
                    values[key] = entry.value
                    seen.add(key)
            else:
                values[key] += entry.value
        return dict(values)

    # ------------------------------------------------------------
    # PIPELINE (forecast)
    # ------------------------------------------------------------

    def _weighted_pipelines_by_window(self, windows):
        """Probability-weighted expected revenue of open opportunities due in each window, per owner."""
        return self._aggregate_windows(self._facts_pipeline, windows, date_facts=True)

    def _facts_pipeline(self, window):
        query = self._search_query('crm.lead', [
            ('company_id', '=', window.company.id),
            ('type', '=', 'opportunity'),
            ('active', '=', True),
            ('won_status', '=', 'pending'),
            ('date_deadline', '>=', window.date_from),
            ('date_deadline', '<=', window.date_to),
        ])
        return query.select(SQL(
            "crm_lead.user_id, crm_lead.team_id, crm_lead.id AS res_id,"
            " crm_lead.expected_revenue * crm_lead.probability / 100.0 AS num, NULL::numeric AS den,"
            " crm_lead.date_deadline AS fact_date"
        ))
