/**
 * The API's one error shape (shared/design/API.md, "Errors"): `{"error": {code, message, path?,
 * details?}}`, a stable code, a message a person can act on, never a stack trace. Answers what is
 * wrong with a body, or undefined when it is in shape, so callers can collect rather than stop.
 */
const CODE = /^([A-Z]+_ERR_[A-Z0-9_]+|[a-z0-9-]+\/[A-Z0-9_]+)$/
const LEAK = /(\n\s*at |\bat [\w.<>]+ \(|\/work\/|node_modules\/|file:\/\/|\.ts:\d+|\.js:\d+)/

export function errorShapeProblem(body: unknown, text: string): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return `not a JSON object: ${text.slice(0, 200)}`
  const keys = Object.keys(body)
  if (keys.length !== 1 || keys[0] !== 'error') return `top-level keys ${JSON.stringify(keys)}, expected ["error"]`
  const e = (body as { error: unknown }).error
  if (typeof e !== 'object' || e === null) return 'error is not an object'
  const { code, message, path } = e as { code?: unknown; message?: unknown; path?: unknown }
  if (typeof code !== 'string' || !CODE.test(code)) return `code ${JSON.stringify(code)} is not a stable code`
  if (typeof message !== 'string' || message.length === 0) return `${code}: no message`
  if (LEAK.test(message) || /"stack"/.test(text)) return `${code}: the message shows internals: ${message.slice(0, 200)}`
  if (path !== undefined && !Array.isArray(path)) return `${code}: path is not an array`
  return undefined
}
