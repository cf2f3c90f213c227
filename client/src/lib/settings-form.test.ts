import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../common/schemas/settings.ts';
import { defaultSettings } from '../api/settings.ts';
import { fromForm, toForm } from './settings-form.ts';

describe('defaultSettings', () => {
  it('are the defaults of the shared schema', () => {
    expect(defaultSettings()).toEqual(DEFAULT_SETTINGS);
  });
});

describe('settings form', () => {
  it('round-trips settings and trims labels', () => {
    const form = toForm(defaultSettings());
    form.grades[0] = '  优 ';
    form.thresholds.weak = '12';
    const out = fromForm(form);
    expect(out.ok && out.settings.assessment_grades[0]).toBe('优');
    expect(out.ok && out.settings.income_thresholds).toEqual({ shell: 5, weak: 12, strong: 50 });
  });

  it('names empty numbers and repeated flags at the paths the server uses', () => {
    const form = toForm(defaultSettings());
    form.thresholds.shell = '';
    form.radius = '';
    form.flags = ['a', 'b', ' a'];
    expect(fromForm(form)).toEqual({
      ok: false,
      errors: { income_thresholds: 'number', default_service_radius_m: 'number', 'village_flags.2': 'duplicateFlag' },
    });
  });
});
