import { describe, expect, it } from 'vitest';
import {
  addMembers,
  changedProps,
  emptyForm,
  formFromProps,
  membersDiffer,
  propsFromForm,
  removeMember,
  toggleMember,
} from './planner-draft.ts';

describe('planner drafts', () => {
  describe('propsFromForm', () => {
    it('trims text and sends empty fields as null', () => {
      const f = { ...emptyForm(), name: '  柳河片区 ', notes: '   ', committee_name: ' 联合党委 ' };
      f.partner_enterprises = ['金穗米业', ' '];
      const p = propsFromForm(f);
      expect(p.name).toBe('柳河片区');
      expect(p.notes).toBeNull();
      expect(p.committee_name).toBe('联合党委');
      expect(p.partner_enterprises).toEqual(['金穗米业']);
    });
    it('round-trips through formFromProps', () => {
      const f = { ...emptyForm(), name: 'A', member_village_ids: [3, 1], lead_village_id: 3, start_date: '2026-01-01' };
      expect(formFromProps(propsFromForm(f))).toEqual(f);
    });
  });

  describe('changedProps', () => {
    it('names only the fields that changed', () => {
      const saved = { ...emptyForm(), name: 'A', member_village_ids: [1, 2] };
      const now = { ...saved, member_village_ids: [1, 2, 3], notes: 'x' };
      expect(changedProps(saved, now)).toEqual({ member_village_ids: [1, 2, 3], notes: 'x' });
    });
    it('is empty when nothing changed but whitespace', () => {
      const saved = { ...emptyForm(), name: 'A' };
      expect(changedProps(saved, { ...saved, name: 'A ' })).toEqual({});
    });
  });

  describe('members', () => {
    it('makes the first member the lead and skips duplicates', () => {
      const f = emptyForm();
      expect(addMembers(f, [5, 6, 5])).toBe(2);
      expect(f.member_village_ids).toEqual([5, 6]);
      expect(f.lead_village_id).toBe(5);
    });
    it('clears the lead when the lead is removed', () => {
      const f = emptyForm();
      addMembers(f, [5, 6]);
      removeMember(f, 5);
      expect(f.lead_village_id).toBeNull();
      expect(f.member_village_ids).toEqual([6]);
    });
    it('toggles membership', () => {
      const f = emptyForm();
      expect(toggleMember(f, 9)).toBe(true);
      expect(toggleMember(f, 9)).toBe(false);
      expect(f.member_village_ids).toEqual([]);
    });
    it('tells member changes apart from other edits', () => {
      const a = { ...emptyForm(), member_village_ids: [1, 2] };
      expect(membersDiffer(a, { ...a, member_village_ids: [2, 1], name: 'x' })).toBe(false);
      expect(membersDiffer(a, { ...a, lead_village_id: 1 })).toBe(true);
    });
  });
});
