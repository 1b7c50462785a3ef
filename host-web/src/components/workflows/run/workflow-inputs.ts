/** One input of a manual workflow's form, or one field of a form task (as the server sends them). */
export interface WorkflowInput {
  readonly name: string
  readonly type: string
  readonly required?: boolean | undefined
}

/** A field name made safe for a `data-test` attribute and an element key (names are free text). */
export const inputKey = (name: string): string => name.replace(/[^A-Za-z0-9_-]+/g, '_')

const blank = (v: unknown) => v === undefined || v === null || v === ''

/**
 * The values to send, and the error of each required field left empty (by name). Empty optional
 * fields are left out rather than sent as '' (the server would check '' against a number).
 */
export function collectInputs(
  fields: ReadonlyArray<WorkflowInput>,
  values: Readonly<Record<string, unknown>>,
  requiredMessage: (name: string) => string,
): { data: Record<string, unknown>; errors: Record<string, string> } {
  const data: Record<string, unknown> = {}
  const errors: Record<string, string> = {}
  for (const f of fields) {
    const v = values[f.name]
    if (blank(v)) {
      if (f.required === true) errors[f.name] = requiredMessage(f.name)
      continue
    }
    data[f.name] = v
  }
  return { data, errors }
}

/** A form's starting values: switches start off (a value the server accepts), the rest empty. */
export const initialInputs = (fields: ReadonlyArray<WorkflowInput>): Record<string, unknown> =>
  Object.fromEntries(fields.filter((f) => f.type === 'switch').map((f) => [f.name, false]))
