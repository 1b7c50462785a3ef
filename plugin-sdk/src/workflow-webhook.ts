/** A call of a workflow's public hook URL (`POST /api/hooks/workflows/:workflowId/:secret`). */
export interface WebhookCall {
  /** The URL's secret part, to compare (in constant time) with the one the trigger's config holds. */
  readonly secret: string
  /** Request headers, names lower-cased. */
  readonly headers: Readonly<Record<string, string>>
  /** The body's bytes as sent (for signatures), at most the route's limit; empty when none. */
  readonly rawBody: Uint8Array
  /** The body as JSON (undefined when none was sent). */
  readonly body: unknown
}

/**
 * What a webhook trigger answers a call: start a run with this `trigger` data, or refuse it.
 * `secret` refusals answer 404, as for a workflow that does not exist (the URL reveals nothing);
 * `signature` answers 401; `body` answers 400 with the path of the value at fault.
 */
export type WebhookVerdict =
  | { readonly accept: true; readonly trigger: Readonly<Record<string, unknown>> }
  | { readonly accept: false; readonly reason: 'secret' | 'signature' | 'body'; readonly message: string; readonly path?: ReadonlyArray<string | number> }
