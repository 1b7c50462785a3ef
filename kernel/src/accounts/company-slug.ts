/**
 * A company's URL name from its display name: lowercase ASCII words joined by dashes, plus a
 * piece of the id so two "Acme" companies never clash (the slug is unique).
 */
export function companySlug(name: string, id: string): string {
  const base = name
    .normalize('NFKD')
    // NFKD splits "ü" into "u" and a combining mark: drop the marks, keep the letters.
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
  const suffix = id.replace(/-/g, '').slice(0, 6)
  return base ? `${base}-${suffix}` : `company-${suffix}`
}
