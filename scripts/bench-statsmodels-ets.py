#!/usr/bin/python3
"""Reference for `npm run bench -- --forecast`: Debian python3-statsmodels Holt-Winters (ExponentialSmoothing)
fitted per series, the tool a data scientist would reach for. CONFIG:
  seasonal (default): no trend, multiplicative season (additive when a series has values <= 0);
  damped: additive damped trend + additive season (textbook triple exponential smoothing).
Reads a wide CSV (id, values...; trailing empty cells), writes id,step,mean and prints one JSON line with timings.
Usage: /usr/bin/python3 scripts/bench-statsmodels-ets.py IN.csv OUT.csv H M [seasonal|damped]"""
import csv, json, sys, time, warnings

import numpy as np
from statsmodels.tsa.holtwinters import ExponentialSmoothing

warnings.filterwarnings("ignore")
src, dst, h, m = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
config = sys.argv[5] if len(sys.argv) > 5 else "seasonal"
rows = []
with open(src, newline="") as f:
    r = csv.reader(f)
    next(r)
    for line in r:
        vals = [float(v) for v in line[1:] if v != ""]
        rows.append((line[0], np.array(vals)))
t0 = time.perf_counter()
failed = 0
with open(dst, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["id", "step", "mean"])
    for sid, y in rows:
        try:
            if config == "damped":
                model = ExponentialSmoothing(y, trend="add", damped_trend=True, seasonal="add", seasonal_periods=m)
            else:
                model = ExponentialSmoothing(y, seasonal="mul" if (y > 0).all() else "add", seasonal_periods=m)
            fit = model.fit()
            fc = fit.forecast(h)
        except Exception:
            failed += 1
            fc = np.array([y[len(y) - m + (k % m)] for k in range(h)])
        for k in range(h):
            w.writerow([sid, k + 1, repr(float(fc[k]))])
secs = time.perf_counter() - t0
print(json.dumps({"impl": "statsmodels-holt-winters-" + config, "series": len(rows), "seconds": round(secs, 2), "failed": failed, "version": __import__("statsmodels").__version__}))
