import { describe, expect, it } from 'vitest';
import { changedProps, messageAt, serverErrors, toDraft, validateDraft } from './form-state.ts';

describe('form state', () => {
  it('copies the form keys and sends only what changed', () => {
    const props = { households: 10, incomes: [{ year: 2025, total: 3, operating: 1 }], name: 'x' };
    const draft = toDraft(props, ['households', 'incomes']);
    (draft.incomes as { total: number }[])[0]!.total = 4;
    expect(props.incomes[0]!.total).toBe(3);
    expect(changedProps(props, draft)).toEqual({ incomes: [{ year: 2025, total: 4, operating: 1 }] });
  });

  it('validates with the server schema and names each field in our wording', () => {
    const errors = validateDraft('villages', {
      households: -1,
      party_members: 1.5,
      incomes: [{ year: 1800, total: null, operating: null }],
    });
    expect(errors.households).toEqual({ key: 'min', params: { n: 0 } });
    expect(errors.party_members).toEqual({ key: 'integer' });
    expect(messageAt(errors, 'incomes')).toEqual({ key: 'min', params: { n: 1990 } });
    expect(validateDraft('villages', { households: 12 })).toEqual({});
  });

  it('knows the cross-field rules and required names', () => {
    const errors = validateDraft('assets', { name: '', contract_start: '2026-05-01', contract_end: '2026-01-01' });
    expect(errors.name).toEqual({ key: 'required', params: { n: 1 } });
    expect(errors.contract_end).toEqual({ key: 'contractEnd' });
  });

  it("maps the server's details to fields, keeping the rest apart", () => {
    const out = serverErrors([
      { path: 'properties.contract_end', message: 'contract ends before it starts' },
      { path: 'properties.area_mu', message: 'something else' },
      { path: 'geometry.coordinates', message: 'ring not closed' },
    ]);
    expect(out.fields).toEqual({
      contract_end: { key: 'contractEnd' },
      area_mu: { key: 'server', params: { message: 'something else' } },
    });
    expect(out.other).toEqual(['ring not closed']);
  });
});
