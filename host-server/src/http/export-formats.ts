import { PassThrough, Readable } from 'node:stream'
import { stringify } from 'csv-stringify'
import ExcelJS from 'exceljs'
import type { ExportCell } from '@docpal/kernel'

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

/**
 * The rows as a file stream in the format asked for, produced as the client reads it (so at most
 * a page of records is held). `first` is the header row, already read, so that a bad request
 * (a filter on an unknown column) was refused before any byte was sent.
 */
export function exportStream(format: ExportFormat, first: ExportCell[], rest: AsyncIterable<ExportCell[]>): Readable {
  async function* all() {
    yield first
    for await (const row of rest) yield row.map(safeCell)
  }
  if (format === 'csv') {
    // A byte-order mark so that Excel opens the UTF-8 file as UTF-8.
    const csv = stringify({ bom: true, cast: { boolean: (b) => (b ? 'true' : 'false') } })
    Readable.from(all()).pipe(csv)
    return csv
  }
  const out = new PassThrough()
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false })
  const sheet = book.addWorksheet('Records')
  void (async () => {
    try {
      for await (const row of all()) {
        sheet.addRow(row).commit()
        // Let the client drain what is written before reading the next page.
        if (out.writableNeedDrain) await new Promise((r) => out.once('drain', r))
      }
      sheet.commit()
      await book.commit()
    } catch (err) {
      out.destroy(err instanceof Error ? err : new Error(String(err)))
    }
  })()
  return out
}

export function exportContentType(format: ExportFormat): string {
  return TYPES[format]
}
