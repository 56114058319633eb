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


def _install_decision(*, uid, apt_get, packages=("chromium", "fonts-noto-cjk")):
    """Run lib.sh's install step with a stand-in apt-get that only records its calls."""
    env = dict(os.environ, SM_AS_UID=str(uid), SM_APT_GET=str(apt_get))
    process = subprocess.run(
        ["bash", "-c", 'source scripts/lib.sh && install_system_packages "the browser tours" "$@" && echo done',
         "bash", *packages],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )
    return process


def _fake_apt_get(tmp_path, exit_code=0):
    log = tmp_path / "apt-get.log"
    script = tmp_path / "apt-get"
    script.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\nexit {exit_code}\n')
    script.chmod(0o755)
    return script, log


def test_root_installs_the_missing_packages(tmp_path):
    apt_get, log = _fake_apt_get(tmp_path)
    process = _install_decision(uid=0, apt_get=apt_get)
    assert process.returncode == 0, process.stderr
    assert process.stdout.strip() == "done"
    assert log.read_text().splitlines() == ["update -qq", "install -y -qq chromium fonts-noto-cjk"]


def test_non_root_is_told_the_command(tmp_path):
    apt_get, log = _fake_apt_get(tmp_path)
    process = _install_decision(uid=1000, apt_get=apt_get)
    assert process.returncode != 0
    assert "sudo apt-get install chromium fonts-noto-cjk" in process.stderr
    assert not log.exists(), "nothing is installed without root"


def test_other_distribution_names_the_packages(tmp_path):
    process = _install_decision(uid=0, apt_get=tmp_path / "no-apt-get-here")
    assert process.returncode != 0
    assert "no apt-get" in process.stderr
    assert "chromium, fonts-noto-cjk" in process.stderr or "chromium fonts-noto-cjk" in process.stderr


def test_unreachable_mirror_is_explained(tmp_path):
    apt_get, log = _fake_apt_get(tmp_path, exit_code=100)
    process = _install_decision(uid=0, apt_get=apt_get)
    assert process.returncode != 0
    assert "package mirror reachable" in process.stderr
    assert "sudo apt-get install chromium fonts-noto-cjk" in process.stderr
    assert log.read_text().splitlines() == ["update -qq"], "install is not attempted after a failed update"


def test_nothing_missing_installs_nothing(tmp_path):
    apt_get, log = _fake_apt_get(tmp_path)
    process = _install_decision(uid=1000, apt_get=apt_get, packages=())
    assert process.returncode == 0, process.stderr
    assert not log.exists()
