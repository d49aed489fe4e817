#!/usr/bin/python3
"""Vectorised numpy implementation of Fleetplan's Monte Carlo capacity model (main/simulate/engine.ts), for the
benchmark: the same equations, vectorised over paths x pools, for models with one demand row per pool (FIFO).

Usage: /usr/bin/python3 scripts/sim_numpy.py MODEL.json PATHS  ->  one JSON line {ms, paths, kpis}
Random streams differ from the TypeScript engine (numpy PCG64 vs sfc32), so figures agree statistically, not bit
for bit; Poisson/binomial draws are numpy's exact samplers (the engine uses a normal approximation above mean 20).
"""
import json
import math
import sys
import time

import numpy as np


def week_profile(diurnal, weekend_dip):
    h = np.arange(168)
    hod = h % 24
    dow = h // 24
    v = (1 + diurnal * np.sin(2 * np.pi * (hod - 9) / 24)) * np.where(dow >= 5, 1 - weekend_dip, 1.0)
    return v * 168 / v.sum()


def simulate(m, paths, seed=12345):
    rng = np.random.default_rng(seed)
    pools = m["pools"]
    rows = m["rows"]
    streams = m["streams"]
    assert len(rows) == len(pools) and all(r["pool"] == i for i, r in enumerate(rows)), "one row per pool"
    P, R, S, T = paths, len(rows), len(streams), len(m["teams"])
    W = max(1, m["maxWaitSteps"])
    RING = W + 2
    dt, steps = m["dt"], m["steps"]
    dem = m["demand"]
    sd, phi = dem["noiseSd"], dem["phi"]
    innov = sd * math.sqrt(1 - phi * phi)
    prof = week_profile(dem["diurnalAmplitude"], dem["weekendDip"])
    steps_per_day = max(1, round(24 / dt))

    row_stream = np.array([r["stream"] for r in rows])
    st = [streams[s] for s in row_stream]
    lam_factor = np.array([r["share"] * dt / s["meanJobHours"] for r, s in zip(rows, st)])
    p_done = np.array([r["pDone"] for r in rows])
    work = np.array([s["meanJobHours"] for s in st])
    team = np.array([s["team"] for s in st])
    count = np.array([p["count"] for p in pools], dtype=float)
    p_int = np.array([p["interruptPerStep"] for p in pools])
    spot_rows = np.nonzero(p_int > 0)[0]
    base = np.array([s["base"] for s in streams])
    gpm = np.array([s["growthPctPerMonth"] for s in streams])

    growth = np.log(np.maximum(0.01, 1 + (gpm[None, :] + dem["growthSdPct"] * rng.standard_normal((P, S))) / 100)) / 730
    noise = sd * rng.standard_normal((P, S)) if sd > 0 else np.zeros((P, S))

    ring = np.zeros((P, R, RING))
    head = np.zeros((P, R), dtype=np.int64)
    head_rem = np.zeros((P, R))
    q = np.zeros((P, R))
    busy = np.zeros((P, R))
    hist = np.zeros((P * R, W + 1))
    started_rows = np.zeros(P * R)
    wait_rows = np.zeros(P * R)
    interruptions = np.zeros(P)
    demand_work = np.zeros((P, R))
    unmet_work = np.zeros((P, R))
    busy_area = np.zeros((P, R))
    flat = lambda a: a.reshape(-1)  # noqa: E731

    def push(t, a):
        empty = q == 0
        at_head = (~empty) & (head == t)
        rest = (~empty) & (~at_head)
        head[empty] = t
        head_rem[empty] = a[empty]
        head_rem[at_head] += a[at_head]
        ring[:, :, t % RING] += np.where(rest, a, 0)
        q[...] += a

    def advance_rows(idx, t):
        # idx: flat row indices whose head cohort is exhausted but which still have queued jobs.
        fh, fr, fq = flat(head), flat(head_rem), flat(q)
        ringf = ring.reshape(P * R, RING)
        active = idx
        while active.size:
            fh[active] += 1
            fr[active] = ringf[active, fh[active] % RING]
            active = active[(fr[active] == 0) & (fh[active] < t)]

    for t in range(steps):
        hours = t * dt
        if t % steps_per_day == 0:
            if sd > 0:
                noise = phi * noise + innov * rng.standard_normal((P, S))
            day_level = base[None, :] * np.exp(growth * hours + noise - sd * sd / 2)
        dcur = day_level * prof[int(hours) % 168]
        ring[:, :, t % RING] = 0
        lam = dcur[:, row_stream] * lam_factor[None, :]
        a = rng.poisson(lam).astype(float)
        demand_work += a * work[None, :]
        push(t, a)
        if spot_rows.size:
            b = busy[:, spot_rows]
            i = rng.binomial(b.astype(np.int64), p_int[spot_rows][None, :]).astype(float)
            busy[:, spot_rows] -= i
            interruptions += i.sum(axis=1)
            full = np.zeros((P, R))
            full[:, spot_rows] = i
            push(t, full)
        busy -= rng.binomial(busy.astype(np.int64), p_done[None, :])
        # Abandonment: at most the cohort of step t - W reaches the maximum wait this step.
        ab = (q > 0) & (t - head >= W)
        if ab.any():
            n = np.where(ab, head_rem, 0)
            unmet_work += n * work[None, :]
            q -= n
            head_rem[ab] = 0
            idx = np.nonzero(flat(ab & (q > 0)))[0]
            advance_rows(idx, t)
        # Starts, FIFO by arrival cohort.
        k = np.minimum(np.maximum(count[None, :] - busy, 0), q)
        busy += k
        kf = flat(k).copy()
        fh, fr, fq = flat(head), flat(head_rem), flat(q)
        ringf = ring.reshape(P * R, RING)
        active = np.nonzero(kf > 0)[0]
        while active.size:
            mtake = np.minimum(kf[active], fr[active])
            w = t - fh[active]
            hist[active, np.minimum(w, W)] += mtake
            started_rows[active] += mtake
            wait_rows[active] += mtake * w
            fr[active] -= mtake
            fq[active] -= mtake
            kf[active] -= mtake
            need = active[(fr[active] == 0) & (fq[active] > 0)]
            if need.size:
                fh[need] += 1
                fr[need] = ringf[need, fh[need] % RING]
            active = active[(kf[active] > 0) & (fq[active] > 0)]
        busy_area += busy

    # KPIs per path (the same definitions as the TypeScript engine).
    started = started_rows.reshape(P, R).sum(axis=1)
    wait_started = wait_rows.reshape(P, R).sum(axis=1)
    usd = np.array([p["usdPerAccelHour"] for p in pools])
    idle_kw = np.array([p["idleKw"] for p in pools])
    extra_kw = np.array([p["busyExtraKw"] for p in pools])
    pue = np.array([p["pue"] for p in pools])
    grid = np.array([p["gridKgPerKwh"] for p in pools])
    elec = np.array([p["electricityUsdPerKwh"] for p in pools])
    kwh = (count[None, :] * idle_kw[None, :] * steps + busy_area * extra_kw[None, :]) * dt * pue[None, :]
    cost = (count * usd * steps * dt).sum() + (kwh * elec[None, :]).sum(axis=1)
    carbon_t = (kwh * grid[None, :]).sum(axis=1) / 1000
    util = busy_area.sum(axis=1) / (count.sum() * steps)
    h = hist.reshape(P, R, W + 1).sum(axis=1)
    cum = np.cumsum(h, axis=1)
    tot = cum[:, -1:]
    p50 = np.argmax(cum >= 0.5 * tot - 1e-9, axis=1) * dt
    p95 = np.argmax(cum >= 0.95 * tot - 1e-9, axis=1) * dt
    unmet_frac = unmet_work.sum(axis=1) / np.maximum(demand_work.sum(axis=1), 1e-12)
    tdem = np.zeros((P, T))
    tun = np.zeros((P, T))
    for r in range(R):
        tdem[:, team[r]] += demand_work[:, r]
        tun[:, team[r]] += unmet_work[:, r] + q[:, r] * work[r]
    x = np.where(tdem > 0, np.maximum(0, (tdem - tun) / np.maximum(tdem, 1e-12)), 1.0)
    jain = x.sum(axis=1) ** 2 / (T * (x * x).sum(axis=1))
    return {
        "costUsd": float(np.mean(cost)),
        "utilisation": float(np.mean(util)),
        "waitP50Hours": float(np.mean(p50)),
        "waitP95Hours": float(np.mean(p95)),
        "meanWaitHours": float(np.mean(np.where(started > 0, wait_started / np.maximum(started, 1), 0) * dt)),
        "unmetFraction": float(np.mean(unmet_frac)),
        "spotInterruptions": float(np.mean(interruptions)),
        "carbonTonnes": float(np.mean(carbon_t)),
        "jain": float(np.mean(jain)),
    }


def main():
    model = json.load(open(sys.argv[1]))
    paths = int(sys.argv[2])
    batch = int(sys.argv[3]) if len(sys.argv) > 3 else paths
    t0 = time.perf_counter()
    parts = []
    done = 0
    while done < paths:
        n = min(batch, paths - done)
        parts.append((n, simulate(model, n, seed=1000 + done)))
        done += n
    ms = (time.perf_counter() - t0) * 1000
    kpis = {k: sum(n * r[k] for n, r in parts) / paths for k in parts[0][1]}
    print(json.dumps({"ms": round(ms), "paths": paths, "numpy": np.__version__, "kpis": kpis}))


if __name__ == "__main__":
    main()
