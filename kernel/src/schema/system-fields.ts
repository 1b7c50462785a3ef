import { defineFieldType, orderedOperators, scalarOperators, sql, z, type AnyFieldType, type SystemField } from '@docpal/plugin-sdk'
import { present } from '../errors/present.ts'

/**
 * The system columns behave like fields for filters and sorts. They belong to the kernel (every
 * table has them), so they are defined here rather than borrowed from a plugin that may be off.
 */
const uuidValue = () => z.uuid()
const instantValue = () => z.iso.datetime({ offset: true }).or(z.iso.date())

const uuidField = defineFieldType({
  type: 'system_uuid',
  label: 'Id',
  config: z.object({}),
  column: () => 'uuid',
  input: uuidValue,
  operators: scalarOperators({ type: 'uuid', value: uuidValue }),
})

/** Nobody's id: `is_current_user` of work the server does itself matches no row. */
const NOBODY = '00000000-0000-0000-0000-000000000000'

/** Who created a record: a uuid that also compares with whoever asks (row rules' "own records"). */
const creatorField = defineFieldType({
  type: 'system_creator',
  label: 'Created by',
  config: z.object({}),
  column: () => 'uuid',
  input: uuidValue,
  operators: {
    ...scalarOperators({ type: 'uuid', value: uuidValue }),
    // `=`, not `is not distinct from`: the right side is never null (NOBODY stands in), and only `=` can use an index on created_by.
    is_current_user: { build: (col, _v, _c, scope) => sql`${col} = ${scope?.userId || NOBODY}::uuid` },
    is_not_current_user: { build: (col, _v, _c, scope) => sql`${col} is distinct from ${scope?.userId || NOBODY}::uuid` },
  },
})

const ISO_UTC = sql`'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`

const instantField = defineFieldType({
  type: 'system_timestamp',
  label: 'Timestamp',
  config: z.object({}),
  column: () => 'timestamptz',
  input: instantValue,
  toJson: (col) => sql`to_char(${col} at time zone 'UTC', ${ISO_UTC})`,
  operators: (() => {
    const ops = orderedOperators({ type: 'timestamptz', value: instantValue })
    return { ...ops, before: present(ops['lt'], 'the lt operator'), after: present(ops['gt'], 'the gt operator') }
  })(),
})

export const SYSTEM_FIELD_COLUMNS: Readonly<Record<SystemField, { column: string; type: AnyFieldType }>> = {
  id: { column: 'id', type: uuidField },
  createdAt: { column: 'created_at', type: instantField },
  updatedAt: { column: 'updated_at', type: instantField },
  createdBy: { column: 'created_by', type: creatorField },
}

export function isSystemField(name: string): name is SystemField {
  return Object.hasOwn(SYSTEM_FIELD_COLUMNS, name)
}
