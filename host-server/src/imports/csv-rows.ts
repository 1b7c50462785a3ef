import { createReadStream } from 'node:fs'
import { Transform, type Readable } from 'node:stream'
import { CsvError, parse } from 'csv-parse'
import type { DocPalError } from '@docpal/plugin-sdk'
import { hostCodes } from '../errors/codes.ts'
import type { ImportEncoding } from './sniff.ts'

/** One row of a file: its number as a spreadsheet shows it (the first row is 1), its cells as text. */
export interface SheetRow {
  readonly line: number
  readonly cells: ReadonlyArray<string | null>
}

/** The longest cell read: what the longest field (long text) holds. */
export const MAX_CELL = 1_000_000
/** Cells per row read; a wider row is a malformed file (PostgreSQL tables hold 1,600 columns). */
export const MAX_CELLS = 2_000
/** csv-parse's bound on one record, in characters: a few maximal cells, never the whole file. */
const MAX_RECORD = 8 * 1024 * 1024

/** A column's label in errors: its header name when known, else its number. */
export function columnLabel(header: ReadonlyArray<string | null> | undefined, index: number): string {
  const name = header?.[index]
  return name ? `'${name}'` : String(index + 1)
}

/** The checks every reader applies to a row it produced. */
export function checkRow(row: SheetRow, header: ReadonlyArray<string | null> | undefined): void {
  if (row.cells.length > MAX_CELLS) throw hostCodes.HST_ERR_IMPORT_MALFORMED(row.line, `it has ${row.cells.length} cells, more than ${MAX_CELLS}`, { path: ['rows', row.line] })
  for (let i = 0; i < row.cells.length; i++) {
    const c = row.cells[i]
    if (c && c.length > MAX_CELL) {
      throw hostCodes.HST_ERR_IMPORT_CELL_TOO_LARGE(row.line, columnLabel(header, i), MAX_CELL, { path: ['rows', row.line, header?.[i] ?? i + 1] })
    }
  }
}

function decoded(file: Readable, encoding: ImportEncoding): Readable {
  if (encoding === 'utf-8') return file
  const decoder = new TextDecoder(encoding)
  return file.pipe(
    new Transform({
      transform(chunk: Buffer, _enc, done) {
        done(null, decoder.decode(chunk, { stream: true }))
      },
      flush(done) {
        done(null, decoder.decode())
      },
    }),
  )
}

function csvError(err: CsvError, header: ReadonlyArray<string | null> | undefined): DocPalError {
  const ctx = err as CsvError & { records?: number; column?: number | string }
  const row = (ctx.records ?? 0) + 1
  if (err.code === 'CSV_MAX_RECORD_SIZE') {
    const col = typeof ctx.column === 'number' ? ctx.column : 0
    return hostCodes.HST_ERR_IMPORT_CELL_TOO_LARGE(row, columnLabel(header, col), MAX_CELL, { path: ['rows', row, header?.[col] ?? col + 1], cause: err })
  }
  return hostCodes.HST_ERR_IMPORT_MALFORMED(row, err.message.replace(/^[^:]*: /, ''), { path: ['rows', row], cause: err })
}

/**
 * The rows of a CSV or TSV file, streamed from disk in batches (blank lines skipped but counted,
 * so row numbers are the ones a spreadsheet shows). Quotes inside unquoted cells are kept as
 * text; rows may be shorter or longer than the header (the import reports longer ones).
 */
export async function* csvRows(
  path: string,
  opts: { encoding: ImportEncoding; delimiter: string; header?: ReadonlyArray<string | null> | undefined; batch?: number },
): AsyncGenerator<SheetRow[]> {
  // 64 KiB reads: csv-parse turns a whole read into records at once, and records parsed ahead wait
  // (and may be promoted to the old generation) while the previous chunk's COPY runs.
  const file = createReadStream(path, { highWaterMark: 64 * 1024 })
  const parser = parse({ delimiter: opts.delimiter, bom: true, relax_column_count: true, relax_quotes: true, max_record_size: MAX_RECORD })
  const source = decoded(file, opts.encoding)
  source.on('error', (err) => parser.destroy(err))
  source.pipe(parser)
  const size = opts.batch ?? 2_000
  let line = 0
  let batch: SheetRow[] = []
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      line++
      // Blank lines, and rows of empty cells (spreadsheets export trailing ones), are no records.
      if (cells.every((c) => c.trim() === '')) continue
      const row = { line, cells }
      checkRow(row, opts.header)
      batch.push(row)
      if (batch.length >= size) {
        yield batch
        batch = []
      }
    }
  } catch (err) {
    throw err instanceof CsvError ? csvError(err, opts.header) : err
  } finally {
    file.destroy()
    parser.destroy()
  }
  if (batch.length) yield batch
}
