import { api } from '@docpal/plugin-sdk/client'
import type { ActionsAnswer, AppRules, RoleInfo, TableAccess, TableRules, ViewRules } from './permission-types.ts'

/** Permission rules, what the caller may do, and the company's roles (API.md "Permissions"). */
export const permissionsApi = {
  tableAccess: (tableId: string) => api.get<TableAccess>(`/api/tables/${tableId}/access`),
  recordAccess: (tableId: string, recordId: string) => api.get<ActionsAnswer>(`/api/tables/${tableId}/records/${recordId}/access`),
  appAccess: (appId: string) => api.get<ActionsAnswer>(`/api/apps/${appId}/access`),
  viewAccess: (viewId: string) => api.get<ActionsAnswer>(`/api/views/${viewId}/access`),
  tableRules: (tableId: string) => api.get<TableRules>(`/api/tables/${tableId}/permissions`),
  putTableRules: (tableId: string, b: TableRules) => api.put<TableRules>(`/api/tables/${tableId}/permissions`, b),
  appRules: (appId: string) => api.get<AppRules>(`/api/apps/${appId}/permissions`),
  putAppRules: (appId: string, b: AppRules) => api.put<AppRules>(`/api/apps/${appId}/permissions`, b),
  viewRules: (viewId: string) => api.get<ViewRules>(`/api/views/${viewId}/permissions`),
  putViewRules: (viewId: string, b: ViewRules) => api.put<ViewRules>(`/api/views/${viewId}/permissions`, b),
}

export const rolesApi = {
  list: (companyId: string) => api.get<RoleInfo[]>(`/api/companies/${companyId}/roles`),
  create: (companyId: string, b: { name: string; label: string }) => api.post<RoleInfo>(`/api/companies/${companyId}/roles`, b),
  rename: (companyId: string, name: string, label: string) => api.patch<RoleInfo>(`/api/companies/${companyId}/roles/${encodeURIComponent(name)}`, { label }),
  remove: (companyId: string, name: string) => api.delete<null>(`/api/companies/${companyId}/roles/${encodeURIComponent(name)}`),
}
