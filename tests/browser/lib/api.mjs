// Direct API calls for test set-up (the thing under test is the browser; set-up need not click).
import { env } from './env.mjs';

export class Api {
  constructor(tokens) {
    this.tokens = tokens;
  }

  static async login(username = env.adminUser, password = env.adminPassword, tenant = env.tenant) {
    const tokens = await request('POST', '/api/v1/auth/login', { body: { tenant, username, password } });
    return new Api(tokens);
  }

  call(method, path, options = {}) {
    return request(method, path, { ...options, token: this.tokens.access_token });
  }

  /** PATCH with the If-Match the API requires, read from a fresh GET. */
  async patch(path, body) {
    const current = await this.call('GET', path);
    return this.call('PATCH', path, { body, headers: { 'If-Match': `"${current.version}"` } });
  }

  /** The demo plant's site (滨海一厂, BH1), which `serve --demo` seeds; fails when it is missing. */
  async demoSite() {
    const sites = await this.call('GET', '/api/v1/sites?per_page=200');
    const site = sites.items.find((s) => s.code === 'BH1');
    if (!site) throw new Error('the demo site BH1 does not exist');
    return site;
  }

  async createSite(name, code) {
    return this.call('POST', '/api/v1/sites', { body: { name, code, address: '', timezone: 'Asia/Shanghai' } });
  }

  async uploadPlan(siteId, png) {
    return this.call('PUT', `/api/v1/sites/${siteId}/plan`, { raw: png, contentType: 'image/png' });
  }

  async createUser(username, password, role) {
    const user = await this.call('POST', '/api/v1/users', {
      body: { username, display_name: username, email: '', phone: '', password },
    });
    if (role) await this.call('POST', `/api/v1/users/${user.user_id}/roles`, { body: { role, zone_id: null } });
    return user;
  }

  async zones(siteId) {
    return (await this.call('GET', `/api/v1/zones?site_id=${siteId}&per_page=200`)).items;
  }

  /** A thing model copied from a preset under its own identifier (a preset's identifier is taken once per tenant). */
  async modelFromPreset(preset, identifier) {
    const presets = await this.call('GET', '/api/v1/thing-models/presets');
    const found = presets.find((p) => p.identifier === preset);
    if (!found) throw new Error(`no preset ${preset}`);
    return this.call('POST', '/api/v1/thing-models', { body: { preset, definition: { ...found.definition, identifier } } });
  }

  /** A gateway and its one-time token. */
  async createGateway(siteId, code, name) {
    return this.call('POST', '/api/v1/gateways', { body: { site_id: siteId, code, name } });
  }

  async createDevice(body) {
    return this.call('POST', '/api/v1/devices', { body: { status: 'active', ...body } });
  }

  async devices(query) {
    return (await this.call('GET', `/api/v1/devices?${new URLSearchParams({ per_page: '200', ...query })}`)).items;
  }
}

/** Sends a gateway's batch over HTTP with its token, as a real gateway would. */
export function ingest(gatewayToken, batch) {
  return request('POST', '/api/v1/ingest/batches', { body: batch, token: gatewayToken });
}

/** Sends one request; a non-2xx answer throws with the problem document in the message. */
export async function request(method, path, { body, raw, contentType, token, expect, headers: extra } = {}) {
  const headers = { Accept: 'application/json', ...extra };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (raw !== undefined) headers['Content-Type'] = contentType;
  const response = await fetch(env.baseUrl + path, {
    method,
    headers,
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  if (expect !== undefined) {
    if (response.status !== expect) throw new Error(`${method} ${path}: expected ${expect}, got ${response.status}`);
    return response;
  }
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}
