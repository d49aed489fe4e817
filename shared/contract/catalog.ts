/** Contract methods: the accelerator catalog and the user's overrides. */
import { overrideSchema } from '../scenario-schemas'
import type { Catalog, CatalogOverride } from '../scenario-types'
import { call, empty, result } from './spec'

export const catalogMethods = {
  'catalog-get': call('The accelerator catalog (specs, prices, carbon, throughput) with the workspace overrides applied and marked.', empty, result<Catalog>()),
  'catalog-override': call('Set (or with value null, remove) one user figure in the catalog; defaults stay apart.', overrideSchema, result<CatalogOverride[]>()),
} as const
