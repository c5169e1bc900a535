import { describe, expect, it } from 'vitest';
import { emptyDataType, emptyEvent, emptyModel, emptyParam, emptyProperty } from './definition';
import { errorsPerSection, hasErrorWithin, modelErrors, modelPath, renderedPaths, shiftAfterRemoval, unplacedErrors } from './fieldPaths';

const issue = (field: string, message = field) => ({ field, code: 'x', message });

function modelWith(n: number) {
  const form = emptyModel();
  for (let i = 0; i < n; i++) form.properties.push(emptyProperty());
  return form;
}

describe('server field paths', () => {
  it('strip the request field that held the model', () => {
    expect(modelPath('definition.properties[2].data_type.max')).toBe('properties[2].data_type.max');
    expect(modelPath('definition.identifier')).toBe('identifier');
    expect(modelPath('definition')).toBe('');
    expect(modelPath('$.definition.name')).toBe('name');
    expect(modelPath('preset')).toBeNull();
    expect(modelPath('definitions.name')).toBeNull();
  });

  it('read JSON pointers too', () => {
    expect(modelPath('/definition/properties/2/data_type/max')).toBe('properties[2].data_type.max');
    expect(modelPath('/definition/events/0/output/1/identifier')).toBe('events[0].output[1].identifier');
  });

  it('take other prefixes (an import names the document or the model it made)', () => {
    expect(modelPath('document.profile.productKey', ['document', 'definition'])).toBe('profile.productKey');
    expect(modelPath('definition.name', ['document', 'definition'])).toBe('name');
  });
});

describe('placing errors on the editor’s rows', () => {
  it('keys messages by model path, joining several for one input, and keeps the rest aside', () => {
    const { byPath, outside } = modelErrors([
      issue('definition.properties[2].data_type.max', 'max ≤ min'),
      issue('definition.properties[2].data_type.max', 'too big'),
      issue('definition.name', 'blank'),
      issue('preset', 'no such preset'),
    ]);
    expect(byPath).toEqual({ 'properties[2].data_type.max': 'max ≤ min; too big', name: 'blank' });
    expect(outside.map((e) => e.field)).toEqual(['preset']);
  });

  it('counts errors per tab for the badges', () => {
    const { byPath } = modelErrors([
      issue('definition.properties[0].name'),
      issue('definition.properties[3].data_type.values[1].label'),
      issue('definition.events[0].output[0].identifier'),
      issue('definition.identifier'),
      issue('definition'),
    ]);
    expect(errorsPerSection(byPath)).toEqual({ basics: 2, properties: 2, events: 1, commands: 0 });
  });

  it('tells which rows hold an error', () => {
    const byPath = { 'properties[2].data_type.max': 'm', 'properties[12].name': 'n' };
    expect(hasErrorWithin(byPath, 'properties[2]')).toBe(true);
    expect(hasErrorWithin(byPath, 'properties[1]')).toBe(false);
    expect(hasErrorWithin(byPath, 'properties[12]')).toBe(true);
    expect(hasErrorWithin(byPath, 'properties[2].data_type')).toBe(true);
  });

  it('has an input for each spec of the row’s current type, and nothing for others', () => {
    const form = modelWith(3);
    form.properties[2]!.data_type = emptyDataType('float');
    const shown = renderedPaths(form);
    expect(shown.has('properties[2].data_type.max')).toBe(true);
    expect(shown.has('properties[2].data_type.precision')).toBe(true);
    expect(shown.has('properties[2].data_type.step')).toBe(false);
    form.properties[2]!.data_type.type = 'enum';
    form.properties[2]!.data_type.values = [{ key: 1, value: 0, label: '', label_en: '' }];
    const enumShown = renderedPaths(form);
    expect(enumShown.has('properties[2].data_type.values')).toBe(true);
    expect(enumShown.has('properties[2].data_type.values[0].label_en')).toBe(true);
    expect(enumShown.has('properties[2].data_type.values[1].label')).toBe(false);
  });

  it('places nested params of events and commands', () => {
    const form = emptyModel();
    const event = emptyEvent();
    event.output.push(emptyParam());
    form.events.push(event);
    const shown = renderedPaths(form);
    expect(shown.has('events[0].severity')).toBe(true);
    expect(shown.has('events[0].output[0].data_type.unit')).toBe(true);
    expect(shown.has('events[0].output')).toBe(true);
  });

  it('lists the errors no input shows, so none is lost', () => {
    const form = modelWith(2);
    const byPath = {
      'properties[1].data_type.max': 'on a row',
      'properties[1].data_type.step': 'a float has no step input',
      'properties[5].name': 'row not there',
      '': 'the whole model',
      version: 'not edited here',
    };
    expect(unplacedErrors(byPath, form).map(([p]) => p)).toEqual(['properties[1].data_type.step', 'properties[5].name', '', 'version']);
  });

  it('moves messages up with their rows when a row above is removed', () => {
    const byPath = {
      'properties[0].name': 'a',
      'properties[1].data_type.max': 'b',
      'properties[2].identifier': 'c',
      'properties[12].name': 'd',
      'events[1].name': 'e',
      properties: 'f',
    };
    expect(shiftAfterRemoval(byPath, 'properties', 1)).toEqual({
      'properties[0].name': 'a',
      'properties[1].identifier': 'c',
      'properties[11].name': 'd',
      'events[1].name': 'e',
      properties: 'f',
    });
    const nested = { 'properties[0].data_type.values[2].label': 'x', 'properties[0].data_type.values[0].label': 'y' };
    expect(shiftAfterRemoval(nested, 'properties[0].data_type.values', 0)).toEqual({ 'properties[0].data_type.values[1].label': 'x' });
  });
});
