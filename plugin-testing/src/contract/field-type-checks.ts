import type { z } from 'zod'
import { COLUMN_DATA_TYPES, present, type AnyFieldType, type ColumnDataType } from '@docpal/plugin-sdk'
import type { TestKernel, TestTable } from '../test-kernel.ts'
import { describeError, type ContractProblem } from './problem.ts'
import { fallbackValues, sameValue, show, type FieldTypeSamples } from './samples.ts'

const COLUMN = 'Value'
let tables = 0

interface Subject {
  readonly t: TestKernel
  readonly ft: AnyFieldType
  readonly samples: FieldTypeSamples
  readonly what: string
  readonly problems: ContractProblem[]
}

function report(s: Subject, check: ContractProblem['check'], message: string, contribution = s.what): void {
  s.problems.push({ check, contribution, message })
}

async function attempt<T>(fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  try {
    return { ok: true, value: await fn() }
  } catch (err) {
    return { ok: false, error: describeError(err) }
  }
}

/** The configs to check: the author's samples, else the schema's defaults. */
function configsOf(s: Subject): Array<{ raw: Record<string, unknown>; parsed: unknown }> {
  const raws = s.samples.configs ?? [{}]
  const out: Array<{ raw: Record<string, unknown>; parsed: unknown }> = []
  for (const raw of raws) {
    const parsed = s.ft.config.safeParse(raw)
    if (parsed.success) out.push({ raw, parsed: parsed.data })
    else if (s.samples.configs)
      report(s, 'config', `its config schema refuses the sample config ${show(raw)}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`).join('; ')}`)
    else
      report(
        s,
        'config',
        `its config schema refuses {} (${parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`).join('; ')}): give every key a default, or pass samples['${s.ft.type}'].configs`,
      )
  }
  return out
}

/** Sample values `input` accepts, with what each should read back as. */
function valuesOf(s: Subject, input: z.ZodType, column: ColumnDataType): Array<{ written: unknown; expected: unknown }> {
  const expect = (written: unknown, parsed: unknown) => ({ written, expected: s.samples.reads ? s.samples.reads(written) : parsed })
  if (s.samples.values) {
    const out: Array<{ written: unknown; expected: unknown }> = []
    for (const v of s.samples.values) {
      const r = input.safeParse(v)
      if (r.success) out.push(expect(v, r.data))
      else report(s, 'input', `its input schema refuses the sample value ${show(v)}: ${r.error.issues.map((i) => i.message).join('; ')}`)
    }
    return out
  }
  const fits = fallbackValues(s.t.actor.userId)[column].flatMap((v) => {
    const r = input.safeParse(v)
    return r.success ? [expect(v, r.data)] : []
  })
  if (!fits.length)
    report(
      s,
      'input',
      `its input schema accepts none of the usual ${column} values (${fallbackValues(s.t.actor.userId)[column].map(show).join(', ')}): pass samples['${s.ft.type}'].values`,
    )
  return fits.slice(0, 2)
}

/** Filter values to try for one operator: the author's, else the sample values and simple shapes of them. */
function operatorValue(s: Subject, op: string, schema: z.ZodType, values: ReadonlyArray<unknown>): { found: true; value: unknown } | { found: false } {
  const given = s.samples.operatorValues
  if (given && Object.hasOwn(given, op)) return { found: true, value: given[op] }
  const candidates = [...values, values.slice(0, 2), ...values.map((v) => [v]), ...values.map((v) => String(v)), 1, 'a', true]
  for (const c of candidates) if (schema.safeParse(c).success) return { found: true, value: c }
  return { found: false }
}

async function checkRoundTrip(s: Subject, table: TestTable, values: ReadonlyArray<{ written: unknown; expected: unknown }>): Promise<string[]> {
  const ids: string[] = []
  for (const v of values) {
    const made = await attempt(() => s.t.insert(table, { [COLUMN]: v.written }))
    if (!made.ok) {
      report(s, 'round-trip', `writing ${show(v.written)} (which input accepts) failed: ${made.error}`)
      continue
    }
    ids.push(made.value.id)
    const read = await attempt(() => s.t.get(table, made.value.id))
    if (!read.ok) report(s, 'round-trip', `reading back a record holding ${show(v.written)} failed: ${read.error}`)
    else if (!sameValue(read.value.fields[COLUMN], v.expected)) {
      report(
        s,
        'round-trip',
        `wrote ${show(v.written)} and read back ${show(read.value.fields[COLUMN])}, expected ${show(v.expected)}: check encode() and toJson(), or pass samples['${s.ft.type}'].reads if the type normalises values`,
      )
    }
  }
  const [first, last] = [ids[0], values[values.length - 1]]
  if (first && last && values.length > 1) {
    const changed = await attempt(() => s.t.update(table, first, { [COLUMN]: last.written }))
    if (!changed.ok) report(s, 'round-trip', `updating a record to ${show(last.written)} failed: ${changed.error}`)
    else if (!sameValue(changed.value.fields[COLUMN], last.expected))
      report(s, 'round-trip', `updated to ${show(last.written)} and read back ${show(changed.value.fields[COLUMN])}, expected ${show(last.expected)}`)
  }
  return ids
}

async function checkOperators(s: Subject, table: TestTable, config: unknown, values: ReadonlyArray<unknown>): Promise<void> {
  for (const [op, def] of Object.entries(s.ft.operators)) {
    const contribution = `operator '${op}' of field type '${s.ft.type}'`
    let filter: { field: string; op: string; value?: unknown } = { field: COLUMN, op }
    if (def.value) {
      const picked = operatorValue(s, op, def.value(config), values)
      if (!picked.found) {
        report(s, 'operator', `no sample value fits its value schema, so it was not run: pass samples['${s.ft.type}'].operatorValues.${op}`, contribution)
        continue
      }
      filter = { ...filter, value: picked.value }
    }
    const ran = await attempt(() => s.t.records(table, { filter }))
    if (!ran.ok) report(s, 'operator', `filtering with ${show(filter)} failed: ${ran.error}`, contribution)
  }
}

async function checkSort(s: Subject, table: TestTable): Promise<void> {
  for (const direction of ['asc', 'desc'] as const) {
    const ran = await attempt(() => s.t.records(table, { sort: [{ field: COLUMN, direction }] }))
    if (!ran.ok) report(s, 'sort', `sorting ${direction} failed: ${ran.error}`)
  }
}

/** Conversions into this type from the types it names, as a dry run over a real column. */
async function checkCasts(s: Subject, raw: Record<string, unknown>, own: TestTable): Promise<void> {
  const kernel = s.t.kernel
  for (const from of Object.keys(s.ft.castFrom ?? {})) {
    const contribution = `conversion from '${from}' to field type '${s.ft.type}'`
    let table = own
    if (from !== s.ft.type) {
      const source = kernel.plugins.registries.fieldTypes.get(from === '*' ? 'text' : from)
      // A conversion from a type no loaded plugin offers cannot be tried here.
      if (!source) continue
      const made = await attempt(() => s.t.createTable(`Contract ${++tables} from ${source.type}`, [{ name: COLUMN, type: source.type }]))
      if (!made.ok) continue
      table = made.value
      const col = source.column(source.config.safeParse({}).data)
      for (const v of col ? fallbackValues(s.t.actor.userId)[col] : []) if ((await attempt(() => s.t.insert(table, { [COLUMN]: v }))).ok) break
    }
    // Every table the contract creates has the column under test.
    const column = present(
      table.columns.find((c) => c.name === COLUMN),
      `column '${COLUMN}' of the contract's table`,
    )
    const dry = await attempt(() => kernel.tablesService.patchColumn(s.t.actor, table.id, column.id, { type: s.ft.type, config: raw }, { dryRun: true }))
    if (!dry.ok) report(s, 'cast', `a dry run converting a ${from === '*' ? 'text' : from} column failed: ${dry.error}`, contribution)
  }
}

/**
 * A field type against the real kernel, per config: the column is created, sample values pass
 * `input` and read back as written, the column sorts, every operator runs as a filter, and
 * conversions into the type compile.
 */
export async function checkFieldType(t: TestKernel, ft: AnyFieldType, samples: FieldTypeSamples, problems: ContractProblem[]): Promise<void> {
  const s: Subject = { t, ft, samples, what: `field type '${ft.type}'`, problems }
  for (const { raw, parsed } of configsOf(s)) {
    const issues = ft.checkConfig?.(parsed) ?? []
    for (const i of issues) report(s, 'config', `checkConfig refuses the config ${show(raw)} at ${i.path.join('.') || 'config'}: ${i.message}`)
    if (issues.length) continue
    const column = ft.column(parsed)
    if (column !== null && !(COLUMN_DATA_TYPES as ReadonlyArray<string>).includes(column)) {
      report(s, 'column', `column() returned ${show(column)} for ${show(raw)}; it must be one of ${COLUMN_DATA_TYPES.join(', ')}`)
      continue
    }
    const made = await attempt(() => t.createTable(`Contract ${++tables} ${ft.type}`, [{ name: COLUMN, type: ft.type, config: raw }]))
    if (!made.ok) {
      report(s, 'column', `creating a column with config ${show(raw)} failed: ${made.error}`)
      continue
    }
    const table = made.value
    const values = ft.input && column ? valuesOf(s, ft.input(parsed), column) : []
    await checkRoundTrip(s, table, values)
    await checkSort(s, table)
    await checkOperators(
      s,
      table,
      parsed,
      values.map((v) => v.written),
    )
    await checkCasts(s, raw, table)
  }
}
