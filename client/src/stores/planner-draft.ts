/**
 * The alliance form of a planner draft as plain data, and its conversion to and from the API's
 * properties. Pure (no Vue, no fetch), so the rules are unit-tested.
 */
import type { ALLIANCE_STATUSES, ALLIANCE_TYPES } from '../../../common/enums.ts';
import type { AllianceProps } from '../../../common/schemas/records.ts';

export type AllianceType = (typeof ALLIANCE_TYPES)[number];
export type AllianceStatus = (typeof ALLIANCE_STATUSES)[number];

/** The form as edited: text fields are strings ('' = not filled in). */
export interface DraftForm {
  name: string;
  type: AllianceType;
  status: AllianceStatus;
  lead_village_id: number | null;
  member_village_ids: number[];
  partner_enterprises: string[];
  chain_ids: number[];
  committee_name: string;
  committee_secretary: string;
  start_date: string;
  benefit_rule: string;
  meeting_cadence: string;
  notes: string;
}

export const TEXT_FIELDS = [
  'committee_name',
  'committee_secretary',
  'start_date',
  'benefit_rule',
  'meeting_cadence',
  'notes',
] as const satisfies readonly (keyof DraftForm)[];

/** A new draft: 龙头引领型, 规划中, no members. */
export function emptyForm(): DraftForm {
  return {
    name: '',
    type: '龙头引领型',
    status: '规划中',
    lead_village_id: null,
    member_village_ids: [],
    partner_enterprises: [],
    chain_ids: [],
    committee_name: '',
    committee_secretary: '',
    start_date: '',
    benefit_rule: '',
    meeting_cadence: '',
    notes: '',
  };
}

/** A saved alliance's properties as a form. */
export function formFromProps(p: AllianceProps): DraftForm {
  return {
    name: p.name,
    type: p.type,
    status: p.status,
    lead_village_id: p.lead_village_id,
    member_village_ids: [...p.member_village_ids],
    partner_enterprises: [...p.partner_enterprises],
    chain_ids: [...p.chain_ids],
    committee_name: p.committee_name ?? '',
    committee_secretary: p.committee_secretary ?? '',
    start_date: p.start_date ?? '',
    benefit_rule: p.benefit_rule ?? '',
    meeting_cadence: p.meeting_cadence ?? '',
    notes: p.notes ?? '',
  };
}

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

/** The form as the API's properties: trimmed, empty text as null. */
export function propsFromForm(f: DraftForm): AllianceProps {
  return {
    name: f.name.trim(),
    type: f.type,
    status: f.status,
    lead_village_id: f.lead_village_id,
    member_village_ids: [...f.member_village_ids],
    partner_enterprises: f.partner_enterprises.map((s) => s.trim()).filter(Boolean),
    chain_ids: [...f.chain_ids],
    committee_name: orNull(f.committee_name),
    committee_secretary: orNull(f.committee_secretary),
    start_date: orNull(f.start_date),
    benefit_rule: orNull(f.benefit_rule),
    meeting_cadence: orNull(f.meeting_cadence),
    notes: orNull(f.notes),
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The properties that differ between the saved form and the edited one (what a PATCH sends:
 * the history names the fields a write sent).
 */
export function changedProps(saved: DraftForm, now: DraftForm): Partial<AllianceProps> {
  const a = propsFromForm(saved);
  const b = propsFromForm(now);
  const out: Partial<Record<keyof AllianceProps, unknown>> = {};
  for (const key of Object.keys(b) as (keyof AllianceProps)[]) {
    if (!same(a[key], b[key])) out[key] = b[key];
  }
  return out as Partial<AllianceProps>;
}

/** True when the member list or the lead differ (the summary must be asked for again). */
export function membersDiffer(a: DraftForm, b: DraftForm): boolean {
  return (
    a.lead_village_id !== b.lead_village_id ||
    !same([...a.member_village_ids].sort(), [...b.member_village_ids].sort()) ||
    !same([...a.chain_ids].sort(), [...b.chain_ids].sort())
  );
}

/**
 * Adds the ids not yet members, in order; the first member becomes the lead when there is none.
 * @returns how many were added
 */
export function addMembers(f: DraftForm, ids: readonly number[]): number {
  let added = 0;
  for (const id of ids) {
    if (f.member_village_ids.includes(id)) continue;
    f.member_village_ids.push(id);
    added++;
  }
  if (f.lead_village_id === null && f.member_village_ids.length > 0) f.lead_village_id = f.member_village_ids[0]!;
  return added;
}

/** Removes a member; removing the lead leaves the alliance without one (the planner picks again). */
export function removeMember(f: DraftForm, id: number): void {
  f.member_village_ids = f.member_village_ids.filter((m) => m !== id);
  if (f.lead_village_id === id) f.lead_village_id = null;
}

/** Adds or removes one village. @returns true when it is a member afterwards */
export function toggleMember(f: DraftForm, id: number): boolean {
  if (f.member_village_ids.includes(id)) {
    removeMember(f, id);
    return false;
  }
  addMembers(f, [id]);
  return true;
}
