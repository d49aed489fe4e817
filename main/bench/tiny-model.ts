/**
 * Builds a tiny, real, BERT-shaped sentence-embedding model folder (Hugging Face layout: config.json,
 * tokenizer.json with a WordPiece vocabulary, onnx/model.onnx) with onnx-proto, so tests and benchmarks load
 * it through the app's own offline loading code (main/classify/embedding.ts). The graph is token embeddings +
 * token-type embeddings → `last_hidden_state`; mean pooling happens in the pipeline, as for all-MiniLM-L6-v2.
 * Vectors are seeded random per token: the model knows no meaning, only which tokens two texts share.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { onnx } from 'onnx-proto'
import { rng } from '../forecast/stats'

const WORDS =
  'llama mistral mixtral qwen gemma phi falcon gpt llm chat instruct train training pretrain pretraining finetune fine tune lora qlora sft dpo rlhf ppo peft adapter serve serving server api inference batch eval evaluation vllm tgi triton sglang whisper asr speech tts voice audio transcribe transcription diffusion stable sdxl flux controlnet image generation render vision resnet yolo detection detector segmentation segment vit clip llava blip multimodal recsys recommendation recommender ranking ranker rank dlrm ctr embedding embeddings embed reranker notebook jupyter megatron deepspeed fsdp job worker text model video ocr caption captioning retrieval search ads click language code coder deepseek olmo nemotron bert t5 dino sam efficientnet convnext detr wav2vec hubert conformer xtts bark kandinsky dreambooth comfyui torchrec deepfm tower offline nightly benchmark pipeline labelling summarisation completion endpoint gateway tensorrt moe sentence transformers bge e5 mistral7b large base small medium xl turbo lite mini'.split(
    ' ',
  )

export function buildTinyEmbeddingModel(dir: string, opts: { dim?: number; seed?: number } = {}): string {
  const dim = opts.dim ?? 32
  const rand = rng(opts.seed ?? 7)
  const specials = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']
  const chars = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('')
  const vocabList = [...specials, ...new Set([...WORDS, ...chars, ...chars.map((c) => `##${c}`), '-', '.', '_', '/', ':'])]
  const vocab: Record<string, number> = Object.fromEntries(vocabList.map((t, i) => [t, i]))
  const V = vocabList.length

  const word = new Float32Array(V * dim)
  for (let i = 0; i < V; i++) {
    // Special tokens and punctuation carry no meaning: zero vectors, so they do not pull texts together.
    const blank = i < specials.length || /^[-._/:]$/.test(vocabList[i] as string)
    // Word pieces of single characters weigh less than whole words.
    const scale = (vocabList[i] as string).replace('##', '').length === 1 ? 0.08 : 1
    for (let j = 0; j < dim; j++) word[i * dim + j] = blank ? 0 : (rand() + rand() + rand() - 1.5) * scale
  }
  const type = new Float32Array(2 * dim)

  const tensor = (name: string, dims: number[], data: Float32Array): onnx.ITensorProto => ({
    name,
    dims,
    dataType: onnx.TensorProto.DataType.FLOAT,
    rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  })
  const io = (name: string, elem: number, shape: (string | number)[]): onnx.IValueInfoProto => ({
    name,
    type: { tensorType: { elemType: elem, shape: { dim: shape.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
  })
  const INT64 = onnx.TensorProto.DataType.INT64
  const FLOAT = onnx.TensorProto.DataType.FLOAT
  const model: onnx.IModelProto = {
    irVersion: 8,
    producerName: 'fleetplan-tiny-model',
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'tiny_bert',
      initializer: [tensor('word_embeddings', [V, dim], word), tensor('token_type_embeddings', [2, dim], type)],
      node: [
        { opType: 'Gather', input: ['word_embeddings', 'input_ids'], output: ['we'], name: 'gather_words' },
        { opType: 'Gather', input: ['token_type_embeddings', 'token_type_ids'], output: ['te'], name: 'gather_types' },
        { opType: 'Add', input: ['we', 'te'], output: ['last_hidden_state'], name: 'add' },
      ],
      input: [io('input_ids', INT64, ['batch', 'sequence']), io('attention_mask', INT64, ['batch', 'sequence']), io('token_type_ids', INT64, ['batch', 'sequence'])],
      output: [io('last_hidden_state', FLOAT, ['batch', 'sequence', dim])],
    },
  }
  mkdirSync(join(dir, 'onnx'), { recursive: true })
  writeFileSync(join(dir, 'onnx', 'model.onnx'), onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish())
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({ model_type: 'bert', architectures: ['BertModel'], hidden_size: dim, vocab_size: V, type_vocab_size: 2, max_position_embeddings: 512, num_hidden_layers: 0 }),
  )
  const special = (content: string) => ({ id: vocab[content], content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })
  writeFileSync(
    join(dir, 'tokenizer.json'),
    JSON.stringify({
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: specials.map(special),
      normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
      pre_tokenizer: { type: 'BertPreTokenizer' },
      post_processor: {
        type: 'TemplateProcessing',
        single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
        pair: [
          { SpecialToken: { id: '[CLS]', type_id: 0 } },
          { Sequence: { id: 'A', type_id: 0 } },
          { SpecialToken: { id: '[SEP]', type_id: 0 } },
          { Sequence: { id: 'B', type_id: 1 } },
          { SpecialToken: { id: '[SEP]', type_id: 1 } },
        ],
        special_tokens: {
          '[CLS]': { id: '[CLS]', ids: [vocab['[CLS]']], tokens: ['[CLS]'] },
          '[SEP]': { id: '[SEP]', ids: [vocab['[SEP]']], tokens: ['[SEP]'] },
        },
      },
      decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
      model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
    }),
  )
  writeFileSync(
    join(dir, 'tokenizer_config.json'),
    JSON.stringify({ tokenizer_class: 'BertTokenizer', do_lower_case: true, model_max_length: 512, cls_token: '[CLS]', sep_token: '[SEP]', pad_token: '[PAD]', unk_token: '[UNK]', mask_token: '[MASK]' }),
  )
  return dir
}
