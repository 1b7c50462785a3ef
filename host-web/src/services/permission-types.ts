import type { paths } from '../../../test/fixtures/openapi/docpal-api.d.ts'

// The permission routes' bodies, from the generated OpenAPI types (`pnpm openapi:types`): the
// server's schemas are the one definition, restated nowhere here.
type Method = 'get' | 'put' | 'post' | 'patch'
type Answer<P extends keyof paths, M extends Method> = paths[P][M] extends { responses: infer R }
  ? R extends { 200: { content: { 'application/json': infer T } } }
    ? T
    : R extends { 201: { content: { 'application/json': infer T } } }
      ? T
      : never
  : never
type Body<P extends keyof paths, M extends Method> = paths[P][M] extends { requestBody?: { content: { 'application/json': infer T } } } ? T : never

export type TableAccess = Answer<'/api/tables/{id}/access', 'get'>
export type ActionsAnswer = Answer<'/api/tables/{id}/records/{recordId}/access', 'get'>
export type Action = ActionsAnswer['actions'][number]
/** A table's rules as PUT takes them (ids optional, filters and field lists optional). */
export type TableRules = Body<'/api/tables/{id}/permissions', 'put'>
export type TableRule = TableRules['rules'][number]
export type AppRules = Body<'/api/apps/{id}/permissions', 'put'>
export type Grant = AppRules['rules'][number]
export type ViewRules = Body<'/api/views/{id}/permissions', 'put'>
export type RoleInfo = Answer<'/api/companies/{id}/roles', 'post'>
export type ViewAction = ViewRules['rules'][number]['actions'][number]
