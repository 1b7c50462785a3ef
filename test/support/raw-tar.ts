import { gzipSync } from 'node:zlib'

export interface RawEntry {
  name: string
  data?: string | Buffer
  type?: '0' | '2' | '5'
  link?: string
}

/** One 512-byte ustar header; `name` must fit its 100 bytes (longer ones go in a pax header). */
function header(name: string, size: number, type: string, link?: string): Buffer {
  const h = Buffer.alloc(512)
  h.write(name, 0, 100)
  h.write('0000644\0', 100)
  h.write('0000000\0', 108)
  h.write('0000000\0', 116)
  h.write(size.toString(8).padStart(11, '0') + '\0', 124)
  h.write('00000000000\0', 136)
  h.write('        ', 148)
  h.write(type, 156)
  if (link) h.write(link, 157, 100)
  h.write('ustar\0', 257)
  h.write('00', 263)
  let sum = 0
  for (const b of h) sum += b
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148)
  return h
}

const pad = (n: number) => Buffer.alloc((512 - (n % 512)) % 512)

/** A pax `path=` record: its length counts its own digits. */
function paxPath(name: string): Buffer {
  const body = ` path=${name}\n`
  let len = Buffer.byteLength(body) + 1
  while (String(len).length + Buffer.byteLength(body) !== len) len = String(len).length + Buffer.byteLength(body)
  return Buffer.from(`${len}${body}`)
}

/** The uncompressed tar of `entries`: headers, data and padding, then the two end blocks. */
export function rawTar(entries: RawEntry[]): Buffer {
  const blocks: Buffer[] = []
  for (const e of entries) {
    const data = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data ?? '')
    if (Buffer.byteLength(e.name) > 100) {
      const pax = paxPath(e.name)
      blocks.push(header('PaxHeader', pax.length, 'x'), pax, pad(pax.length))
    }
    blocks.push(header(e.name, data.length, e.type ?? '0', e.link), data, pad(data.length))
  }
  blocks.push(Buffer.alloc(1024))
  return Buffer.concat(blocks)
}

/** A tar.gz written byte by byte, so a test can pack what no honest tool would (`../` paths, links, long names). */
export function rawTarGz(entries: RawEntry[]): Buffer {
  return gzipSync(rawTar(entries))
}

/** A tar header alone: an entry that claims `size` bytes, for a bomb to fill. */
export function rawTarHeader(name: string, size: number): Buffer {
  return header(name, size, '0')
}
