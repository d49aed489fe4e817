"""Reference implementations for telemetry tests, written with Python's csv/json modules only, so expected
values never come from Fleetplan's own parsers. Each subcommand prints one JSON object."""
import csv, json, sys
from collections import defaultdict


def read_series(path, ts_col, value_col, label_col):
    """{label: [(ts_seconds, value), ...]} sorted by time; empty values skipped."""
    out = defaultdict(list)
    with open(path, newline='', encoding='utf-8') as f:
        for row in csv.DictReader(f):
            v = row[value_col]
            if v == '':
                continue
            out[row[label_col]].append((float(row[ts_col]), float(v)))
    for k in out:
        out[k].sort()
    return out


def stats(series):
    samples = sum(len(p) for p in series.values())
    total = sum(v for p in series.values() for _, v in p)
    ts = [t for p in series.values() for t, _ in p]
    return {'series': len(series), 'samples': samples, 'sum': total,
            'minTs': int(round(min(ts) * 1000)), 'maxTs': int(round(max(ts) * 1000)),
            'perLabel': {k: {'count': len(p), 'sum': sum(v for _, v in p)} for k, p in series.items()}}


def cmd_csv_stats(path, ts_col, value_col, label_col):
    print(json.dumps(stats(read_series(path, ts_col, value_col, label_col))))


def top_pods(series, n):
    return sorted(series, key=lambda k: (-len(series[k]), k))[:n]


def cmd_openmetrics(path, out, t0, n, step):
    """The n pods with most samples, values in file order on a regular grid t0 + i*step (seconds)."""
    series = read_series(path, 'timestamp_anon', 'value', 'container_ip')
    pods = top_pods(series, int(n))
    t0, step = int(t0), int(step)
    expected = {}
    with open(out, 'w', encoding='utf-8') as f:
        f.write('# HELP DCGM_FI_DEV_GPU_UTIL GPU utilization (in %).\n# TYPE DCGM_FI_DEV_GPU_UTIL gauge\n')
        for i, pod in enumerate(pods):
            labels = 'gpu="0",UUID="GPU-%08d-0000-0000-0000-000000000000",modelName="NVIDIA H100 80GB HBM3",Hostname="node-%d",namespace="genai",pod="%s"' % (i, i, pod)
            for j, (_, v) in enumerate(series[pod]):
                f.write('DCGM_FI_DEV_GPU_UTIL{%s} %r %d\n' % (labels, v, t0 + j * step))
            expected[pod] = {'count': len(series[pod]), 'sum': sum(v for _, v in series[pod]),
                             'first': series[pod][0][1], 'last': series[pod][-1][1]}
        f.write('# EOF\n')
    print(json.dumps(expected))


def cmd_query_range(path, out, n, model):
    """A query_range matrix answer holding the n largest pods' real samples (values as strings)."""
    series = read_series(path, 'timestamp_anon', 'value', 'container_ip')
    pods = top_pods(series, int(n)) if int(n) > 0 else sorted(series)
    result = [{'metric': {'__name__': 'DCGM_FI_DEV_GPU_UTIL', 'pod': p, 'modelName': model, 'instance': 'node-%d:9400' % (i % 4)},
               'values': [[t, repr(v)] for t, v in series[p]]} for i, p in enumerate(pods)]
    with open(out, 'w', encoding='utf-8') as f:
        json.dump({'status': 'success', 'data': {'resultType': 'matrix', 'result': result}}, f, indent=1)
    print(json.dumps(stats({p: series[p] for p in pods})))


def cmd_otlp(path, out, n):
    """OTLP/JSON lines: one ExportMetricsServiceRequest per pod (gauge), plus one histogram metric."""
    series = read_series(path, 'timestamp_anon', 'value', 'container_ip')
    pods = top_pods(series, int(n))
    with open(out, 'w', encoding='utf-8') as f:
        for i, p in enumerate(pods):
            req = {'resourceMetrics': [{
                'resource': {'attributes': [{'key': 'k8s.pod.name', 'value': {'stringValue': p}},
                                            {'key': 'host.name', 'value': {'stringValue': 'node-%d' % i}}]},
                'scopeMetrics': [{'scope': {'name': 'dcgm', 'version': '1.0'}, 'metrics': [
                    {'name': 'gpu.utilization', 'unit': '%', 'gauge': {'dataPoints': [
                        {'attributes': [{'key': 'gpu.model', 'value': {'stringValue': 'NVIDIA A100-SXM4-80GB'}}],
                         'timeUnixNano': str(int(t) * 1000000000), 'asDouble': v} for t, v in series[p]]}},
                    {'name': 'request.latency', 'unit': 's', 'histogram': {'aggregationTemporality': 2, 'dataPoints': [
                        {'timeUnixNano': str(int(series[p][0][0]) * 1000000000), 'count': '3', 'sum': 1.5,
                         'bucketCounts': ['1', '2'], 'explicitBounds': [0.5]}]}},
                ]}]}]}
            f.write(json.dumps(req) + '\n')
    s = stats({p: series[p] for p in pods})
    print(json.dumps(s))


def cmd_rollup(path, pod, width_s):
    """Bucket averages of one pod's series: {bucket_start_ms: [avg, min, max, count]}."""
    series = read_series(path, 'timestamp_anon', 'value', 'container_ip')[pod]
    w = int(width_s) * 1000
    b = defaultdict(list)
    for t, v in series:
        ms = int(round(t * 1000))
        b[ms - ms % w].append(v)
    print(json.dumps({k: [sum(v) / len(v), min(v), max(v), len(v)] for k, v in b.items()}))


def cmd_prom_lines(path):
    """Sample lines of a Prometheus text file, and how many carry DCGM's blank sentinel (>= 2^63 - 16)."""
    n = blank = 0
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            n += 1
            if float(line.rsplit(' ', 1)[1]) >= 9223372036854775792:
                blank += 1
    print(json.dumps({'lines': n, 'blank': blank}))


if __name__ == '__main__':
    globals()['cmd_' + sys.argv[1].replace('-', '_')](*sys.argv[2:])
