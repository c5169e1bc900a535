// A small plant for the device screens, made through the API: thing models copied from presets, a
// gateway, devices placed in the zones, readings sent with the gateway's token over the last hours, and a
// few refused ones so the dead-letter store has something to show.
import { ingest } from './api.mjs';

/** Plan positions (of the synthetic plan in png.mjs) and statuses of the devices. */
const DEVICES = [
  ['NH3', 'gas', 'Ammonia detector', [470, 150], 'active'],
  ['NH3B', 'gas', 'Ammonia detector B', [560, 260], 'maintenance'],
  ['TT', 'temp', 'Reactor temperature', [140, 200], 'active'],
  ['TT2', 'temp', 'Warehouse temperature', [940, 560], 'retired'],
  ['TT3', 'temp', 'Spare transmitter', null, 'active'],
];

function inside([x, y], polygon) {
  let hit = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

/** Each device goes into the zone of the site that holds its position. */
export async function seedDevices(api, site, runId) {
  const zones = await api.zones(site.site_id);
  const gas = await api.modelFromPreset('gas_detector_nh3', `nh3_${runId}`);
  const temp = await api.modelFromPreset('temperature_transmitter', `tt_${runId}`);
  const { gateway, token } = await api.createGateway(site.site_id, `GW-${runId}`, `Tank farm gateway ${runId}`);
  const models = { gas, temp };
  const devices = [];
  for (const [prefix, model, name, position, status] of DEVICES) {
    devices.push(
      await api.createDevice({
        site_id: site.site_id,
        gateway_id: gateway.gateway_id,
        zone_id: position ? (zones.find((z) => inside(position, z.polygon))?.zone_id ?? null) : null,
        thing_model_id: models[model].thing_model_id,
        code: `${prefix}-${runId}`,
        name: `${name} ${runId}`,
        status,
        position_x: position?.[0] ?? null,
        position_y: position?.[1] ?? null,
      }),
    );
  }

  // Six hours of readings, one a minute, with a slow swing and some noise; the last ten minutes every 10 s.
  const now = Date.now();
  const readings = [];
  for (let m = 360; m >= 0; m--) {
    const ts = now - m * 60_000;
    const swing = Math.sin((m / 360) * Math.PI * 2);
    readings.push({ device: `NH3-${runId}`, ts, values: { nh3: +(12 + 8 * swing + Math.random() * 3).toFixed(2), status: 0 } });
    readings.push({ device: `TT-${runId}`, ts, property: 'temperature', value: +(78 + 4 * swing + Math.random()).toFixed(2) });
  }
  for (let s = 600; s > 0; s -= 10) {
    readings.push({ device: `NH3-${runId}`, ts: now - s * 1000 + 500, property: 'nh3', value: +(14 + Math.random() * 4).toFixed(2) });
  }
  const receipt = await ingest(token, { seq: 1, sent_at: Date.now(), readings });

  // Refused: an unknown device, an unknown property, out of the sensor's range, the wrong type.
  const refused = await ingest(token, {
    seq: 2,
    sent_at: Date.now(),
    readings: [
      { device: `GHOST-${runId}`, ts: now, property: 'nh3', value: 1 },
      { device: `NH3-${runId}`, ts: now, property: 'h2s', value: 3 },
      { device: `NH3-${runId}`, ts: now, property: 'nh3', value: 5000 },
      { device: `TT-${runId}`, ts: now, property: 'temperature', value: 'hot' },
    ],
  });
  return { gateway, token, models, devices, receipt, refused };
}
