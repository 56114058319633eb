#!/usr/bin/env bash
# Benchmarks (DESIGN.md §6): one JSON line per case. Scale with SM_BENCH_* variables;
# the defaults are the design's: 200 reps, 1,000,000 leads, 200,000 orders, 10,000 goals.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_all

REPS="${SM_BENCH_REPS:-200}"
LEADS="${SM_BENCH_LEADS:-1000000}"
ORDERS="${SM_BENCH_ORDERS:-200000}"
GOALS="${SM_BENCH_GOALS:-10000}"
DB="${SM_BENCH_DB:-sales_management_bench_${LEADS}}"
if ! db_exists "$DB"; then
    clone_db "$(ensure_template nodemo)" "$DB"
    say "installing sales_management into the benchmark database $DB"
    odoo -d "$DB" -i sales_management --stop-after-init --log-level=warn
fi
say "benchmark: $REPS reps, $LEADS leads, $ORDERS orders, $GOALS goals (data built once per database)"
"$PY" "$PROJECT_ROOT/tests/bench/bench_goals.py" --db "$DB" --addons-path "$ODOO_ADDONS_PATH" \
    --reps "$REPS" --leads "$LEADS" --orders "$ORDERS" --goals "$GOALS"
