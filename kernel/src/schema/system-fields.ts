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
  createdBy: { column: 'created_by', type: uuidField },
}

export function isSystemField(name: string): name is SystemField {
  return Object.hasOwn(SYSTEM_FIELD_COLUMNS, name)
}
