import { describe, expect, it } from 'vitest';
import { detailFromServer, evidenceFromServer, transitionFromServer } from './fromServer';

describe('transitions from the server', () => {
  it('names the system, a person, the command and its comment or reasoning', () => {
    const system = transitionFromServer({
      seq: 1, at: '2026-11-30T03:00:00Z', actor_kind: 'system', actor_id: null, actor_name: '系统',
      command: { command: 'screen_confirm', reasoning: '氨气 32 ppm' }, from_stage: 'screening', to_stage: 'engineer_review', audit_seq: 9,
    });
    expect(system).toMatchObject({ actor: { kind: 'system' }, command: 'screen_confirm', from: 'screening', to: 'engineer_review', comment: '氨气 32 ppm' });
    const person = transitionFromServer({
      seq: 2, at: 'x', actor_kind: 'person', actor_id: 'u1', actor_name: '孙工',
      command: { command: 'decide', disposition: { kind: 'confirmed' }, comment: '现场确认' }, from_stage: 'engineer_review', to_stage: 'final_review',
    });
    expect(person.actor).toEqual({ kind: 'person', id: 'u1', name: '孙工' });
    expect(person.comment).toBe('现场确认');
    expect(person.detail).toEqual({ disposition: { kind: 'confirmed' } });
  });

  it('keeps the rest of the detail and maps every transition', () => {
    const detail = detailFromServer({ alert_id: 'a', transitions: [{ seq: 1, actor_kind: 'system', command: { command: 'deadline_missed' }, from_stage: 'final_review', to_stage: 'final_review' }] });
    expect(detail.alert_id).toBe('a');
    expect(detail.transitions[0]!.command).toBe('deadline_missed');
    expect(detail.transitions[0]!.comment).toBe('');
  });
});

describe('evidence from the server', () => {
  it('turns contributions into shares of their absolute sum and reads factors and rules', () => {
    const e = evidenceFromServer({
      from: 'f', to: 't',
      zone_risk: { contributions: [{ input: 'nh3_max', value: 30 }, { input: 'people_in_zone', value: -10 }], inputs: { factors: [{ id: 'x', name: '动火+气体', intensity: 3 }], rules: ['r1'] } },
      readings: [{ device_id: 'd', device_code: 'GT-1', device_name: '', property: 'nh3', points: [] }],
    });
    expect(e.window).toEqual({ from: 'f', to: 't' });
    expect(e.contributions.map((c) => c.share)).toEqual([0.75, -0.25]);
    expect(e.factors).toEqual([{ name: '动火+气体', multiplier: 3 }]);
    expect(e.rules).toEqual([{ name: 'r1', path: null }]);
    expect(e.readings[0]!.device_name).toBe('GT-1');
  });

  it('is empty, not broken, without a zone risk row', () => {
    const e = evidenceFromServer({ from: 'f', to: 't', zone_risk: null, readings: [], device_events: [], work_items: [] });
    expect(e.contributions).toEqual([]);
    expect(e.factors).toEqual([]);
  });
});
