/**
 * What a refusal of input says, in one language: the words of validation-messages.ts (zod's
 * issues) and the kernel's own record refusals. A list of values arrives already quoted
 * (`"asc", "desc"`); sizes name what they count by zod's origin (string, array, set, map, file).
 */
export interface Phrasebook {
  /** Whether sizes of this origin count things (characters, items), or are plain numbers and dates. */
  counts(origin: string): boolean
  readonly required: string
  expected(expected: string, got: string): string
  mustBe(listed: string): string
  oneOf(listed: string): string
  exactly(n: string, origin: string): string
  readonly notEmpty: string
  atLeastOne(origin: string): string
  /** With an origin that counts: "At most 3 characters."; without: "At most 5.". */
  atMost(n: string, origin?: string): string
  atLeast(n: string, origin?: string): string
  lessThan(n: string): string
  moreThan(n: string): string
  onOrBefore(date: string): string
  onOrAfter(date: string): string
  startsWith(quoted: string): string
  endsWith(quoted: string): string
  includes(quoted: string): string
  pattern(pattern: string | undefined): string
  format(format: string): string
  multipleOf(n: string): string
  unknownKeys(keys: ReadonlyArray<string>): string
  readonly noForm: string
  readonly badKey: string
  readonly badEntry: string
}
