import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';

export interface NavigationEntry {
  path: string;
  name: string;
  label: string;
}

/** The sidebar, in order. Hash history routes correctly under file:// in the desktop app. */
export const NAVIGATION: readonly NavigationEntry[] = [
  { path: '/', name: 'dashboard', label: 'Dashboard' },
  { path: '/plans', name: 'plans', label: 'Recovery plans' },
  { path: '/items', name: 'items', label: 'Protected items' },
  { path: '/jobs', name: 'jobs', label: 'Jobs' },
  { path: '/scripts', name: 'scripts', label: 'Scripts' },
  { path: '/settings', name: 'settings', label: 'Settings' },
];

const routes: RouteRecordRaw[] = [
  { path: '/', name: 'dashboard', component: () => import('./views/DashboardView.vue') },
  { path: '/plans', name: 'plans', component: () => import('./views/PlansView.vue') },
  { path: '/plans/:planId', name: 'plan', component: () => import('./views/PlanDetailView.vue'), meta: { section: 'plans' } },
  { path: '/items', name: 'items', component: () => import('./views/ItemsView.vue') },
  { path: '/items/:itemId', name: 'item', component: () => import('./views/ItemDetailView.vue'), meta: { section: 'items' } },
  { path: '/wizard/:kind', name: 'wizard', component: () => import('./components/wizards/FailoverWizard.vue'), meta: { section: 'plans' } },
  { path: '/jobs', name: 'jobs', component: () => import('./views/JobsView.vue') },
  { path: '/jobs/:id', name: 'job', component: () => import('./views/JobDetailView.vue'), meta: { section: 'jobs' } },
  { path: '/scripts', name: 'scripts', component: () => import('./views/ScriptsView.vue') },
  { path: '/settings', name: 'settings', component: () => import('./views/SettingsView.vue') },
  { path: '/:pathMatch(.*)*', redirect: '/' },
];

export const router = createRouter({ history: createWebHashHistory(), routes });
