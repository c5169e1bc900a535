// The alert screens build message keys from codes the server sends; each must exist in both languages.
import { describe, expect, it } from 'vitest';
import zhCN from '@/i18n/locales/zh-CN';
import en from '@/i18n/locales/en';
import { ALERT_SOURCES, COMMANDS, STAGES } from './types';
import { STEPS, stageKey } from './stages';

const lookup = (tree: unknown, key: string) => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], tree);

describe('alert message keys', () => {
  it('exist in zh-CN and en for every code', () => {
    const keys = [
      ...STAGES.map(stageKey),
      ...STEPS.map((s) => `alerts.step.${s}`),
      ...COMMANDS.map((c) => `alerts.command.${c}`),
      ...ALERT_SOURCES.map((s) => `alerts.source.${s}`),
      ...[1, 2, 3].map((l) => `alerts.level.l${l}`),
      ...['confirmed', 'downgraded', 'rejected'].map((d) => `alerts.disposition.${d}`),
      ...['confirmed', 'dismissed'].map((o) => `alerts.screeningOutcome.${o}`),
      ...['sensor_fault_suspected', 'zone_in_maintenance', 'duplicate'].map((r) => `alerts.screeningReason.${r}`),
    ];
    for (const key of keys) {
      expect([key, typeof lookup(zhCN, key)]).toEqual([key, 'string']);
      expect([key, typeof lookup(en, key)]).toEqual([key, 'string']);
    }
  });
});
