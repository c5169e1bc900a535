import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import zhCN from './locales/zh-CN';
import en from './locales/en';
import { findCjk, findTemplateLiterals } from './literals';
import { i18n } from './index';
import { appRoutes } from '@/router/routes';
import { ZONE_STATUSES, statusKey } from '@/zones/status';
import {
  ACCESS_MODES,
  CATEGORIES,
  DATA_TYPES,
  DEAD_LETTER_REASONS,
  DEVICE_STATUSES,
  IMPORT_FORMATS,
  SEVERITIES,
  SOURCES,
} from '@/things/catalog';
import { WINDOWS } from '@/things/series';
import { COMPARISONS, CONDITION_KINDS, DIRECTIONS } from '@/alarms/rules';
import { GRADES, gradeKey } from '@/risk/grades';
import { KNOWN_FACTORS, SIGNALS, inputKey } from '@/risk/contributions';
import { TREND_WINDOWS } from '@/risk/drill';

const SRC = path.resolve(__dirname, '..');

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return files(full, ext);
    return ext.test(name) ? [full] : [];
  });
}

type Tree = { [k: string]: string | Tree };
function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
  }
  return out;
}
const placeholders = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

const zh = leaves(zhCN as Tree);
const english = leaves(en as Tree);
const rel = (f: string) => path.relative(SRC, f);

describe('message catalogues', () => {
  it('have the same keys in zh-CN and en', () => {
    expect([...english.keys()].sort()).toEqual([...zh.keys()].sort());
  });

  it('use the same placeholders in both languages', () => {
    for (const [key, message] of zh) expect([key, placeholders(english.get(key) ?? '')]).toEqual([key, placeholders(message)]);
  });

  it('have no empty messages and no characters vue-i18n would read as syntax', () => {
    for (const [key, message] of [...zh, ...english]) {
      expect([key, message.trim().length > 0]).toEqual([key, true]);
      expect([key, /[@|$]/.test(message)]).toEqual([key, false]);
    }
  });

  it('contain every key the code names literally', () => {
    const used = new Set<string>();
    for (const f of files(SRC, /\.(vue|ts)$/)) {
      if (f.endsWith('.spec.ts')) continue;
      for (const m of readFileSync(f, 'utf8').matchAll(/\b(?:t|te)\(\s*'([a-zA-Z][\w.-]*)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter((k) => !zh.has(k));
    expect(missing).toEqual([]);
  });

  it('contain the keys the code builds from codes', () => {
    const built = [
      ...ZONE_STATUSES.map(statusKey),
      statusKey('something-new'),
      ...['too_few_points', 'self_intersecting', 'zero_area'].map((p) => `polygon.${p}`),
      ...['zh-CN', 'en'].map((l) => `lang.${l}`),
      ...[400, 401, 403, 404, 409, 412, 413, 422, 428, 429, '5xx'].map((s) => `errors.status.${s}`),
      ...CATEGORIES.map((c) => `category.${c}`),
      ...SOURCES.map((c) => `modelSource.${c}`),
      ...SEVERITIES.map((c) => `severity.${c}`),
      ...DATA_TYPES.map((c) => `dataType.${c}`),
      ...ACCESS_MODES.map((c) => `access.${c}`),
      ...DEVICE_STATUSES.map((c) => `deviceStatus.${c}`),
      ...IMPORT_FORMATS.map((c) => `importFormat.${c}`),
      ...DEAD_LETTER_REASONS.map((c) => `deadLetterReason.${c}`),
      ...['online', 'silent', 'never'].map((s) => `gateways.states.${s}`),
      ...WINDOWS.map((w) => `trend.window.${w.key}`),
      ...[1, 24, 168].map((h) => `deadLetters.window.h${h}`),
      ...CONDITION_KINDS.map((k) => `alarmRules.kind.${k}`),
      ...COMPARISONS.map((o) => `alarmRules.op.${o}`),
      ...DIRECTIONS.map((d) => `alarmRules.direction.${d}`),
      ...['active', 'cleared'].map((s) => `alarms.status.${s}`),
      ...GRADES.map(gradeKey),
      gradeKey('something-new'),
      ...['connecting', 'live', 'reconnecting', 'polling', 'stopped'].map((s) => `heatmap.link.${s}`),
      ...SIGNALS.map((s) => inputKey(s, 'signal')),
      ...KNOWN_FACTORS.map((f) => inputKey(f, 'factor')),
      ...TREND_WINDOWS.map((w) => `heatmap.drill.window.m${w}`),
    ];
    const walk = (rs: typeof appRoutes): string[] =>
      rs.flatMap((r) => [r.meta?.titleKey ?? '', ...(r.children ? walk(r.children) : [])]).filter(Boolean);
    for (const key of [...built, ...walk(appRoutes)]) expect([key, zh.has(key)]).toEqual([key, true]);
  });

  it('resolve through vue-i18n in both languages, including keys with digits and hyphens', () => {
    const { t, locale } = i18n.global;
    locale.value = 'en';
    expect(t('errors.status.412')).toBe(english.get('errors.status.412'));
    expect(t('lang.zh-CN')).toBe('中文');
    expect(t('trend.window.24h')).toBe('24 h');
    expect(t('deadLetterReason.timestamp_in_future')).toBe('Timestamp in the future');
    expect(t('audit.intact', { n: 3 })).toBe('Chain intact: 3 records verified');
    locale.value = 'zh-CN';
    expect(t('errors.status.5xx')).toBe(zh.get('errors.status.5xx'));
  });
});

describe('no text hard-coded in one language', () => {
  it('detects literal text, text attributes and shown string literals (self-test)', () => {
    const bad = `<template>
  <div title="Hello">保存</div>
  <el-button>Save</el-button>
  <span>{{ ok ? 'Yes' : t('common.cancel') }}</span>
  <el-input placeholder="e.g. demo" />
  <el-input :placeholder="'名称'" />
  <p>{{ n }} · {{ t('zones.list', { n }) }} / 42 {{ s === 'active' ? t('users.active') : 'Off' }}</p>
</template>`;
    const found = findTemplateLiterals(bad).map((l) => l.text);
    expect(found).toEqual(['title="Hello"', '保存', 'Save', 'Yes', 'placeholder="e.g. demo"', ':placeholder="名称"', 'Off']);
    expect(findCjk("const a = '名称';\n// 注释\n")).toHaveLength(1);
  });

  it('finds none in the app’s templates', () => {
    const offenders = files(SRC, /\.vue$/).flatMap((f) =>
      findTemplateLiterals(readFileSync(f, 'utf8')).map((l) => `${rel(f)}:${l.line} ${l.text}`),
    );
    expect(offenders).toEqual([]);
  });

  it('finds no CJK text outside the catalogues', () => {
    const offenders = files(SRC, /\.(vue|ts)$/)
      .filter((f) => !f.includes(`${path.sep}locales${path.sep}`) && !f.endsWith('.spec.ts'))
      .flatMap((f) => findCjk(readFileSync(f, 'utf8')).map((l) => `${rel(f)}:${l.line} ${l.text}`));
    expect(offenders).toEqual([]);
  });
});
