/** An answer over real HTTP, parsed when it is JSON. */
export interface Answer {
  readonly status: number
  readonly body: any
  readonly text: string
}

/** A small fetch client for one server, signed in with `auth`'s headers; bodies are JSON unless given as text. */
export function httpClient(base: () => string, auth: () => Readonly<Record<string, string>> = () => ({})) {
  return async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const init: RequestInit = { method, headers: { ...auth(), ...headers } }
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body)
      ;(init.headers as Record<string, string>)['content-type'] ??= 'application/json'
    }
    const res = await fetch(base() + path, init)
    const text = await res.text()
    let parsed: unknown = text
    try {
      parsed = text ? JSON.parse(text) : undefined
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed, text }
  }
}

export type Call = ReturnType<typeof httpClient>
