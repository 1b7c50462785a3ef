// The permission routes' answers. TEMPORARY until perm-core lands: then these become aliases of
// the generated OpenAPI types (test/fixtures/openapi/docpal-api.d.ts).
export type Action = 'view' | 'create' | 'edit' | 'delete' | 'manage'
export interface TableAccess {
  actions: Action[]
  hiddenFields: string[]
  readOnlyFields: string[]
  rowRules: { read: boolean; edit: boolean; delete: boolean }
}
export interface ActionsAnswer {
  actions: Action[]
}
export interface TableRule {
  id?: string
  role?: string
  userId?: string
  actions: Action[]
  readFilter?: unknown
  editFilter?: unknown
  deleteFilter?: unknown
  hiddenFields?: string[]
  readOnlyFields?: string[]
}
export interface TableRules {
  rules: TableRule[]
}
export interface Grant {
  id?: string
  role?: string
  userId?: string
  actions: Action[]
}
export interface AppRules {
  rules: Grant[]
}
export type ViewAction = 'view' | 'manage'
export interface ViewRules {
  rules: Array<Omit<Grant, 'actions'> & { actions: ViewAction[] }>
}
export interface RoleInfo {
  name: string
  label: string
  builtIn?: boolean
}
