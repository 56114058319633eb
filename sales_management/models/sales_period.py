"""Calendar periods of goals: bounds and splits (pure functions, no ORM)."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

PERIOD_TYPES = [
    ('year', "Year"),
    ('quarter', "Quarter"),
    ('month', "Month"),
    ('week', "Week"),
    ('custom', "Custom"),
]

# Into which sub-periods a period type splits by default.
NEXT_PERIOD_TYPE = {'year': 'quarter', 'quarter': 'month', 'month': 'week'}


def period_bounds(period_type, day):
    """(first day, last day) of the year / quarter / month / ISO week holding `day`."""
    if period_type == 'year':
        start = day.replace(month=1, day=1)
        return start, start + relativedelta(years=1, days=-1)
    if period_type == 'quarter':
        start = day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)
        return start, start + relativedelta(months=3, days=-1)
    if period_type == 'month':
        start = day.replace(day=1)
        return start, start + relativedelta(months=1, days=-1)
    if period_type == 'week':
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    raise ValueError(period_type)


def split_period(date_from, date_to, period_type):
    """The sub-periods of `period_type` covering [date_from, date_to], clipped to it.

    ISO weeks straddling a bound are cut: their day count says how partial they are."""
    periods = []
    day = date_from
    while day <= date_to:
        start, end = period_bounds(period_type, day)
        start, end = max(start, date_from), min(end, date_to)
        periods.append((start, end))
        day = end + timedelta(days=1)
    return periods


def period_label(period_type, date_from, date_to):
    """Short human label: 2026, 2026-Q3, 2026-07, 2026-W28, or the dates."""
    if period_type == 'year':
        return f"{date_from.year}"
    if period_type == 'quarter':
        return f"{date_from.year}-Q{(date_from.month - 1) // 3 + 1}"
    if period_type == 'month':
        return f"{date_from:%Y-%m}"
    if period_type == 'week':
        year, week, _weekday = date_from.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{date_from} → {date_to}"
