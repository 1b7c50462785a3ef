import { z } from 'zod'
import { ACTIONS, VIEW_ACTIONS } from '../permissions/permission-model.ts'

const MAX_RULES = 200
const Fields = z.array(z.string().min(1).max(200)).max(1000)
const Who = {
  role: z.string().min(1).max(50).optional().describe('a role: owner, admin, member or one the company defined'),
  userId: z.uuid().optional().describe('or one member'),
}
const oneGrantee = (r: { role?: string | undefined; userId?: string | undefined }) => (r.role === undefined) !== (r.userId === undefined)
const GRANTEE = { message: 'A rule is for a role or for one user: give exactly one of `role` and `userId`.', path: ['role'] }

export const TableRule = z
  .strictObject({
    id: z.uuid().optional().describe('answered by GET; ignored on PUT'),
    ...Who,
    actions: z.array(z.enum(ACTIONS)).max(ACTIONS.length),
    readFilter: z.unknown().optional().describe('rows the grantee may read: a filter in the query grammar; absent: all rows'),
    editFilter: z.unknown().optional().describe('rows they may edit (absent: readFilter); a create or edit must produce a row inside it'),
    deleteFilter: z.unknown().optional().describe('rows they may delete (absent: editFilter)'),
    hiddenFields: Fields.optional().describe('columns (names or ids) the grantee never sees nor uses'),
    readOnlyFields: Fields.optional().describe('columns (names or ids) the grantee sees but may not write'),
  })
  .refine(oneGrantee, GRANTEE)
export type TableRule = z.output<typeof TableRule>

export const AppRule = z.strictObject({ id: z.uuid().optional(), ...Who, actions: z.array(z.enum(ACTIONS)).max(ACTIONS.length) }).refine(oneGrantee, GRANTEE)
export const ViewRule = z.strictObject({ id: z.uuid().optional(), ...Who, actions: z.array(z.enum(VIEW_ACTIONS)).max(VIEW_ACTIONS.length) }).refine(oneGrantee, GRANTEE)

export const TableRulesInput = z.strictObject({ rules: z.array(TableRule).max(MAX_RULES) })
export const AppRulesInput = z.strictObject({ rules: z.array(AppRule).max(MAX_RULES) })
export const ViewRulesInput = z.strictObject({ rules: z.array(ViewRule).max(MAX_RULES) })
