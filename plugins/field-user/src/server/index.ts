import { arrayLiteral, defineFieldType, defineServerPlugin, sql, wordedIssue, z, type FieldScope, type OperatorDefinition, type SQL } from '@docpal/plugin-sdk'
import { fieldUserPlugin } from '../manifest.ts'
import { userConfigSchema, type UserConfig } from '../shared/config.ts'

const ids = () => z.array(z.uuid()).min(1).max(1000)

/** The field's users as an array, whether it holds one (uuid) or many (uuid[]). */
function users(col: SQL, c: UserConfig): SQL {
  return c.allowMultiple ? sql`coalesce(${col}, '{}'::uuid[])` : sql`(case when ${col} is null then '{}'::uuid[] else array[${col}] end)`
}

function me(scope: FieldScope | undefined): string {
  return scope?.userId || '00000000-0000-0000-0000-000000000000'
}

const list = (v: unknown) => sql`${arrayLiteral(v as string[])}::uuid[]`

const operators: Record<string, OperatorDefinition<UserConfig>> = {
  eq: { value: () => z.uuid(), build: (col, v, c) => sql`${users(col, c)} = array[${String(v)}::uuid]` },
  neq: { value: () => z.uuid(), build: (col, v, c) => sql`${users(col, c)} <> array[${String(v)}::uuid]` },
  has_any: { value: ids, build: (col, v, c) => sql`${users(col, c)} && ${list(v)}` },
  has_all: { value: ids, build: (col, v, c) => sql`${users(col, c)} @> ${list(v)}` },
  has_none: { value: ids, build: (col, v, c) => sql`not (${users(col, c)} && ${list(v)})` },
  is_current_user: { build: (col, _v, c, scope) => sql`${me(scope)}::uuid = any(${users(col, c)})` },
  is_not_current_user: { build: (col, _v, c, scope) => sql`not (${me(scope)}::uuid = any(${users(col, c)}))` },
  is_empty: { build: (col, _v, c) => sql`cardinality(${users(col, c)}) = 0` },
  is_not_empty: { build: (col, _v, c) => sql`cardinality(${users(col, c)}) > 0` },
}

const PERSON = {
  type: 'object',
  required: ['id', 'name', 'avatar'],
  properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string' }, avatar: { type: ['string', 'null'] } },
}

/** Users of the company: stored as uuid / uuid[], answered as `{ id, name, avatar }` (or a list). */
export const userFieldType = defineFieldType({
  type: 'user',
  label: 'User',
  description: 'One or more users.',
  config: userConfigSchema,
  column: (c) => (c.allowMultiple ? 'uuid[]' : 'uuid'),
  input: (c) =>
    c.allowMultiple
      ? z
          .array(z.uuid())
          .max(1000)
          // Refused rather than silently merged, as multiple select does.
          .refine((v) => new Set(v).size === v.length, wordedIssue('eachUserOnce', 'each user at most once'))
      : z.uuid(),
  messages: { 'zh-CN': { eachUserOnce: '每个用户最多出现一次' } },
  // Written as ids, answered as the users themselves (toJson).
  output: (c) => (c.allowMultiple ? { type: 'array', items: PERSON } : PERSON),
  encode: (v) => (Array.isArray(v) ? arrayLiteral(v as string[]) : String(v)),
  toJson: (col, c, scope) => {
    if (!scope) return col
    const u = scope.users()
    const person = sql`json_build_object('id', ${u.id}, 'name', ${u.name}, 'avatar', ${u.avatar})`
    return c.allowMultiple
      ? sql`(select coalesce(json_agg(${person} order by array_position(${col}, ${u.id})), '[]'::json) from ${u.from} where ${u.id} = any(${col}))`
      : sql`(select ${person} from ${u.from} where ${u.id} = ${col})`
  },
  sortKey: (col, c) => sql`(${users(col, c)})[1]`,
  // Written users must exist and, when the field names roles, have one of them.
  refuseValues: (c, scope, encoded) => {
    const u = scope.users()
    const written = c.allowMultiple ? sql`(select distinct unnest(e::uuid[]) as v from unnest(${encoded}) e)` : sql`(select distinct e::uuid as v from unnest(${encoded}) e)`
    const roles = c.filterByRole?.length ? sql` and ${u.role} = any(${arrayLiteral(c.filterByRole)}::text[])` : sql``
    return {
      sql: sql`select w.v::text as bad from ${written} w where not exists (select 1 from ${u.from} where ${u.id} = w.v${roles})`,
      message: (bad) =>
        c.filterByRole?.length
          ? `${bad.join(', ')} ${bad.length === 1 ? 'is not a user' : 'are not users'} with the role ${c.filterByRole.join(' or ')}.`
          : `${bad.join(', ')} ${bad.length === 1 ? 'is not a user' : 'are not users'}.`,
    }
  },
  operators,
})

export default defineServerPlugin(fieldUserPlugin, { fieldTypes: [userFieldType] })
