import { z } from 'zod'

const Action = z.enum(['view', 'create', 'edit', 'delete', 'manage'])

export const TableRuleOut = z.object({
  id: z.string(),
  role: z.string().optional(),
  userId: z.string().optional(),
  actions: z.array(Action),
  readFilter: z.unknown().optional(),
  editFilter: z.unknown().optional(),
  deleteFilter: z.unknown().optional(),
  hiddenFields: z.array(z.string()),
  readOnlyFields: z.array(z.string()),
})
export const TableRulesOut = z.object({ rules: z.array(TableRuleOut) }).meta({ id: 'TableRules' })

export const GrantOut = z.object({ id: z.string(), role: z.string().optional(), userId: z.string().optional(), actions: z.array(Action) })
export const GrantsOut = z.object({ rules: z.array(GrantOut) }).meta({ id: 'Grants' })

export const ActionsOut = z.object({ actions: z.array(Action) }).meta({ id: 'Actions' })
export const TableAccessOut = z.object({
  actions: z.array(Action),
  hiddenFields: z.array(z.string()).describe('columns that do not exist for the caller (names)'),
  readOnlyFields: z.array(z.string()).describe('columns the caller sees but may not write (names)'),
  rowRules: z.object({ read: z.boolean(), edit: z.boolean(), delete: z.boolean() }).describe('which row rules limit the caller'),
  createViews: z.boolean().describe('whether the caller may add views of this table'),
})

export const RoleOut = z.object({ name: z.string(), label: z.string(), builtIn: z.boolean() }).meta({ id: 'Role' })
