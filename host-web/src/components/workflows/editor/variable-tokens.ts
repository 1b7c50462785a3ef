import type { TableMeta } from '@docpal/plugin-sdk/client'
import type { TriggerType } from '../../../services/workflows-api.ts'
import type { StepDraft } from './step-tree.ts'

/** A variable offered by the picker, with what it holds (a field type, or an output type) when known. */
type Token = { label: string; token: string; type?: string }
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * What a run's `trigger` holds, by what the trigger type declares (GET /api/workflow-types): a
 * record trigger's record (`trigger.record.<Field>`, `trigger.recordId`, an update's
 * `trigger.changed`), a manual trigger's inputs (`trigger.input.<name>`), a webhook's body and the
 * headers it passes on (`trigger.body.<key>`, `trigger.headers.<name>`).
 */
export function triggerTokens(type: TriggerType | undefined, config: unknown, table: TableMeta | undefined, labels: { recordId: string; changed: string; body: string }): Token[] {
  const c = isObj(config) ? config : {}
  const out: Token[] = []
  if (table) {
    out.push(
      { label: labels.recordId, token: '{{trigger.recordId}}', type: 'id' },
      ...table.columns.map((col) => ({ label: col.name, token: `{{trigger.record.${col.name}}}`, type: col.type })),
    )
    if (type?.events.includes('record.updated')) out.push({ label: labels.changed, token: '{{trigger.changed}}', type: 'list' })
  }
  if (type?.manual && Array.isArray(c['inputs']))
    for (const i of c['inputs'])
      if (isObj(i) && typeof i['name'] === 'string' && i['name'])
        out.push({ label: i['name'], token: `{{trigger.input.${i['name']}}}`, type: typeof i['type'] === 'string' ? i['type'] : 'text' })
  if (type?.webhook) {
    out.push({ label: labels.body, token: '{{trigger.body}}', type: 'object' })
    const props = isObj(c['body']) && isObj(c['body']['properties']) ? Object.keys(c['body']['properties']) : []
    out.push(...props.map((k) => ({ label: `body.${k}`, token: `{{trigger.body.${k}}}` })))
    if (Array.isArray(c['headers'])) for (const h of c['headers']) if (typeof h === 'string' && h) out.push({ label: `headers.${h}`, token: `{{trigger.headers.${h}}}` })
  }
  return out
}

/**
 * Inside a loop's `each` branch: the current item and its position; a loop over a table's records
 * has records as items (`{id, fields}`), so their fields are offered too.
 */
export function loopTokens(loop: StepDraft, tables: ReadonlyArray<TableMeta>): Token[] {
  const at = `loop.${loop.id}`
  const tableId = isObj(loop.config) ? loop.config['tableId'] : undefined
  const table = tables.find((tb) => tb.id === tableId)
  return [
    { label: 'item', token: `{{${at}.item}}` },
    { label: 'index', token: `{{${at}.index}}`, type: 'number' },
    ...(table
      ? [
          { label: 'item.id', token: `{{${at}.item.id}}`, type: 'id' },
          ...table.columns.map((c) => ({ label: `item.${c.name}`, token: `{{${at}.item.fields.${c.name}}}`, type: c.type })),
        ]
      : []),
  ]
}

/**
 * What a variable holds, in the reader's language: an action output type (SDK OutputType) by the
 * builder's own words (`wfb.varType.*`), a trigger field's field type by that type's label.
 */
export function typeLabelOf(
  type: string | undefined,
  words: { has(key: string): boolean; text(key: string): string },
  fieldLabel: (type: string) => string | undefined,
): string | undefined {
  if (type === undefined) return undefined
  const key = `wfb.varType.${type}`
  return words.has(key) ? words.text(key) : (fieldLabel(type) ?? type)
}
