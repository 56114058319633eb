#!/usr/bin/env bash
# Lint only: ruff and pylint-odoo (also part of scripts/test.sh).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
find_odoo
ensure_venv
run_lint
