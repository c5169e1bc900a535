import { describe, expect, it } from 'vitest';
import { exportFilename, filenameFromDisposition, guessFormat, parseDocument } from './documents';

describe('imported documents', () => {
  it('parse JSON and say roughly where it breaks', () => {
    expect(parseDocument('{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
    const bad = parseDocument('{\n  "a": 1,\n  "b": \n}');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.line === null || bad.line >= 3).toBe(true);
  });

  it('tell TSL, WoT and this platform’s format apart', () => {
    expect(guessFormat({ '@context': 'https://www.w3.org/2022/wot/td/v1.1', title: 'Lamp' })).toBe('wot');
    expect(guessFormat({ title: 'Lamp', properties: {} })).toBe('wot');
    expect(guessFormat({ schema: 'https://iotx-tsl.oss-ap-southeast-1.aliyuncs.com/schema.json', profile: { productKey: 'a1' } })).toBe('tsl');
    expect(guessFormat({ profile: { productKey: 'a1' }, properties: [] })).toBe('tsl');
    expect(guessFormat({ identifier: 'gas', name: '气体', name_en: 'Gas', category: 'other' })).toBe('foresight');
    expect(guessFormat([1, 2])).toBeNull();
    expect(guessFormat({ hello: 'world' })).toBeNull();
  });
});

describe('exported files', () => {
  it('take the server’s file name', () => {
    expect(filenameFromDisposition('attachment; filename="gas-r2.model.json"')).toBe('gas-r2.model.json');
    expect(filenameFromDisposition("attachment; filename*=UTF-8''gas%20r2.json")).toBe('gas r2.json');
    expect(filenameFromDisposition('attachment')).toBeNull();
    expect(filenameFromDisposition(null)).toBeNull();
  });

  it('fall back to the same pattern', () => {
    expect(exportFilename('gas', 3, 'tsl')).toBe('gas-r3.tsl.json');
    expect(exportFilename('gas', 3, 'foresight')).toBe('gas-r3.model.json');
  });
});
