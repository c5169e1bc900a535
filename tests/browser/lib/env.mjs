// Where the browser tests point: a running Foresight server and the demo tenant's logins.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set (see tests/browser/README.md)`);
  return value;
}

export const env = {
  baseUrl: required('FORESIGHT_URL').replace(/\/$/, ''),
  tenant: process.env.FORESIGHT_TENANT ?? 'demo',
  adminUser: process.env.FORESIGHT_ADMIN_USER ?? 'admin',
  adminPassword: required('FORESIGHT_DEMO_PASSWORD'),
  chromium: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  screenshots: process.env.FORESIGHT_SCREENSHOTS ?? path.resolve(here, '..', 'screenshots'),
  /** Slows each browser action down, for watching a run: FORESIGHT_SLOWMO=200. */
  slowMo: Number(process.env.FORESIGHT_SLOWMO ?? 0),
};

/** A suffix that keeps names unique across runs against the same database. */
export const runId = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
