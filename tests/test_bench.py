"""`make bench` keeps working: the benchmark runs at a small scale and prints its JSON lines."""

import json
import os
import subprocess

from conftest import PROJECT_ROOT, drop_database, setting


def test_benchmark_small_scale():
    db = f"{setting('SM_TEST_DB')}_bench"
    env = dict(os.environ, SM_BENCH_DB=db, SM_BENCH_REPS="20", SM_BENCH_LEADS="5000", SM_BENCH_ORDERS="1000",
               SM_BENCH_GOALS="400")
    try:
        process = subprocess.run(["bash", "scripts/bench.sh"], cwd=PROJECT_ROOT, env=env, capture_output=True,
                                 text=True, timeout=600, check=False)
    finally:
        drop_database(db)
    assert process.returncode == 0, process.stderr
    lines = [json.loads(line) for line in process.stdout.splitlines() if line.startswith("{")]
    assert [line["case"] for line in lines] == ["weekly_new_leads", "mixed"]
    for line in lines:
        assert line["goals"] == 400
        assert line["floor_s"] > 0 and line["ours_s"] > 0 and line["peer_s"] > 0
        assert line["ours_vs_floor"] and line["peer_vs_ours"]
        # the steady-state refresh costs a few grouped queries, not one per goal
        assert line["ours_queries"] < 40
    weekly = lines[0]
    assert sum(weekly["sample_actuals"]) > 0
