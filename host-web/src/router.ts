import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { SIGNED_OUT_EVENT } from '@docpal/plugin-sdk/client'
import { loadMe, managesCompany, me } from './services/session.ts'
import { permissionsApi } from './services/permissions-api.ts'
import { previewing } from './services/view-as.ts'

// Every page is its own chunk: the first paint loads only the shell and the page it shows.
const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('./pages/LoginPage.vue'), meta: { public: true } },
  { path: '/signup', name: 'signup', component: () => import('./pages/LoginPage.vue'), meta: { public: true } },
  // The links of account mails: the token in the path is the credential (no session needed).
  { path: '/verify-email/:token', name: 'verify-email', component: () => import('./pages/AccountLinkPage.vue'), props: true, meta: { public: true } },
  { path: '/magic/:token', name: 'magic', component: () => import('./pages/AccountLinkPage.vue'), props: true, meta: { public: true } },
  { path: '/reset-password/:token', name: 'reset-password', component: () => import('./pages/AccountLinkPage.vue'), props: true, meta: { public: true } },
  { path: '/confirm-email/:token', name: 'confirm-email', component: () => import('./pages/AccountLinkPage.vue'), props: true, meta: { public: true } },
  { path: '/profile', name: 'profile', component: () => import('./pages/ProfilePage.vue') },
  { path: '/admin/outbox', name: 'admin-outbox', component: () => import('./pages/AdminOutboxPage.vue') },
  { path: '/', name: 'apps', component: () => import('./pages/AppListPage.vue') },
  { path: '/audit', name: 'audit', component: () => import('./pages/AuditPage.vue') },
  { path: '/tasks', name: 'tasks', component: () => import('./pages/TaskInboxPage.vue') },
  { path: '/company', name: 'company', component: () => import('./pages/CompanyPage.vue') },
  // The invitation mail's link (/invite/<token>), or /invite to type a code; signed in or not.
  { path: '/invite/:token?', name: 'invite', component: () => import('./pages/InvitePage.vue'), meta: { public: true } },
  { path: '/admin/plugins', name: 'admin-plugins', component: () => import('./pages/AdminPluginsPage.vue') },
  {
    path: '/apps/:appId',
    component: () => import('./pages/AppLayout.vue'),
    props: true,
    children: [
      { path: '', name: 'app-home', component: () => import('./pages/AppHomePage.vue') },
      { path: 'settings', name: 'app-settings', component: () => import('./pages/AppSettingsPage.vue'), meta: { manage: true } },
      { path: 'tables/new', name: 'table-new', component: () => import('./pages/TableBuilderPage.vue'), meta: { manage: true } },
      { path: 'tables/:tableId', name: 'table', component: () => import('./pages/TablePage.vue'), props: true },
      { path: 'tables/:tableId/design', name: 'table-design', component: () => import('./pages/TableBuilderPage.vue'), props: true, meta: { manage: true } },
      { path: 'tables/:tableId/settings', name: 'table-settings', component: () => import('./pages/TableSettingsPage.vue'), props: true, meta: { manage: true } },
      { path: 'tables/:tableId/records/new', name: 'record-new', component: () => import('./pages/RecordFormPage.vue'), props: true },
      { path: 'tables/:tableId/records/:recordId', name: 'record', component: () => import('./pages/RecordDetailPage.vue'), props: true },
      { path: 'tables/:tableId/records/:recordId/edit', name: 'record-edit', component: () => import('./pages/RecordFormPage.vue'), props: true },
      { path: 'views/new', name: 'view-new', component: () => import('./pages/ViewEditorPage.vue') },
      { path: 'views/:viewId', name: 'view', component: () => import('./pages/ViewPage.vue'), props: true },
      { path: 'views/:viewId/settings', name: 'view-settings', component: () => import('./pages/ViewEditorPage.vue'), props: true },
      { path: 'workflows', name: 'workflows', component: () => import('./pages/WorkflowListPage.vue') },
      { path: 'workflows/:workflowId', name: 'workflow-edit', component: () => import('./pages/WorkflowEditorPage.vue'), props: true },
      { path: 'workflows/:workflowId/runs', name: 'workflow-runs', component: () => import('./pages/WorkflowRunsPage.vue'), props: true },
      { path: 'folders/:folderId/settings', name: 'folder-settings', component: () => import('./pages/FolderSettingsPage.vue'), props: true },
    ],
  },
  { path: '/:rest(.*)*', name: 'not-found', component: () => import('./pages/NotFoundPage.vue') },
]

export const router = createRouter({ history: createWebHistory(), routes })

// Every page but login needs someone signed in: the first navigation asks the server who that is.
router.beforeEach(async (to) => {
  if (to.meta['public'] === true) return true
  const who = me.value ?? (await loadMe())
  if (!who) return { name: 'login', query: to.fullPath === '/' ? {} : { next: to.fullPath } }
  // The schema designer and settings are for the company's owner and admins (the server refuses
  // members with 403 anyway): a member who follows a link lands on the app instead.
  if (to.matched.some((r) => r.meta['manage'] === true) && !(await mayManage(to.params['tableId'])))
    return typeof to.params['appId'] === 'string' ? { name: 'app-home', params: { appId: to.params['appId'] } } : { name: 'apps' }
  return true
})

/**
 * Owners and admins manage everything (not while previewing a role: nothing changes then); a
 * member manages a table whose rules grant them `manage`.
 */
async function mayManage(tableId: unknown): Promise<boolean> {
  if (previewing.value) return false
  if (managesCompany()) return true
  if (typeof tableId !== 'string') return false
  return (await permissionsApi.tableAccess(tableId).catch(() => ({ actions: [] as string[] }))).actions.includes('manage')
}

// A 401 later (the session ended or was revoked elsewhere) leads to the login page too.
if (typeof window !== 'undefined')
  window.addEventListener(SIGNED_OUT_EVENT, () => {
    me.value = null
    const here = router.currentRoute.value
    if (here.meta['public'] !== true) void router.push({ name: 'login', query: { next: here.fullPath } })
  })
