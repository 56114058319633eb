"""Goal progress arithmetic, as pure functions: the computed fields of sales.goal and
the batch refresh of thousands of goals share them."""

from typing import NamedTuple


class ProgressRules(NamedTuple):
    """What a goal's KPI and company say about reading its numbers."""
    direction: str        # higher_better / lower_better
    unit: str             # amount / count / percent (rates are not prorated)
    with_pipeline: bool   # the forecast may add the weighted open pipeline
    at_risk: float        # pace (%) below which a goal is at risk
    off_track: float      # pace (%) below which it is off track


class Progress(NamedTuple):
    attainment: float
    expected_progress: float
    forecast: float
    status: str


def elapsed_share(date_from, date_to, today):
    """Share of the period elapsed at the end of `today` (0 before it starts, 1 after it ends)."""
    if not (date_from and date_to) or today < date_from:
        return 0.0
    return min(1.0, ((today - date_from).days + 1) / ((date_to - date_from).days + 1))


def goal_progress(actual, pipeline, target, date_from, date_to, *, today, rules):
    elapsed = elapsed_share(date_from, date_to, today)
    lower_better = rules.direction == 'lower_better'
    # attainment: actual against target; target against actual when lower is better
    if lower_better:
        attainment = (100.0 if target else 0.0) if not actual else 100.0 * target / actual
    else:
        attainment = 100.0 * actual / target if target else 0.0
    # forecast: run-rate to the end of the period, or actual + weighted pipeline when higher
    if rules.unit == 'percent' or not elapsed:
        forecast = actual
    else:
        forecast = actual / elapsed
        if rules.with_pipeline:
            forecast = max(forecast, actual + pipeline)
    # status: pace against what is expected by now
    ended = bool(date_to) and today > date_to
    achieved = (ended and actual <= target) if lower_better else (bool(target) and actual >= target)
    if achieved:
        status = 'achieved'
    else:
        expected = target if rules.unit == 'percent' or ended else target * elapsed
        if lower_better:
            pace = 1.0 if actual <= expected else expected / actual
        else:
            pace = actual / expected if expected else 1.0
        if 100.0 * pace >= rules.at_risk:
            status = 'on_track'
        elif 100.0 * pace >= rules.off_track:
            status = 'at_risk'
        else:
            status = 'off_track'
    return Progress(attainment, 100.0 * elapsed, forecast, status)
