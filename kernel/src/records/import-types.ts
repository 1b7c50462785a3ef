/** The shapes of an import: its modes, rows, rejections, progress and outcome (run by import-rows.ts). */

/**
 * `skipInvalid`: rows that do not validate are left out and reported, the others are written (each
 * chunk commits on its own, so a long import leaves the database to other requests between
 * chunks). `atomic`: one transaction for the whole file; any refused row refuses it all.
 */
export type ImportMode = 'skipInvalid' | 'atomic'

/** One data row of a file: its row number as a spreadsheet shows it (header = 1), its cells as text. */
export interface ImportRow {
  readonly line: number
  readonly cells: ReadonlyArray<string | null>
}

export interface ImportRejection {
  readonly row: number
  /** The column (by its name in the table) whose value was refused; null for the row as a whole. */
  readonly column: string | null
  readonly reason: string
  /** The reason in each other language DocPal words it in (`{'zh-CN': ...}`); absent when it has no words there. */
  readonly reasons?: Readonly<Record<string, string>>
}

export interface ImportProgress {
  readonly processed: number
  readonly written: number
  readonly rejected: number
}

export interface ImportOutcome extends ImportProgress {
  /** The first rejections (up to `maxReport`), in file order. */
  readonly report: ImportRejection[]
}

export interface ImportRunOptions {
  readonly mode: ImportMode
  readonly maxReport?: number
  onProgress?(p: ImportProgress): void
  /** Rows a data row may not hold more cells than (the header's width); more is a rejection. */
  readonly width?: number
  /** The file's data rows, or a bound on them (a large import into an empty table defers its search indexes: import-search-indexes.ts). */
  readonly expectedRows?: number
}

/** Runs a prepared import over the file's rows, handed over in chunks (each chunk: one COPY). */
export type ImportRun = (chunks: AsyncIterable<ReadonlyArray<ImportRow>>, opts: ImportRunOptions) => Promise<ImportOutcome>
