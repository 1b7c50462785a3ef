import { randomBytes } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { rawTar, rawTarHeader } from './raw-tar.ts'

const MiB = 1024 * 1024

/**
 * Gzip of `mib` MiB of zeros after `head`, built in a moment: gzip members may follow one another
 * (RFC 1952), so one compressed MiB of zeros is repeated rather than compressing the whole.
 */
function zeroMembers(head: Buffer, mib: number): Buffer {
  const zeros = gzipSync(Buffer.alloc(MiB), { level: 9 })
  return Buffer.concat([gzipSync(head), ...Array.from({ length: mib }, () => zeros)])
}

/** Zeros only (no tar header at all): 256 MiB is about 255 KB of gzip. */
export const zeroBomb = (mib: number): Buffer => zeroMembers(Buffer.alloc(0), mib)

/** One entry that claims `mib` MiB, filled with zeros: 1 GiB is about 1 MB of gzip. */
export const entryBomb = (mib: number): Buffer => zeroMembers(rawTarHeader('package/big.bin', mib * MiB), mib)

/** A real archive (package.json and a file) of random bytes, so it barely compresses. */
export const incompressible = (bytes: number): Buffer =>
  gzipSync(
    rawTar([
      { name: 'package/package.json', data: '{"name":"x","docpal":{}}' },
      { name: 'package/noise.bin', data: randomBytes(bytes) },
    ]),
  )

/** `count` empty files: a bomb of entries rather than bytes. */
export const manyEntries = (count: number): Buffer => gzipSync(rawTar(Array.from({ length: count }, (_, i) => ({ name: `package/f${i}.js` }))))

/**
 * `mib` files of 1 MiB of zeros each: no header claims more than a MiB, so only counting what
 * comes out of the inflater stops it (1 GiB is about 1 MB of gzip).
 */
export function spreadBomb(mib: number): Buffer {
  const file = (i: number) => Buffer.concat([rawTarHeader(`package/part-${i}.bin`, MiB), Buffer.alloc(MiB)])
  const member = gzipSync(file(0), { level: 9 })
  // Every member is the same file name: the size check must trip on bytes, not on a name.
  return Buffer.concat([gzipSync(rawTar([{ name: 'package/package.json', data: '{"name":"x","docpal":{}}' }]).subarray(0, 1024)), ...Array.from({ length: mib }, () => member)])
}
