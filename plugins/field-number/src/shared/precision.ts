/**
 * Whether `v` has at most `precision` decimals. Decimals are counted on the shortest text that
 * reads back as the same double (what JSON carries): 0.1 + 0.2 has 17 of them, 1.15 two. The
 * server's refusal and the client's display both ask this (no imports: the client half takes it).
 */
export function fitsPrecision(v: number, precision: number): boolean {
  return Number(v.toFixed(precision)) === v
}
