/** Contract methods: the accelerator catalog and the user's overrides. */
import { z } from 'zod'
import { overrideSchema, scenarioSchema } from '../scenario-schemas'
import type { Catalog, CatalogOverride, PoolPrice } from '../scenario-types'
import { call, empty, result } from './spec'

export const catalogMethods = {
  'catalog-get': call('The accelerator catalog (specs, prices, carbon, throughput) with the workspace overrides applied and marked.', empty, result<Catalog>()),
  'catalog-override': call('Set (or with value null, remove) one user figure in the catalog; defaults stay apart.', overrideSchema, result<CatalogOverride[]>()),
  'pool-prices': call(
    "Every pool the scenario editor can pick, priced by the one price function the optimizer and the simulation use: fixed price + on-prem energy at a utilisation (default 80 %), with the scenario's own prices and multiplier applied.",
    z
      .object({
        priceOverrides: scenarioSchema.shape.priceOverrides,
        priceMultiplier: scenarioSchema.shape.priceMultiplier,
        onPrem: scenarioSchema.shape.onPrem,
        utilisation: z.number().min(0).max(1).default(0.8),
      })
      .strict(),
    result<PoolPrice[]>(),
  ),
} as const
