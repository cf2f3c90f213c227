import { computed, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { DashboardStats } from '../../api/stats.ts';
import { bandColor, bandKey } from '../../map/styles.ts';
import { useFormat } from '../planner/use-format.ts';
import type { BarsRow } from './chart-options.ts';
import { allianceLink, assetLink, bandLink, chainLink, coverageLink, secretaryLink } from './dashboard-links.ts';

const STATE_COLORS = { posted: '#1a9641', ending: '#fdae61', vacant: '#d7191c', none: '#9e9e9e' } as const;

/** The rows of the dashboard's bar cards, in the current language, each with where it leads. */
export function useDashboardRows(stats: Ref<DashboardStats | null>, townships: Ref<readonly number[]>) {
  const { t } = useI18n();
  const { num, pct } = useFormat();
  const ids = () => townships.value;

  const bands = computed<BarsRow[]>(() =>
    (stats.value?.income.current ?? [])
      .filter((b) => b.band !== '未填报' || b.count > 0)
      .map((b) => ({
        key: b.band,
        label: t(`band.${bandKey(b.band)}`),
        value: b.count,
        color: bandColor(b.band),
        to: bandLink(b.band, ids()),
      })),
  );

  const secretaries = computed<BarsRow[]>(() =>
    (stats.value?.secretaries.village_states ?? []).map((s) => ({
      key: s.state,
      label: t(`dashboard.secretaries.states.${s.state}`),
      value: s.count,
      color: STATE_COLORS[s.state],
      to: secretaryLink(s.state, ids()),
    })),
  );

  const coverage = computed<BarsRow[]>(() => {
    const c = stats.value?.coverage;
    if (!c) return [];
    const to = coverageLink(ids());
    const share = (n: number, of: number) => (of > 0 ? pct(n / of) : '—');
    return [
      {
        key: 'covered',
        label: t('dashboard.coverage.covered'),
        value: c.covered_villages,
        color: '#1a9641',
        to,
        cells: [num(c.covered_residents), share(c.covered_residents, c.residents)],
      },
      {
        key: 'uncovered',
        label: t('dashboard.coverage.uncovered'),
        value: c.villages - c.covered_villages,
        color: '#d7191c',
        to,
        cells: [num(c.residents - c.covered_residents), share(c.residents - c.covered_residents, c.residents)],
      },
    ];
  });

  const assets = computed<BarsRow[]>(() =>
    (stats.value?.assets.by_subtype ?? []).map((a) => ({
      key: a.subtype,
      label: a.subtype,
      value: a.count,
      to: assetLink(a.subtype, ids()),
      cells: [
        a.land ? t('dashboard.assets.mu', { n: num(a.area_mu) }) : t('dashboard.assets.m2', { n: num(a.area_m2) }),
        num(a.book_value),
      ],
    })),
  );

  const alliances = computed<BarsRow[]>(() =>
    (stats.value?.alliances.by_status ?? []).map((a) => ({
      key: a.status,
      label: a.status,
      value: a.count,
      to: allianceLink(ids()),
    })),
  );

  const chains = computed<BarsRow[]>(() =>
    (stats.value?.chains ?? []).map((c) => ({
      key: String(c.chain_id),
      label: c.name,
      value: c.required_present,
      color: c.missing.length ? '#fdae61' : '#1a9641',
      to: chainLink(c.chain_id),
      cells: [c.missing.length ? c.missing.join('、') : t('dashboard.chains.complete')],
    })),
  );

  return { bands, secretaries, coverage, assets, alliances, chains };
}
