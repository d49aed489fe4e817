/**
 * Parquet billing files (FOCUS 1.0–1.2 exports, AWS CUR 2.0), read with hyparquet one row group at a time so
 * memory stays bounded by the largest row group, not the file. Values arrive typed: INT64 as BigInt,
 * timestamps as Date, MAP columns as objects; the sink converts them. Compressed pages (snappy, gzip, zstd,
 * brotli, lz4) go through hyparquet-compressors.
 */
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'
import { ApiError } from '../../../shared/errors'
import { hashFile } from '../source/byte-source'
import type { Cell } from './billing-sink'

export interface ParquetRowHandler {
  header: (h: string[]) => void
  /** `at` is the 1-based data row. */
  row: (r: Cell[], at: number) => void
  /** Called after each row group; the reader waits for a returned promise (the writer's back-pressure). */
  progress: (rowsDone: number, rowsTotal: number) => void | Promise<void>
}

function damaged(fileName: string, err: unknown): ApiError {
  const msg = (err as Error)?.message ?? String(err)
  return new ApiError({
    code: 'bad-file',
    message: `${fileName}: not a readable Parquet file (${msg}) — truncated or damaged? Nothing was imported.`,
    problems: [{ file: fileName, message: `parquet: ${msg}` }],
  })
}

/** Streams rows to `h`; returns the sha256 of the file's bytes (hashed first: Parquet is read by ranges). */
export async function readParquetRows(path: string, fileName: string, h: ParquetRowHandler): Promise<string> {
  const hash = await hashFile(path)
  const file = await asyncBufferFromFile(path)
  let metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>
  try {
    metadata = await parquetMetadataAsync(file)
  } catch (err) {
    throw damaged(fileName, err)
  }
  const columns = parquetSchema(metadata).children.map((c) => c.element.name)
  h.header(columns)
  const total = Number(metadata.num_rows)
  let start = 0
  for (const rg of metadata.row_groups) {
    const n = Number(rg.num_rows)
    let rows: Cell[][] = []
    try {
      await parquetRead({
        file,
        metadata,
        columns,
        rowStart: start,
        rowEnd: start + n,
        compressors,
        onComplete: (r: unknown[][]) => {
          rows = r as Cell[][]
        },
      })
    } catch (err) {
      throw damaged(fileName, err)
    }
    for (let i = 0; i < rows.length; i++) h.row(rows[i] as Cell[], start + i + 1)
    start += n
    await h.progress(start, total)
  }
  return hash
}
