//! Every screen of the app and the permission it needs: the one place that maps routes to permissions.
//! The side navigation, the route guard and the browser tests all read this table.
import type { RouteRecordRaw } from 'vue-router';

/** Permission strings as GET /api/v1/me returns them. */
export const PERMISSIONS = [
  'tenant:read',
  'platform:admin',
  'site:read',
  'site:write',
  'zone:read',
  'zone:write',
  'user:read',
  'user:write',
  'api_key:manage',
  'audit:read',
  'tenant:admin',
  'device:read',
  'device:write',
  'telemetry:read',
  'hazard:read',
  'hazard:write',
  'risk:configure',
  'alert:read',
  'alert:review',
  'alert:approve',
  'alert:configure',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

declare module 'vue-router' {
  interface RouteMeta {
    /** Message key of the title shown in the navigation and the browser tab. */
    titleKey?: string;
    /** Element Plus icon component name. */
    icon?: string;
    /** The caller needs every one of these; absent means any signed-in user. */
    permissions?: readonly Permission[];
    /** Announced in the navigation but built by a later capability: shown disabled, not routable. */
    comingSoon?: boolean;
    /** Reachable without signing in. */
    public?: boolean;
    /** Routable but not listed in the navigation. */
    hideInMenu?: boolean;
    /** The navigation entry to highlight for a page that is not listed itself. */
    activeMenu?: string;
  }
}

/** The screens inside the signed-in layout, in navigation order. */
export const appRoutes: RouteRecordRaw[] = [
  {
    path: 'dashboard',
    name: 'dashboard',
    component: () => import('@/views/DashboardView.vue'),
    meta: { titleKey: 'nav.dashboard', icon: 'DataAnalysis' },
  },
  {
    path: 'risk',
    name: 'risk',
    redirect: { name: 'hazards' },
    meta: { titleKey: 'nav.risk', icon: 'Warning', permissions: ['hazard:read'] },
    children: [
      {
        path: 'heatmap',
        name: 'heatmap',
        component: () => import('@/views/risk/HeatMapView.vue'),
        meta: { titleKey: 'nav.heatmap', icon: 'MapLocation', permissions: ['hazard:read'] },
      },
      {
        path: 'hazards',
        name: 'hazards',
        component: () => import('@/views/risk/HazardsView.vue'),
        meta: { titleKey: 'nav.hazards', icon: 'Tickets', permissions: ['hazard:read'] },
      },
      {
        path: 'expert-rules',
        name: 'expert-rules',
        component: () => import('@/views/risk/ExpertRulesView.vue'),
        meta: { titleKey: 'nav.expertRules', icon: 'Operation', permissions: ['hazard:read'] },
      },
      {
        path: 'risk-factors',
        name: 'risk-factors',
        component: () => import('@/views/risk/RiskFactorsView.vue'),
        meta: { titleKey: 'nav.riskFactors', icon: 'Odometer', permissions: ['hazard:read'] },
      },
      {
        path: 'sandbox',
        name: 'sandbox',
        component: () => import('@/views/risk/SandboxView.vue'),
        meta: { titleKey: 'nav.sandbox', icon: 'DataAnalysis', permissions: ['hazard:read'] },
      },
      {
        path: 'work-items',
        name: 'work-items',
        component: () => import('@/views/risk/WorkItemsView.vue'),
        meta: { titleKey: 'nav.workItems', icon: 'Document', permissions: ['hazard:read'] },
      },
    ],
  },
  {
    path: 'alerts',
    name: 'alerts',
    redirect: { name: 'alerts-mine' },
    meta: { titleKey: 'nav.alerts', icon: 'Bell', permissions: ['alert:read'] },
    children: [
      {
        path: 'mine',
        name: 'alerts-mine',
        component: () => import('@/views/alerts/MyReviewsView.vue'),
        meta: { titleKey: 'nav.alertsMine', icon: 'List', permissions: ['alert:read'] },
      },
      {
        path: 'actions',
        name: 'alert-actions',
        component: () => import('@/views/alerts/ActionsBoardView.vue'),
        meta: { titleKey: 'nav.alertActions', icon: 'Finished', permissions: ['alert:read'] },
      },
      {
        path: ':alertId',
        name: 'alert-detail',
        component: () => import('@/views/alerts/AlertDetailView.vue'),
        meta: { titleKey: 'nav.alertDetail', permissions: ['alert:read'], hideInMenu: true, activeMenu: '/alerts/mine' },
      },
    ],
  },
  { path: 'flows', name: 'flows', redirect: '/', meta: { titleKey: 'nav.flows', icon: 'Tickets', comingSoon: true } },
  {
    path: 'contractors',
    name: 'contractors',
    redirect: '/',
    meta: { titleKey: 'nav.contractors', icon: 'Avatar', comingSoon: true },
  },
  {
    path: 'devices',
    name: 'devices',
    redirect: { name: 'device-registry' },
    meta: { titleKey: 'nav.devices', icon: 'Cpu', permissions: ['device:read'] },
    children: [
      {
        path: 'registry',
        name: 'device-registry',
        component: () => import('@/views/devices/DevicesView.vue'),
        meta: { titleKey: 'nav.deviceRegistry', icon: 'Monitor', permissions: ['device:read'] },
      },
      {
        path: 'models',
        name: 'thing-models',
        component: () => import('@/views/devices/ThingModelsView.vue'),
        meta: { titleKey: 'nav.thingModels', icon: 'Files', permissions: ['device:read'] },
      },
      {
        path: 'models/new',
        name: 'thing-model-new',
        component: () => import('@/views/devices/ThingModelEditView.vue'),
        meta: {
          titleKey: 'modelEditor.newTitle',
          permissions: ['device:read', 'device:write'],
          hideInMenu: true,
          activeMenu: '/devices/models',
        },
      },
      {
        path: 'models/:thingModelId',
        name: 'thing-model',
        component: () => import('@/views/devices/ThingModelEditView.vue'),
        meta: { titleKey: 'modelEditor.title', permissions: ['device:read'], hideInMenu: true, activeMenu: '/devices/models' },
      },
      {
        path: 'gateways',
        name: 'gateways',
        component: () => import('@/views/devices/GatewaysView.vue'),
        meta: { titleKey: 'nav.gateways', icon: 'Connection', permissions: ['device:read'] },
      },
      {
        path: 'alarm-rules',
        name: 'alarm-rules',
        component: () => import('@/views/devices/AlarmRulesView.vue'),
        meta: { titleKey: 'nav.alarmRules', icon: 'AlarmClock', permissions: ['device:read'] },
      },
      {
        path: 'alarms',
        name: 'alarms',
        component: () => import('@/views/devices/AlarmsView.vue'),
        meta: { titleKey: 'nav.alarms', icon: 'Bell', permissions: ['device:read', 'telemetry:read'] },
      },
      {
        path: 'dead-letters',
        name: 'dead-letters',
        component: () => import('@/views/devices/DeadLettersView.vue'),
        meta: { titleKey: 'nav.deadLetters', icon: 'WarningFilled', permissions: ['device:read', 'telemetry:read'] },
      },
    ],
  },
  {
    path: 'reports',
    name: 'reports',
    redirect: '/',
    meta: { titleKey: 'nav.reports', icon: 'Document', comingSoon: true },
  },
  {
    path: 'admin',
    name: 'admin',
    redirect: { name: 'sites' },
    meta: { titleKey: 'nav.admin', icon: 'Setting' },
    children: [
      {
        path: 'sites',
        name: 'sites',
        component: () => import('@/views/admin/SitesView.vue'),
        meta: { titleKey: 'nav.sites', icon: 'OfficeBuilding', permissions: ['site:read'] },
      },
      {
        path: 'zones',
        name: 'zones',
        component: () => import('@/views/admin/ZonesView.vue'),
        meta: { titleKey: 'nav.zones', icon: 'MapLocation', permissions: ['site:read', 'zone:read'] },
      },
      {
        path: 'users',
        name: 'users',
        component: () => import('@/views/admin/UsersView.vue'),
        meta: { titleKey: 'nav.users', icon: 'User', permissions: ['user:read'] },
      },
      {
        path: 'api-keys',
        name: 'api-keys',
        component: () => import('@/views/admin/ApiKeysView.vue'),
        meta: { titleKey: 'nav.apiKeys', icon: 'Key', permissions: ['api_key:manage'] },
      },
      {
        path: 'audit',
        name: 'audit',
        component: () => import('@/views/admin/AuditView.vue'),
        meta: { titleKey: 'nav.audit', icon: 'List', permissions: ['audit:read'] },
      },
    ],
  },
];

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/LoginView.vue'),
    meta: { public: true, titleKey: 'login.title' },
  },
  {
    path: '/',
    component: () => import('@/layouts/AppLayout.vue'),
    redirect: { name: 'dashboard' },
    children: [
      ...appRoutes,
      {
        path: '403',
        name: 'forbidden',
        component: () => import('@/views/ForbiddenView.vue'),
        meta: { titleKey: 'forbidden.title', hideInMenu: true },
      },
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('@/views/NotFoundView.vue'),
        meta: { titleKey: 'notFound.title', hideInMenu: true },
      },
    ],
  },
];
