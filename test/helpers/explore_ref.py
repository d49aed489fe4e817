"""Fixtures and expected figures for the Explore end-to-end test, with Python's csv module only (never
Fleetplan's parsers). `idle-fixture DUTY OUT_OM OUT_CSV N PRICE` writes an OpenMetrics file with the N largest
Alibaba GenAI pods' real duty-cycle samples (one GPU per node `node-i`, on a 60 s grid from 2024-09-01) and a
FOCUS 1.0 CSV billing each node (AWS g5.xlarge, 1 x A10G) for every hour it reported, then prints the expected
idle cost, utilisation and billed cost."""
import csv, json, sys
from collections import defaultdict

T0 = 1725148800  # 2024-09-01T00:00:00Z
STEP = 60

HEADER = ['AvailabilityZone', 'BilledCost', 'BillingAccountId', 'BillingAccountName', 'BillingCurrency', 'BillingPeriodEnd', 'BillingPeriodStart',
          'ChargeCategory', 'ChargeClass', 'ChargeDescription', 'ChargeFrequency', 'ChargePeriodEnd', 'ChargePeriodStart', 'CommitmentDiscountCategory',
          'CommitmentDiscountId', 'CommitmentDiscountName', 'CommitmentDiscountStatus', 'CommitmentDiscountType', 'ConsumedQuantity', 'ConsumedUnit',
          'ContractedCost', 'ContractedUnitPrice', 'EffectiveCost', 'InvoiceIssuerName', 'ListCost', 'ListUnitPrice', 'PricingCategory', 'PricingQuantity',
          'PricingUnit', 'ProviderName', 'PublisherName', 'RegionId', 'RegionName', 'ResourceId', 'ResourceName', 'ResourceType', 'ServiceCategory',
          'ServiceName', 'SkuId', 'SkuPriceId', 'SubAccountId', 'SubAccountName', 'Tags']


def iso(t):
    import datetime
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime('%Y-%m-%d %H:%M:%S')


def main(duty, out_om, out_csv, n, price):
    series = defaultdict(list)
    with open(duty, newline='', encoding='utf-8') as f:
        for row in csv.DictReader(f):
            if row['value'] != '':
                series[row['container_ip']].append((float(row['timestamp_anon']), float(row['value'])))
    pods = sorted(series, key=lambda k: (-len(series[k]), k))[:int(n)]
    price = float(price)
    hours = defaultdict(list)  # (node, hour) -> values
    with open(out_om, 'w', encoding='utf-8') as f:
        f.write('# TYPE DCGM_FI_DEV_GPU_UTIL gauge\n')
        for i, pod in enumerate(pods):
            pts = sorted(series[pod])
            for j, (_, v) in enumerate(pts):
                t = T0 + j * STEP
                f.write('DCGM_FI_DEV_GPU_UTIL{gpu="0",UUID="GPU-%08d-0000-0000-0000-000000000000",modelName="NVIDIA A10G",Hostname="node-%d",namespace="genai",pod="sd-%s"} %r %d\n' % (i, i, pod[:10], v, t))
                hours[(i, (t - T0) // 3600)].append(v)
        f.write('# EOF\n')
    billed = 0.0
    idle = 0.0
    util_sum = 0.0
    with open(out_csv, 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for (node, h), vals in sorted(hours.items()):
            s, e = T0 + h * 3600, T0 + (h + 1) * 3600
            u = sum(vals) / len(vals) / 100
            billed += price
            idle += price * (1 - u)
            util_sum += u
            row = {k: '' for k in HEADER}
            row.update({'BilledCost': '%.6f' % price, 'EffectiveCost': '%.6f' % price, 'ListCost': '%.6f' % price, 'ContractedCost': '%.6f' % price,
                        'ListUnitPrice': '%.6f' % price, 'ContractedUnitPrice': '%.6f' % price, 'BillingAccountId': '999', 'BillingAccountName': 'e2e',
                        'BillingCurrency': 'USD', 'BillingPeriodStart': '2024-09-01 00:00:00', 'BillingPeriodEnd': '2024-10-01 00:00:00',
                        'ChargeCategory': 'Usage', 'ChargeDescription': 'g5.xlarge on-demand', 'ChargeFrequency': 'Usage-Based',
                        'ChargePeriodStart': iso(s), 'ChargePeriodEnd': iso(e), 'ConsumedQuantity': '1', 'ConsumedUnit': 'Hours',
                        'PricingQuantity': '1', 'PricingUnit': 'Hours', 'PricingCategory': 'Standard', 'ProviderName': 'AWS', 'PublisherName': 'AWS',
                        'InvoiceIssuerName': 'AWS', 'RegionId': 'us-east-1', 'RegionName': 'US East (N. Virginia)', 'ResourceId': 'i-node%d' % node,
                        'ResourceName': 'node-%d' % node, 'ResourceType': 'Instance', 'ServiceCategory': 'Compute', 'ServiceName': 'GenAI GPU nodes',
                        'SkuId': 'g5.xlarge', 'SkuPriceId': 'g5.xlarge|us-east-1', 'SubAccountId': '42', 'SubAccountName': 'genai-serving',
                        'Tags': json.dumps({'team': 'genai'})})
            w.writerow([row[k] for k in HEADER])
    print(json.dumps({'billed': billed, 'idle': idle, 'utilisation': util_sum / len(hours), 'nodeHours': len(hours), 'pods': len(pods)}))


if __name__ == '__main__':
    main(*sys.argv[2:]) if sys.argv[1] == 'idle-fixture' else sys.exit('usage: explore_ref.py idle-fixture DUTY OUT_OM OUT_CSV N PRICE')
