/**
 * The transparent layer of the model-type classifier: ordered regular-expression rules over a workload's
 * name, image, labels and SKU. The first rule that names a model type decides it, the first that names a
 * phase decides the phase; the answer carries the id of the rule that fired, so a person can see why.
 * Users edit the list (stored per workspace); these are the defaults.
 */
import type { ClassifyInput, ClassifyRule, ModelType, Phase } from '../../shared/explore-types'
import { MODEL_TYPES } from '../../shared/explore-types'

const LLM = '(llm|gpt|llama|mistral|mixtral|qwen|gemma|phi-?[0-9]|falcon|deepseek|olmo|bloom|starcoder|codellama|yi-[0-9]|command-?r|claude|chat|instruct|megatron|nemotron|t5|bert|roberta|opt-[0-9])'

export const DEFAULT_RULES: readonly ClassifyRule[] = [
  { id: 'diffusion', field: 'any', pattern: 'stable-?diffusion|sdxl|sd-?(1\\.5|2\\.1|3|turbo)|diffus|flux[.-]?1|dall-?e|imagen|kandinsky|controlnet|txt2img|img2img|comfyui|automatic1111', modelType: 'diffusion' },
  { id: 'speech', field: 'any', pattern: 'whisper|\\basr\\b|speech|\\btts\\b|text-to-speech|wav2vec|hubert|voice|audio|transcri|parakeet|seamless|xtts|bark-', modelType: 'speech' },
  { id: 'multimodal', field: 'any', pattern: 'llava|blip|\\bvlm\\b|multi-?modal|qwen-?vl|qwen2-vl|idefics|pali-?gemma|siglip|vision-language|kosmos|(^|[^a-z])clip([^a-z]|$)|open-?clip|pixtral|molmo', modelType: 'multimodal' },
  { id: 'vision', field: 'any', pattern: '(^|[^a-z])vit([^a-z]|$)|resnet|yolo|detr|sam-vit|segment-anything|dinov?2|efficientnet|convnext|mask-?rcnn|detectron|image-?classif|object-?detect|\\bocr\\b|mobilenet|swin|vision', modelType: 'vision' },
  { id: 'recommender', field: 'any', pattern: 'recsys|recommend|dlrm|deepfm|wide-?and-?deep|two-?tower|\\bctr\\b|dcn-?v2|torchrec|hstu|ranker', modelType: 'recommender' },
  { id: 'text-embedding', field: 'any', pattern: 'embed|(^|[^a-z])e5-|bge-|gte-|sentence-transformers|minilm|mpnet|rerank', modelType: 'other', phase: 'inference', note: 'text embeddings and rerankers' },
  { id: 'llm-fine-tune', field: 'any', pattern: `^(?=.*${LLM})(?=.*(fine-?tun|lora|qlora|\\bsft\\b|-sft|dpo|rlhf|ppo|peft|adapter|alignment))`, modelType: 'llm-fine-tune', phase: 'training' },
  { id: 'llm-training', field: 'any', pattern: `^(?=.*${LLM})(?=.*(pre-?train|train|megatron|fsdp|deepspeed|nemo-?run|torchtitan))`, modelType: 'llm-training', phase: 'training' },
  { id: 'llm-serving', field: 'any', pattern: `${LLM}|vllm|text-generation|\\btgi\\b|sglang|tensorrt-?llm|lmdeploy|llama\\.?cpp|ollama`, modelType: 'llm-inference' },
  { id: 'trainium', field: 'sku', pattern: 'trn[12]|trainium', phase: 'training' },
  { id: 'inferentia', field: 'sku', pattern: 'inf[12]|inferentia', phase: 'inference' },
  { id: 'notebook', field: 'any', pattern: 'jupyter|notebook|colab|devbox|dev-box|workbench', modelType: 'other', phase: 'training', note: 'interactive development' },
  { id: 'training-words', field: 'any', pattern: 'train|fine-?tun|lora|\\bsft\\b|pretrain|epoch|fsdp|deepspeed|torchrun|kohya|horovod', phase: 'training' },
  { id: 'batch-words', field: 'any', pattern: 'batch|offline|backfill|\\betl\\b|eval|benchmark|scor(e|ing)|nightly|cron', phase: 'batch' },
  { id: 'job-owner', field: 'labels', pattern: 'created_by_kind=(Job|CronJob)', phase: 'batch' },
  { id: 'serving-words', field: 'any', pattern: 'serv(e|ing|er)|infer|predict|\\bapi\\b|-api|endpoint|triton|online|deploy|gateway|\\btei\\b|ray-?serve|kserve|seldon|chat', phase: 'inference' },
]

/** Phase when no rule names one, from the model type. */
const PHASE_OF: Record<ModelType, Phase> = {
  'llm-training': 'training',
  'llm-fine-tune': 'training',
  'llm-inference': 'inference',
  vision: 'inference',
  diffusion: 'inference',
  speech: 'inference',
  recommender: 'inference',
  multimodal: 'inference',
  other: 'inference',
}
export const defaultPhase = (t: ModelType): Phase => PHASE_OF[t]

/** The text a rule of each field sees. Labels read as `key=value` lines. */
export function fieldText(input: ClassifyInput): Record<'name' | 'image' | 'labels' | 'sku' | 'any', string> {
  const labels = Object.entries(input.labels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join('\n')
  const name = input.name ?? ''
  const image = input.image ?? ''
  const sku = input.sku ?? ''
  const labelValues = Object.entries(input.labels ?? {})
    .filter(([k]) => !/^(team|project|owner|created_by_kind|fleetplan_demo|cost.?center)$/i.test(k))
    .map(([, v]) => v)
    .join(' ')
  return { name, image, labels, sku, any: [name, image.replace(/^[^/]*\//, ''), labelValues, sku].filter(Boolean).join(' ') }
}

export interface RuleMatch {
  modelType: ModelType | null
  phase: Phase | null
  ruleId: string | null
  phaseRuleId: string | null
}

const compiled = new Map<string, RegExp | null>()
function regex(pattern: string): RegExp | null {
  let r = compiled.get(pattern)
  if (r === undefined) {
    try {
      r = new RegExp(pattern, 'i')
    } catch {
      r = null
    }
    compiled.set(pattern, r)
  }
  return r
}

/** A rule's pattern must compile: the rule editor refuses the list otherwise, naming the rule. */
export function checkRules(rules: readonly ClassifyRule[]): { id: string; message: string }[] {
  const problems: { id: string; message: string }[] = []
  const ids = new Set<string>()
  for (const r of rules) {
    if (ids.has(r.id)) problems.push({ id: r.id, message: 'two rules have this id' })
    ids.add(r.id)
    try {
      new RegExp(r.pattern, 'i')
    } catch (err) {
      problems.push({ id: r.id, message: `pattern does not compile: ${(err as Error).message}` })
    }
    if (!r.modelType && !r.phase) problems.push({ id: r.id, message: 'a rule must name a model type, a phase, or both' })
  }
  return problems
}

export function applyRules(input: ClassifyInput, rules: readonly ClassifyRule[]): RuleMatch {
  const text = fieldText(input)
  const out: RuleMatch = { modelType: null, phase: null, ruleId: null, phaseRuleId: null }
  for (const r of rules) {
    if (out.modelType && out.phase) break
    const wantsType = r.modelType && !out.modelType
    const wantsPhase = r.phase && !out.phase
    if (!wantsType && !wantsPhase) continue
    const re = regex(r.pattern)
    if (!re || !re.test(text[r.field])) continue
    if (wantsType) {
      out.modelType = r.modelType as ModelType
      out.ruleId = r.id
    }
    if (wantsPhase) {
      out.phase = r.phase as Phase
      out.phaseRuleId = r.id
    }
  }
  return out
}

/** A tag value (`llm-training`, `LLM inference`, `vision`…) as a model type, or null when it names none. */
export function modelTypeOfTag(value: string | null | undefined): ModelType | null {
  if (!value) return null
  const v = value.trim().toLowerCase().replace(/[\s_]+/g, '-')
  if ((MODEL_TYPES as readonly string[]).includes(v)) return v as ModelType
  const synonyms: Record<string, ModelType> = {
    'llm-finetune': 'llm-fine-tune',
    'fine-tune': 'llm-fine-tune',
    'finetune': 'llm-fine-tune',
    'llm-train': 'llm-training',
    'pretraining': 'llm-training',
    'llm-serving': 'llm-inference',
    llm: 'llm-inference',
    cv: 'vision',
    'computer-vision': 'vision',
    recsys: 'recommender',
    recommendation: 'recommender',
    asr: 'speech',
    audio: 'speech',
    'image-generation': 'diffusion',
    genai: 'diffusion',
  }
  return synonyms[v] ?? null
}
