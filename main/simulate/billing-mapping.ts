/** How billing lines name the things a scenario is made of: provider ids, purchase options, workload classes. */
import type { PurchaseOption, WorkloadClass } from '../../shared/scenario-types'
import { WORKLOAD_CLASSES } from '../../shared/scenario-types'

const PROVIDER_IDS: [RegExp, string][] = [
  [/microsoft|azure/i, 'azure'],
  [/google|gcp/i, 'gcp'],
  [/amazon|aws/i, 'aws'],
  [/lambda/i, 'lambda'],
]

export function providerId(name: string | null): string {
  for (const [re, id] of PROVIDER_IDS) if (re.test(name ?? '')) return id
  return (name ?? 'unknown').toLowerCase().replace(/[^a-z0-9]+/g, '-')
}

/** FOCUS PricingCategory / commitment → purchase option. */
export function purchaseOption(pricingCategory: string | null, commitmentType: string | null): PurchaseOption {
  if (/dynamic/i.test(pricingCategory ?? '')) return 'spot'
  if (/committed/i.test(pricingCategory ?? '') || commitmentType) return 'reserved-1y'
  return 'on-demand'
}

/** A model-type tag → workload class (exact id, else by keyword; LLM inference when nothing matches). */
export function workloadClassOf(modelType: string | null): WorkloadClass {
  const m = (modelType ?? '').toLowerCase()
  if ((WORKLOAD_CLASSES as readonly string[]).includes(m)) return m as WorkloadClass
  if (/train|pretrain|fine-?tune/.test(m) && /llm|gpt|lm|language|foundation/.test(m)) return 'llm-training'
  if (/diffusion|image-gen|sdxl|gen/.test(m)) return 'diffusion'
  if (/vision|image|cv|detect|resnet/.test(m)) return 'vision'
  if (/speech|asr|audio|whisper|tts/.test(m)) return 'speech'
  if (/rec|rank|ctr/.test(m)) return 'recommender'
  return 'llm-inference'
}
