// The part of unzipper (exceljs's zip reader, 0.10) the import's zip-bomb check uses.
declare module 'unzipper' {
  import type { Duplex, Readable } from 'node:stream'
  export interface Entry extends Readable {
    readonly path: string
    readonly type: 'File' | 'Directory'
    readonly vars: { readonly compressedSize: number; readonly uncompressedSize: number }
    autodrain(): { promise(): Promise<void> }
  }
  export function Parse(opts?: { forceStream?: boolean }): Duplex
}
