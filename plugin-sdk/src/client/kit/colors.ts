/**
 * Option colors. Options store a palette name (as Airtable and Baserow do), so a theme can restyle
 * them; any other CSS color a script stored is used as it is.
 */
export const PALETTE = {
  gray: { bg: '#e9ecef', fg: '#343a40' },
  red: { bg: '#ffd9d6', fg: '#8a1c12' },
  orange: { bg: '#ffe3c4', fg: '#8a4300' },
  yellow: { bg: '#fff1b8', fg: '#6b5200' },
  green: { bg: '#d3f5d6', fg: '#1c5e24' },
  teal: { bg: '#c8f1ec', fg: '#0b5b53' },
  blue: { bg: '#d6e6ff', fg: '#12417f' },
  purple: { bg: '#e7dcff', fg: '#4b2a8a' },
  pink: { bg: '#ffd9ec', fg: '#85164f' },
} as const

export type PaletteColor = keyof typeof PALETTE
export const PALETTE_COLORS = Object.keys(PALETTE) as PaletteColor[]

/** The palette color after `used` (round robin), for a new option. */
export function nextColor(used: number): PaletteColor {
  // In range for any count >= -1; anything else (never passed) starts over at gray.
  return PALETTE_COLORS[(used + 1) % PALETTE_COLORS.length] ?? 'gray'
}

export function tagStyle(color: string | null | undefined): Record<string, string> {
  const p = color && color in PALETTE ? PALETTE[color as PaletteColor] : undefined
  if (p) return { background: p.bg, color: p.fg }
  if (color) return { background: color, color: '#fff' }
  return { background: 'var(--el-fill-color)', color: 'var(--el-text-color-primary)' }
}
