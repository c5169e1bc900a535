import { describe, expect, it } from 'vitest';
import { controlsFromText, controlsToText, hazardErrorKey } from './hazardForm';

describe('hazard form', () => {
  it('reads one control measure per line and writes them back', () => {
    expect(controlsFromText('  加装防护罩 \n\n挂警示牌\r\n')).toEqual(['加装防护罩', '挂警示牌']);
    expect(controlsToText(['a', 'b'])).toBe('a\nb');
  });

  it('puts assessment errors on their own select and list errors on the list', () => {
    expect(hazardErrorKey('assessment.e')).toBe('assessment.e');
    expect(hazardErrorKey('/assessment/c')).toBe('assessment.c');
    expect(hazardErrorKey('engineering_controls[2]')).toBe('engineering_controls');
    expect(hazardErrorKey('device_ids[0]')).toBe('device_ids');
    expect(hazardErrorKey('code')).toBe('code');
  });
});
