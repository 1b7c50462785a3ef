import { createReadStream } from 'node:fs'
import type { Entry } from 'unzipper'
import { hostCodes } from '../errors/codes.ts'
import { loadExcelJS } from '../http/load-exceljs.ts'
import { checkRow, type SheetRow } from './csv-rows.ts'

/** How far a workbook may unpack: in all, per packed byte (past its first MiB), in entries. */
export const XLSX_LIMITS = { maxUnpacked: 1024 * 1024 * 1024, maxRatio: 100, maxEntries: 10_000 } as const

/**
 * Inflates every entry of the zip, counting bytes and dropping them, and refuses it (413) as soon
 * as it passes a bound: a zip bomb is caught before exceljs reads (and caches) any of it. It
 * walks the local entries in file order, as exceljs's streaming reader does, so an entry missing
 * from the central directory cannot slip past. zlib inflates off the main thread.
 */
export async function checkZip(path: string, packed: number, limits = XLSX_LIMITS): Promise<void> {
  // Loaded here, not at start (~170 ms of a cold start).
  const { Parse } = await import('unzipper')
  const zip = createReadStream(path).pipe(Parse({ forceStream: true }))
  const bound = Math.max(packed * limits.maxRatio, 1024 * 1024)
  let total = 0
  let entries = 0
  try {
    for await (const entry of zip as AsyncIterable<Entry>) {
      if (++entries > limits.maxEntries) throw hostCodes.HST_ERR_IMPORT_UNPACKED_TOO_LARGE(`more than ${limits.maxEntries} entries`)
      for await (const chunk of entry as AsyncIterable<Buffer>) {
        total += chunk.length
        if (total > limits.maxUnpacked) throw hostCodes.HST_ERR_IMPORT_UNPACKED_TOO_LARGE(`more than ${limits.maxUnpacked} bytes unpacked`)
        if (total > bound) throw hostCodes.HST_ERR_IMPORT_UNPACKED_TOO_LARGE(`more than ${limits.maxRatio} times its ${packed} packed bytes`)
      }
    }
  } catch (err) {
    if (err instanceof Error && 'code' in err && String(err.code).startsWith('HST_')) throw err
    throw hostCodes.HST_ERR_IMPORT_FORMAT(`the zip archive is damaged (${err instanceof Error ? err.message : String(err)})`, { cause: err })
  } finally {
    zip.destroy()
  }
  if (!entries) throw hostCodes.HST_ERR_IMPORT_FORMAT('the zip archive is empty')
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

/**
 * A cell as text, in the forms the field types read: numbers as JavaScript writes them, dates
 * (cells formatted as dates) as ISO dates, or date-times in UTC when they have a time, booleans
 * as true/false, formulas by their last computed result, rich text and links by their text.
 */
export function cellText(v: unknown): string | null {
  if (v === null || v === undefined) return null
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return null
    const date = `${pad(v.getUTCFullYear(), 4)}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`
    return v.getUTCHours() || v.getUTCMinutes() || v.getUTCSeconds() || v.getUTCMilliseconds() ? v.toISOString() : date
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>
    if (Array.isArray(o['richText'])) return (o['richText'] as Array<{ text?: unknown }>).map((r) => (typeof r.text === 'string' ? r.text : '')).join('')
    if ('result' in o) return cellText(o['result'])
    if ('formula' in o || 'sharedFormula' in o) return null
    if (typeof o['text'] === 'string') return o['text']
    if (typeof o['error'] === 'string') return o['error']
    return null
  }
  return typeof v === 'bigint' ? v.toString() : null
}

/**
 * The rows of the workbook's first sheet, streamed in batches (exceljs's streaming reader; shared
 * strings cached, bounded by `checkZip` which must have run first). Empty rows are skipped.
 */
export async function* xlsxRows(path: string, opts: { header?: ReadonlyArray<string | null> | undefined; batch?: number } = {}): AsyncGenerator<SheetRow[]> {
  const ExcelJS = await loadExcelJS()
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' })
  // A zip may hold a sheet (after its shared strings) before xl/workbook.xml, which OOXML allows:
  // exceljs then reads the sheet's name from a workbook model it has not parsed yet and fails with
  // "Cannot read properties of undefined (reading 'sheets')" (exceljs issue 962). An empty model
  // until the real one is read; the first sheet's rows do not need its name.
  Object.assign(reader, { model: { sheets: [] } })
  const size = opts.batch ?? 2_000
  let batch: SheetRow[] = []
  let sheets = 0
  try {
    for await (const sheet of reader) {
      sheets++
      for await (const row of sheet) {
        // `values` is 1-based and sparse: index 0 is always empty.
        const values = row.values as unknown[]
        const cells: Array<string | null> = []
        let any = false
        for (let i = 1; i < values.length; i++) {
          const t = cellText(values[i])
          if (t !== null && t !== '') any = true
          cells.push(t)
        }
        if (!any) continue
        const r = { line: row.number, cells }
        checkRow(r, opts.header)
        batch.push(r)
        if (batch.length >= size) {
          yield batch
          batch = []
        }
      }
      break
    }
  } catch (err) {
    if (err instanceof Error && 'code' in err && String(err.code).startsWith('HST_')) throw err
    throw hostCodes.HST_ERR_IMPORT_FORMAT(`the workbook cannot be read (${err instanceof Error ? err.message : String(err)})`, { cause: err })
  }
  if (!sheets) throw hostCodes.HST_ERR_IMPORT_FORMAT('the workbook has no sheet')
  if (batch.length) yield batch
}
