import { PassThrough, Readable } from 'node:stream'
import type { ExportCell } from '@docpal/kernel'
import { loadExcelJS } from './load-exceljs.ts'

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

const TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
}

/**
 * A text cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, or a tab or carriage
 * return before one) gets a leading apostrophe, as OWASP advises against CSV injection: a
 * record's text must not run as a formula on the machine of whoever opens the export. Numbers
 * stay numbers (a negative amount is not text).
 */
export function safeCell(v: ExportCell): ExportCell {
  return typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v
}

/** `Deals.csv`: the name kept to what every file system and browser takes. */
export function exportFileName(name: string, format: ExportFormat): string {
  const safe =
    name
      .replace(/[^\p{L}\p{N} ._-]+/gu, '_')
      .trim()
      .slice(0, 100) || 'export'
  return `${safe}.${format}`
}

const NEEDS_QUOTES = /[",\r\n]/
const CSV_CHUNK_ROWS = 250

/** One CSV field as csv-stringify writes it: quoted (quotes doubled) when it holds a quote, comma or line break. */
function csvField(v: ExportCell): string {
  if (v === null) return ''
  if (typeof v !== 'string') return typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v)
  return NEEDS_QUOTES.test(v) ? `"${v.replaceAll('"', '""')}"` : v
}

/** A batch of rows as CSV text, formula-like cells escaped: one string per batch, not per row. */
export function csvText(rows: ReadonlyArray<ReadonlyArray<ExportCell>>): string {
  let out = ''
  for (const row of rows) {
    let line = ''
    for (let i = 0; i < row.length; i++) line += (i ? ',' : '') + csvField(safeCell(row[i] ?? null))
    out += line + '\n'
  }
  return out
}

/**
 * The rows as a file stream in the format asked for, produced as the client reads it (so at most
 * a batch of records is held). `first` is the first batch, already read, so that a request the
 * database refuses was refused before any byte was sent. Destroying the stream (a client that
 * went away) returns the batches' generator, which closes its cursor.
 */
export function exportStream(format: ExportFormat, header: ExportCell[], first: ExportCell[][], rest: AsyncGenerator<ExportCell[][]>): Readable {
  if (format === 'csv') {
    async function* text() {
      try {
        // A byte-order mark so that Excel opens the UTF-8 file as UTF-8.
        yield '\ufeff' + csvText([header])
        for (let batch: ExportCell[][] | undefined = first; batch;) {
          // Chunks of a few dozen KB: a whole batch as one string (~1 MB) would be a large object
          // that only a full garbage collection frees, and the process would grow by many of them.
          for (let i = 0; i < batch.length; i += CSV_CHUNK_ROWS) yield csvText(batch.slice(i, i + CSV_CHUNK_ROWS))
          const next = await rest.next()
          batch = next.done ? undefined : next.value
        }
      } finally {
        // Read by hand (not for-await), so a download stopped half-way must close the rows itself:
        // that ends the cursor's transaction and gives its connection back.
        await rest.return(undefined)
      }
    }
    return Readable.from(text(), { objectMode: false })
  }
  const out = new PassThrough()
  void (async () => {
    try {
      const ExcelJS = await loadExcelJS()
      const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false })
      const sheet = book.addWorksheet('Records')
      sheet.addRow(header.map(safeCell)).commit()
      for (const row of first) sheet.addRow(row.map(safeCell)).commit()
      for await (const batch of rest) {
        for (const row of batch) sheet.addRow(row.map(safeCell)).commit()
        // Let the client drain what is written before reading the next batch.
        if (out.writableNeedDrain) await new Promise((r) => out.once('drain', r))
        if (out.destroyed) break
      }
      sheet.commit()
      await book.commit()
    } catch (err) {
      out.destroy(err instanceof Error ? err : new Error(String(err)))
    } finally {
      await rest.return(undefined)
    }
  })()
  return out
}

export function exportContentType(format: ExportFormat): string {
  return TYPES[format]
}
