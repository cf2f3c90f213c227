import { describe, expect, it } from 'vitest';
import { assetProps, villageProps } from '../../../../common/schemas/records.ts';
import { fieldSpecs } from './field-specs.ts';
import { formKeys, LAYER_FORMS } from './layer-forms.ts';

describe('fieldSpecs', () => {
  it('derives kinds, options and limits from the zod schema', () => {
    const [name, subtype, area, start, notes, photos] = fieldSpecs(
      assetProps,
      ['name', 'subtype', 'area_mu', 'contract_start', 'notes', 'photos'],
      { area_mu: { unit: '亩' } },
    );
    expect(name).toEqual({ key: 'name', kind: 'text', nullable: false, maxLength: 100 });
    expect(subtype).toMatchObject({ kind: 'enum', nullable: false });
    expect(subtype!.options).toContain('闲置农房');
    expect(area).toEqual({ key: 'area_mu', kind: 'number', nullable: true, min: 0, unit: '亩' });
    expect(start).toMatchObject({ kind: 'date', nullable: true });
    expect(notes).toMatchObject({ kind: 'textarea', maxLength: 2000 });
    expect(photos).toMatchObject({ kind: 'tags' });
  });

  it('knows integer counts and the list of incomes by year', () => {
    const [people, incomes] = fieldSpecs(villageProps, ['households', 'incomes']);
    expect(people).toEqual({ key: 'households', kind: 'integer', nullable: true, min: 0 });
    expect(incomes).toMatchObject({ kind: 'incomes', nullable: false });
  });

  it('refuses a key the schema does not have', () => {
    expect(() => fieldSpecs(assetProps, ['nope'])).toThrow(/nope/);
  });
});

describe('LAYER_FORMS', () => {
  it('shows contract fields only for leased assets and derives the category from the subtype', () => {
    const f = LAYER_FORMS.assets;
    expect(f.visible('lessee', { operation_mode: '出租' })).toBe(true);
    expect(f.visible('lessee', { operation_mode: '自营' })).toBe(false);
    expect(f.visible('name', {})).toBe(true);
    expect(f.derive({ subtype: '耕地', category: '经营性资产' })).toMatchObject({ category: '资源性资产' });
  });

  it('gives every editable layer a form whose fields exist in its schema', () => {
    for (const f of Object.values(LAYER_FORMS)) expect(formKeys(f).length).toBeGreaterThan(0);
    expect(formKeys(LAYER_FORMS.villages)).toContain('incomes');
    expect(LAYER_FORMS.stations.groups.flatMap((g) => g.fields).find((s) => s.key === 'functions')).toMatchObject({
      kind: 'chips',
    });
  });
});
