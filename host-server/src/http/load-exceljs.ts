/**
 * exceljs is loaded on the first XLSX import or export, not at start: importing it costs ~300 ms
 * of a cold start (issue 13's "first page in under a second") that most servers never use.
 */
let loading: Promise<typeof import('exceljs')> | undefined

export async function loadExcelJS(): Promise<typeof import('exceljs')> {
  loading ??= import('exceljs').then((m) => m.default)
  return loading
}
