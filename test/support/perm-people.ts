import { signIn, type TestSession } from './sessions.ts'
import type { Api } from './test-server.ts'

/** One person of the permissions tests' company, as the rules see them. */
export interface Person {
  readonly name: string
  readonly userId: string
  /** owner, admin, member or a role the company defined. */
  readonly role: string
  readonly api: Api
  /** An owner or admin previewing as someone (X-DocPal-View-As): reads only, by GET. */
  readonly preview?: boolean
}

/**
 * `by` (owner or admin) previewing as a member (`user:<id>`: that member, with their role) or as
 * a role (`role:<name>`: themselves with that role): what they read must be what that person or
 * role reads.
 */
export function previewAs(by: Person, target: { userId: string; role: string; name: string }, header: string): Person {
  return {
    name: `${by.name} viewing as ${target.name}`,
    userId: target.userId,
    role: target.role,
    preview: true,
    api: (method, path, body, headers = {}) => by.api(method, path, body, { ...headers, 'x-docpal-view-as': header }),
  }
}

async function ok<T = any>(p: Promise<{ status: number; body: T; text: string }>, what: string): Promise<T> {
  const r = await p
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text}`)
  return r.body
}

/**
 * Brings a new person into the owner's company with `role`: invited as a member (or admin),
 * accepted without an account (so the company is their only one and no company header is
 * needed), signed in, then given a custom role by the owner when `role` is one.
 */
export async function addPerson(baseUrl: string, ownerApi: Api, anon: Api, as: (s: TestSession) => Api, companyId: string, name: string, role: string): Promise<Person> {
  const email = `${name.toLowerCase()}.${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}@example.com`
  const password = 'correct horse battery staple'
  const invited = await ok(ownerApi('POST', `/api/companies/${companyId}/invitations`, { email, role: role === 'admin' ? 'admin' : 'member' }), `invite ${name}`)
  await ok(anon('POST', '/api/invitations/accept', { code: invited.inviteCode, name, password }), `accept ${name}`)
  const session = await signIn(baseUrl, { signup: false, email, password })
  if (role !== 'admin' && role !== 'member') await ok(ownerApi('PATCH', `/api/companies/${companyId}/members/${session.userId}`, { role }), `role of ${name}`)
  return { name, userId: session.userId, role, api: as(session) }
}

/** Defines a custom role in the company (idempotent for a test's reruns on one server). */
export async function defineRole(ownerApi: Api, companyId: string, name: string, label: string): Promise<void> {
  const r = await ownerApi('POST', `/api/companies/${companyId}/roles`, { name, label })
  if (r.status >= 300 && r.status !== 409) throw new Error(`role ${name}: ${r.status} ${r.text}`)
}
