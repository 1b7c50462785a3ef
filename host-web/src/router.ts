import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'

// Every page is its own chunk: the first paint loads only the shell and the page it shows.
const routes: RouteRecordRaw[] = [
  { path: '/', name: 'apps', component: () => import('./pages/AppListPage.vue') },
  { path: '/admin/plugins', name: 'admin-plugins', component: () => import('./pages/AdminPluginsPage.vue') },
  {
    path: '/apps/:appId',
    component: () => import('./pages/AppLayout.vue'),
    props: true,
    children: [
      { path: '', name: 'app-home', component: () => import('./pages/AppHomePage.vue') },
      { path: 'settings', name: 'app-settings', component: () => import('./pages/AppSettingsPage.vue') },
      { path: 'tables/new', name: 'table-new', component: () => import('./pages/TableBuilderPage.vue') },
      { path: 'tables/:tableId', name: 'table', component: () => import('./pages/TablePage.vue'), props: true },
      { path: 'tables/:tableId/design', name: 'table-design', component: () => import('./pages/TableBuilderPage.vue'), props: true },
      { path: 'tables/:tableId/settings', name: 'table-settings', component: () => import('./pages/TableSettingsPage.vue'), props: true },
      { path: 'tables/:tableId/records/new', name: 'record-new', component: () => import('./pages/RecordFormPage.vue'), props: true },
      { path: 'tables/:tableId/records/:recordId', name: 'record', component: () => import('./pages/RecordDetailPage.vue'), props: true },
      { path: 'tables/:tableId/records/:recordId/edit', name: 'record-edit', component: () => import('./pages/RecordFormPage.vue'), props: true },
      { path: 'views/new', name: 'view-new', component: () => import('./pages/ViewEditorPage.vue') },
      { path: 'views/:viewId', name: 'view', component: () => import('./pages/ViewPage.vue'), props: true },
      { path: 'views/:viewId/settings', name: 'view-settings', component: () => import('./pages/ViewEditorPage.vue'), props: true },
      { path: 'folders/:folderId/settings', name: 'folder-settings', component: () => import('./pages/FolderSettingsPage.vue'), props: true },
    ],
  },
  { path: '/:rest(.*)*', name: 'not-found', component: () => import('./pages/NotFoundPage.vue') },
]

export const router = createRouter({ history: createWebHistory(), routes })
