"""Evidently's side of `cargo xtask bench` drift rows: DataDriftPreset of CURRENT against REFERENCE.

    python evidently_drift.py REF.csv CUR.csv [--html OUT.html]

Times `Report([DataDriftPreset()]).run(...)` only (reading the CSV files is outside, as on Hearth's
side). Prints `key value` lines like core/examples/bench_task.rs: `drift_s`, `drifted`, `columns`,
`score COLUMN VALUE` per column, `peak_rss_kb`. With --html also saves Evidently's HTML report.
"""
import resource
import sys
import time

import pandas as pd
from evidently import Report
from evidently.presets import DataDriftPreset

def main(reference_csv, current_csv, html=None):
    reference, current = pd.read_csv(reference_csv), pd.read_csv(current_csv)
    start = time.perf_counter()
    snapshot = Report([DataDriftPreset()]).run(current_data=current, reference_data=reference)
    drift_s = time.perf_counter() - start
    scores = {}
    drifted = None
    for metric in snapshot.dict()["metrics"]:
        config, value = metric["config"], metric["value"]
        if config["type"].endswith(":ValueDrift"):
            scores[config["column"]] = value
        elif config["type"].endswith(":DriftedColumnsCount"):
            drifted = int(value["count"])
    print(f"drift_s {drift_s!r}")
    print(f"drifted {drifted}")
    print(f"columns {len(scores)}")
    for column, score in scores.items():
        print(f"score {column} {float(score)!r}")
    if html:
        snapshot.save_html(html)
    print(f"peak_rss_kb {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")


if __name__ == "__main__":
    args = sys.argv[1:]
    html = args[args.index("--html") + 1] if "--html" in args else None
    main(args[0], args[1], html)
