import { randomInt } from 'node:crypto'
import { hashSecret } from './secrets.ts'

// No 0/O, 1/I/L or U: a code is read aloud and typed by people.
const ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789'
const LENGTH = 12

/**
 * An invite code as the inviter passes it on: 12 characters (about 59 bits) in groups of four,
 * e.g. `K7QM-2XAD-9RTF`. Accepting is rate-limited per IP, so it cannot be guessed.
 */
export function newInviteCode(): string {
  let s = ''
  for (let i = 0; i < LENGTH; i++) s += ALPHABET.charAt(randomInt(ALPHABET.length))
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`
}

/** What is stored and looked up: typed in any case, with or without dashes and spaces, a code hashes the same. */
export function hashInviteCode(code: string): string {
  return hashSecret(`invite:${code.toUpperCase().replace(/[^A-Z0-9]/g, '')}`)
}
