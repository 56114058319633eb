"""The README's commands explain what to do when Odoo is missing."""

import os
import subprocess

import pytest
from conftest import PROJECT_ROOT


@pytest.mark.parametrize("script", ["scripts/demo.sh", "scripts/test.sh"])
def test_missing_odoo_is_explained(script, tmp_path):
    env = dict(os.environ, ODOO_SRC=str(tmp_path / "no-odoo-here"))
    process = subprocess.run(
        ["bash", script], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )
    assert process.returncode != 0
    assert "is not an Odoo 19.0 source tree" in process.stderr
    assert "git clone --depth 1 --branch 19.0 https://github.com/odoo/odoo /opt/odoo" in process.stderr
    assert "error" in process.stderr


def test_odoo_source_found_from_environment():
    process = subprocess.run(
        ["bash", "-c", 'source scripts/lib.sh && find_odoo && echo "$ODOO_ADDONS_PATH"'],
        cwd=PROJECT_ROOT, env=dict(os.environ), capture_output=True, text=True, timeout=60, check=False,
    )
    assert process.returncode == 0, process.stderr
    assert process.stdout.strip().endswith(f",{PROJECT_ROOT}")
