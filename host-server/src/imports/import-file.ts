import { hostCodes } from '../errors/codes.ts'
import { csvRows, type SheetRow } from './csv-rows.ts'
import { detectType, looksLikeHeader, type DetectedType } from './detect-types.ts'
import type { ImportEncoding, ImportFormat } from './sniff.ts'
import type { UploadFacts } from './upload.ts'
import { checkZip, xlsxRows } from './xlsx-rows.ts'

/** How a stored upload is read: what was detected, or what the user chose instead. */
export interface ReadSettings {
  readonly format: ImportFormat
  /** CSV/TSV only. */
  readonly encoding: ImportEncoding | null
  readonly delimiter: string | null
  /** Whether the first row names the columns. */
  readonly header: boolean
}

export interface PreviewColumn {
  readonly index: number
  /** The header's name (made unique), or `Column <n>`. */
  readonly name: string
  /** The type proposed for a new column made of it. */
  readonly detected: DetectedType
}

export interface Preview {
  readonly columns: PreviewColumn[]
  /** The first data rows, as text. */
  readonly rows: Array<Array<string | null>>
  /** Data rows in the file: exact when the preview read it all, else an upper bound from its line count (XLSX: unknown). */
  readonly totalRows: number | null
}

/** Rows shown in the preview, and rows read to propose each column's type. */
export const PREVIEW_ROWS = 20
export const SAMPLE_ROWS = 1_000

/** The rows of the stored file, header included, in batches. */
export function fileRows(path: string, s: ReadSettings, header?: ReadonlyArray<string | null>, batch?: number): AsyncGenerator<SheetRow[]> {
  if (s.format === 'xlsx') return xlsxRows(path, { header, ...(batch ? { batch } : {}) })
  return csvRows(path, { encoding: s.encoding ?? 'utf-8', delimiter: s.delimiter ?? ',', header, ...(batch ? { batch } : {}) })
}

/** The data rows (the header row dropped when the file has one). */
export async function* dataRows(path: string, s: ReadSettings, header: ReadonlyArray<string | null>, batch?: number): AsyncGenerator<SheetRow[]> {
  let first = s.header
  for await (const rows of fileRows(path, s, header, batch)) {
    if (first) {
      first = false
      yield rows.slice(1)
    } else yield rows
  }
}

function uniqueNames(raw: ReadonlyArray<string | null>, width: number): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (let i = 0; i < width; i++) {
    const base = (raw[i] ?? '').trim().slice(0, 200) || `Column ${i + 1}`
    let name = base
    for (let n = 2; seen.has(name.toLowerCase()); n++) name = `${base} (${n})`
    seen.add(name.toLowerCase())
    out.push(name)
  }
  return out
}

/**
 * Reads the first rows of the stored file: the header (detected when `header` is undefined),
 * the preview rows and a type per column from up to SAMPLE_ROWS rows. A file without a row is
 * refused here, as is one whose first rows cannot be read (a 10 MB cell: 400 naming it).
 */
export async function previewFile(
  path: string,
  s: Omit<ReadSettings, 'header'> & { header?: boolean | undefined },
  facts: UploadFacts,
  available: (type: string) => boolean,
): Promise<{ settings: ReadSettings; preview: Preview }> {
  if (s.format === 'xlsx') await checkZip(path, facts.size)
  const rows: SheetRow[] = []
  let exhausted = true
  // Errors in later rows name columns by the first row's cells, unless told it holds none.
  const firstRow: Array<string | null> = []
  // One row per batch: the first row's names are known before the second row is read.
  for await (const batch of fileRows(path, { ...s, header: false }, firstRow, 1)) {
    if (!rows.length && s.header !== false) firstRow.push(...(batch[0]?.cells ?? []))
    rows.push(...batch)
    if (rows.length > SAMPLE_ROWS) {
      exhausted = false
      break
    }
  }
  const [first, ...rest] = rows
  if (!first) throw hostCodes.HST_ERR_IMPORT_EMPTY()
  const header = s.header ?? looksLikeHeader(first.cells)
  const data = (header ? rest : rows).slice(0, SAMPLE_ROWS)
  const width = Math.max(first.cells.length, ...data.map((r) => r.cells.length))
  const names = uniqueNames(header ? first.cells : [], width)
  // At most 200,000 cells are looked at (a 1,000-column file: its first 200 rows), so proposing
  // types takes the event loop for milliseconds, not seconds.
  const sample = data.slice(0, Math.max(PREVIEW_ROWS, Math.floor(200_000 / Math.max(1, width))))
  const columns = names.map((name, index) => ({
    index,
    name,
    detected: detectType(
      sample.map((r) => r.cells[index] ?? null).filter((c) => c !== null),
      available,
    ),
  }))
  let totalRows: number | null
  if (exhausted) totalRows = data.length
  else if (s.format === 'xlsx') totalRows = null
  else totalRows = facts.lineFeeds + (facts.endsWithLineFeed ? 0 : 1) - (header ? 1 : 0)
  return {
    settings: { ...s, header },
    preview: { columns, rows: data.slice(0, PREVIEW_ROWS).map((r) => Array.from({ length: width }, (_, i) => r.cells[i] ?? null)), totalRows },
  }
}

/** The header cells of the file (its first row), for error messages that name columns. */
export function headerNames(preview: Preview, s: ReadSettings): ReadonlyArray<string | null> | undefined {
  return s.header ? preview.columns.map((c) => c.name) : undefined
}
