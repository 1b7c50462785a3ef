import { hostCodes } from '../errors/codes.ts'
import type { UploadFacts } from './upload.ts'

export const IMPORT_FORMATS = ['csv', 'tsv', 'xlsx'] as const
export type ImportFormat = (typeof IMPORT_FORMATS)[number]

export const IMPORT_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number]

export const DELIMITERS = [',', ';', '\t', '|'] as const

const XLSX_TYPES = ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']

/**
 * The file's format: a zip is a workbook whatever it is called; otherwise the name's extension
 * or the media type, `.tsv`/`text/tab-separated-values` for TSV, anything else textual as CSV.
 */
export function sniffFormat(facts: UploadFacts, fileName: string, mediaType: string): ImportFormat {
  const zip = facts.head.length >= 4 && facts.head.readUInt32LE(0) === 0x04034b50
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase()
  if (zip) return 'xlsx'
  if (ext === 'xlsx' || XLSX_TYPES.includes(mediaType))
    throw hostCodes.HST_ERR_IMPORT_FORMAT('an .xlsx file is a zip archive, and this one is not (is it an old .xls? Save it as .xlsx or CSV)')
  if (ext === 'xls') throw hostCodes.HST_ERR_IMPORT_FORMAT('old Excel .xls files are not read; save the sheet as .xlsx or CSV')
  if (ext === 'tsv' || ext === 'tab' || mediaType === 'text/tab-separated-values') return 'tsv'
  return 'csv'
}

/**
 * The text encoding of a CSV/TSV upload: a byte-order mark says it; else well-formed UTF-8 is
 * UTF-8; else the file is read as Windows-1252 (what Excel writes as "CSV" on Western systems,
 * a superset of Latin-1 that decodes any byte). A NUL byte without a UTF-16 mark means binary
 * data or UTF-16 that cannot be told apart: refused rather than imported as garbage.
 */
export function sniffEncoding(facts: UploadFacts): ImportEncoding {
  const h = facts.head
  if (h[0] === 0xff && h[1] === 0xfe) return 'utf-16le'
  if (h[0] === 0xfe && h[1] === 0xff) return 'utf-16be'
  if (facts.nul) throw hostCodes.HST_ERR_IMPORT_ENCODING('it holds NUL bytes (a binary file, or UTF-16 text without a byte-order mark)')
  if (h[0] === 0xef && h[1] === 0xbb && h[2] === 0xbf && !facts.utf8) throw hostCodes.HST_ERR_IMPORT_ENCODING('it starts with a UTF-8 byte-order mark but is not well-formed UTF-8')
  return facts.utf8 ? 'utf-8' : 'windows-1252'
}

/**
 * The delimiter of a CSV: of `, ; tab |`, the one found the same number of times (and at least
 * once) on most of the first lines, quotes set aside. TSV files are tab-separated by definition.
 */
export function sniffDelimiter(text: string, format: ImportFormat): string {
  if (format === 'tsv') return '\t'
  const lines = text
    .split(/\r?\n/)
    .slice(0, 20)
    .filter((l) => l.trim() !== '')
  if (lines.length > 1 && text.length >= 64 * 1024 - 4) lines.pop() // the head may cut the last line
  let best = ','
  let bestScore = 0
  for (const d of DELIMITERS) {
    const counts = lines.map((l) => l.replace(/"[^"]*"/g, '').split(d).length - 1)
    const first = counts[0] ?? 0
    if (first === 0) continue
    const score = counts.filter((c) => c === first).length * 1000 + first
    if (score > bestScore) {
      best = d
      bestScore = score
    }
  }
  return best
}
