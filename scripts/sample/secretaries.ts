/** First secretaries (驻村第一书记) and work teams (驻村工作队), with their yearly assessments. */
import type { VillageFlag } from '../../common/enums.ts';
import { termEnd } from './dates.ts';
import type { Roles, Village } from './model.ts';
import { DEMO_SECRETARY, UNITS, personName } from './names.ts';
import { weightedSample, type Rng } from './random.ts';

export interface Assessment {
  year: number;
  grade: '优秀' | '合格' | '基本合格' | '不合格';
  score: number;
  days_in_village: number;
}

export interface Secretary {
  village: Village;
  name: string;
  gender: '男' | '女';
  role: '第一书记' | '工作队长' | '队员';
  unit: string;
  unitLevel: '中央' | '省' | '市' | '县';
  batch: string;
  termStart: string;
  termEnd: string;
  status: '在岗' | '轮换' | '召回';
  phone: string;
  notes: string | null;
  assessments: Assessment[];
}

/** Villages with a secretary posted, in all. */
const COVERED_VILLAGES = 44;
/** Flagged ("target") villages left with no secretary: the alert list shows them. */
const TARGETS_WITHOUT_SECRETARY = 4;

interface Batch {
  batch: string;
  start: string;
  /** Ends after two years unless extended. */
  end: string;
  notes: string | null;
  villages: number;
}

/** The batches now in post; the first three end within 90 days of AS_OF. */
const BATCHES: readonly Batch[] = [
  { batch: '第二批', start: '2023-06-01', end: '2026-12-31', notes: '任期届满经考核延期至2026年底。', villages: 1 },
  { batch: '第三批', start: '2024-12-10', end: termEnd('2024-12-10', 2), notes: null, villages: 4 },
  { batch: '第四批', start: '2025-02-20', end: termEnd('2025-02-20', 2), notes: null, villages: 4 },
  { batch: '第五批', start: '2025-07-01', end: termEnd('2025-07-01', 2), notes: null, villages: 21 },
  { batch: '第六批', start: '2026-03-15', end: termEnd('2026-03-15', 2), notes: null, villages: 14 },
];

/** Months of a term that fall in a year (whole or part). */
function monthsIn(year: number, start: string, end: string): number {
  const from = Math.max(Date.parse(`${year}-01-01`), Date.parse(start));
  const to = Math.min(Date.parse(`${year}-12-31`), Date.parse(end));
  return to <= from ? 0 : Math.round((to - from) / (30.44 * 86400000));
}

function assessments(rng: Rng, start: string, end: string): Assessment[] {
  const out: Assessment[] = [];
  for (const year of [2023, 2024, 2025]) {
    const months = monthsIn(year, start, end);
    if (months < 3) continue;
    const grade = rng.weighted([
      ['优秀', 2],
      ['合格', 6],
      ['基本合格', 1],
    ] as const);
    const score = grade === '优秀' ? rng.int(90, 98) : grade === '合格' ? rng.int(76, 89) : rng.int(62, 74);
    const days = Math.min(366, Math.round(months * rng.range(grade === '基本合格' ? 17 : 20.5, 23)));
    out.push({ year, grade, score, days_in_village: days });
  }
  return out;
}

/**
 * Posts secretaries to most villages — all target villages but a few — and work teams of three
 * or four to some of them. The demo village's first secretary is 李明.
 * @param people names of people already used; secretaries' names are added to it
 */
export function buildSecretaries(
  rng: Rng,
  villages: readonly Village[],
  roles: Roles,
  people: Set<string>,
): Secretary[] {
  const demo = roles.riceMembers[0]!;
  people.add(DEMO_SECRETARY);
  const flagged = villages.filter((v) => v.flags.length > 0);
  const left = new Set(
    rng.sample(
      flagged.filter((v) => v !== demo),
      TARGETS_WITHOUT_SECRETARY,
    ),
  );
  const others = villages.filter((v) => v.flags.length === 0);
  const weight = { 空壳村: 4, 薄弱村: 3, 一般村: 1, 强村: 0.3 } as const;
  const extra = weightedSample(rng, others, (v) => weight[v.band], COVERED_VILLAGES - (flagged.length - left.size));
  const covered = villages.filter((v) => (flagged.includes(v) && !left.has(v)) || extra.includes(v));

  // Batches: the demo village is in the fifth, the rest are dealt out in turn.
  const slots: Batch[] = BATCHES.flatMap((b) =>
    Array.from({ length: b.villages - (b.batch === '第五批' ? 1 : 0) }, () => b),
  );
  const dealt = rng.shuffle(slots);
  if (dealt.length !== covered.length - 1)
    throw new Error(`batches cover ${dealt.length + 1} villages, not ${covered.length}`);

  const phones = new Set<string>();
  const phone = () => {
    for (;;) {
      const p = `1390000${String(rng.int(0, 9999)).padStart(4, '0')}`;
      if (!phones.has(p)) {
        phones.add(p);
        return p;
      }
    }
  };

  const out: Secretary[] = [];
  for (const v of covered) {
    const isDemo = v === demo;
    const batch = isDemo ? BATCHES.find((b) => b.batch === '第五批')! : dealt.pop()!;
    const { unit, level } = isDemo ? { unit: '示例省农业农村厅', level: '省' as const } : rng.pick(UNITS);
    const person = (role: Secretary['role'], name?: string, g?: '男' | '女'): Secretary => {
      const gender = g ?? (rng.chance(0.7) ? '男' : '女');
      return {
        village: v,
        name: name ?? personName(rng, gender, people),
        gender,
        role,
        unit,
        unitLevel: level,
        batch: batch.batch,
        termStart: batch.start,
        termEnd: batch.end,
        status: '在岗',
        phone: phone(),
        notes: role === '第一书记' ? batch.notes : null,
        assessments: assessments(rng, batch.start, batch.end),
      };
    };
    out.push(isDemo ? person('第一书记', DEMO_SECRETARY, '男') : person('第一书记'));

    // Work teams: target villages (and the demo village) often have one.
    const hard = (f: VillageFlag) => v.flags.includes(f);
    const team =
      isDemo || ((hard('脱贫村') || hard('乡村振兴任务重的村') || hard('易地搬迁安置村')) && rng.chance(0.7));
    if (team) {
      if (isDemo || rng.chance(0.6)) out.push(person('工作队长'));
      out.push(person('队员'));
      if (out.filter((s) => s.village === v).length < 3 || rng.chance(0.3)) out.push(person('队员'));
    }
  }

  // One team member recalled, so the status is not always 在岗 (the team keeps three in post).
  const bigTeam = covered.find((v) => v !== demo && out.filter((s) => s.village === v).length >= 4);
  const member = bigTeam && out.find((s) => s.village === bigTeam && s.role === '队员');
  if (member) {
    member.status = '召回';
    member.notes = '因工作需要召回派出单位，待补派。';
  }
  return out;
}
