/**
 * The company and user every request acted as before accounts existed (DocPal < issue 16). A
 * database made then still holds them; the instance's first account takes both over, so old
 * apps and records (and their `createdBy`) belong to a real person.
 */
export const LEGACY_DEMO = {
  companyId: 'c0a1b2c3-d4e5-4f60-8a7b-9c0d1e2f3a4b',
  userId: '0b5e6f70-8192-4a3b-9c4d-5e6f7a8b9c0d',
} as const
