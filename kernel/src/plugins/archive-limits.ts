import { codes } from '../errors/codes.ts'

const MiB = 1024 * 1024

/**
 * How far a plugin archive may unpack before it is refused (host settings DOCPAL_PLUGIN_MAX_*).
 * A plugin is a few bundled files; an archive far beyond that is a mistake or an archive bomb.
 */
export interface ArchiveLimits {
  /** Bytes the tar may inflate to, headers and padding included. */
  readonly maxUnpackedBytes: number
  /** Inflated bytes per compressed byte, once more than `RATIO_GRACE` bytes have come out. */
  readonly maxRatio: number
  /** Entries (files and folders). */
  readonly maxEntries: number
  /** UTF-8 bytes of an entry's path inside the plugin folder. */
  readonly maxPathBytes: number
  /** Folders an entry may lie below the plugin folder. */
  readonly maxPathDepth: number
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = { maxUnpackedBytes: 50 * MiB, maxRatio: 100, maxEntries: 2000, maxPathBytes: 255, maxPathDepth: 32 }

/**
 * Small archives are mostly tar headers and padding, which compress far better than code; the
 * ratio is only held against an archive once this much has come out of it.
 */
export const RATIO_GRACE = MiB

/** Counts inflated bytes as they come and throws the moment a size limit is crossed. */
export class UnpackMeter {
  #total = 0

  constructor(
    private readonly limits: ArchiveLimits,
    private readonly compressedBytes: number,
  ) {}

  get total(): number {
    return this.#total
  }

  add(bytes: number): void {
    this.#total += bytes
    if (this.#total > this.limits.maxUnpackedBytes) throw codes.KRN_ERR_PLUGIN_ARCHIVE_TOO_LARGE(this.limits.maxUnpackedBytes)
    if (this.#total > RATIO_GRACE && this.#total > this.compressedBytes * this.limits.maxRatio) throw codes.KRN_ERR_PLUGIN_ARCHIVE_RATIO(this.limits.maxRatio)
  }
}
