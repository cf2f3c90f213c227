import { createI18n } from 'vue-i18n';
import chainEn from './chain.en.ts';
import chainZhCN from './chain.zh-CN.ts';
import dataEn from './data.en.ts';
import dataZhCN from './data.zh-CN.ts';
import dashboardEn from './dashboard.en.ts';
import dashboardZhCN from './dashboard.zh-CN.ts';
import detailEn from './detail.en.ts';
import detailZhCN from './detail.zh-CN.ts';
import editEn from './edit.en.ts';
import editZhCN from './edit.zh-CN.ts';
import en from './en.ts';
import mapxEn from './mapx.en.ts';
import mapxZhCN from './mapx.zh-CN.ts';
import offlineEn from './offline.en.ts';
import offlineZhCN from './offline.zh-CN.ts';
import plannerEn from './planner.en.ts';
import plannerZhCN from './planner.zh-CN.ts';
import villageEn from './village.en.ts';
import villageZhCN from './village.zh-CN.ts';
import zhCN, { type MessageSchema as BaseMessages } from './zh-CN.ts';

/** The base messages plus the pages kept in their own files (`planner.*`, `edit.*`, `villagePage.*` …). */
export type MessageSchema = BaseMessages & {
  dashboard: typeof dashboardZhCN;
  planner: typeof plannerZhCN;
  chain: typeof chainZhCN;
  data: typeof dataZhCN;
  mapx: typeof mapxZhCN;
  detail: typeof detailZhCN;
  offline: typeof offlineZhCN;
  edit: typeof editZhCN;
  villagePage: typeof villageZhCN;
};

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const STORAGE_KEY = 'xiangtu.locale';

declare module 'vue-i18n' {
  // Types `t('…')` keys everywhere from the Chinese messages.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- module augmentation needs an interface
  export interface DefineLocaleMessage extends MessageSchema {}
}

function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

function storedLocale(): Locale {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return isLocale(v) ? v : 'zh-CN';
  } catch {
    return 'zh-CN'; // storage blocked (private mode, sandboxed frame)
  }
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: 'zh-CN',
  messages: {
    'zh-CN': {
      ...zhCN,
      planner: plannerZhCN,
      chain: chainZhCN,
      data: dataZhCN,
      mapx: mapxZhCN,
      detail: detailZhCN,
      dashboard: dashboardZhCN,
      offline: offlineZhCN,
      edit: editZhCN,
      villagePage: villageZhCN,
    },
    en: {
      ...en,
      planner: plannerEn,
      chain: chainEn,
      data: dataEn,
      mapx: mapxEn,
      detail: detailEn,
      dashboard: dashboardEn,
      offline: offlineEn,
      edit: editEn,
      villagePage: villageEn,
    },
  },
});

function applyToDocument(locale: Locale): void {
  document.documentElement.lang = locale;
  document.title = i18n.global.t('app.title');
}

/** Switches the language, remembers it in localStorage and updates `<html lang>` and the title. */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not remembered, but the switch still works for this visit.
  }
  applyToDocument(locale);
}

/** The current language. */
export function currentLocale(): Locale {
  return i18n.global.locale.value;
}

applyToDocument(i18n.global.locale.value);
