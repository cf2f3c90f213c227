import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { isAbortError, toErrorInfo, type ApiErrorInfo } from '../api/http.ts';
import {
  MAX_UPLOAD_BYTES,
  importable,
  reportOfError,
  uploadImport,
  type ImportLayer,
  type ImportReport,
  type UploadProgress,
} from '../api/io.ts';

export type ImportPhase = 'idle' | 'checking' | 'checked' | 'committing' | 'committed' | 'rejected';

/** Why a file was refused before upload. */
export type FileProblem = { kind: 'badType' | 'tooLarge' | 'empty'; name: string; size: number } | null;

/**
 * The import on the data page: the chosen file and options, the dry run's report, the real
 * run's result. Plain data only (the File object is kept as is; it is not reactive inside).
 */
export const useDataStore = defineStore('data', () => {
  const file = shallowRef<File | null>(null);
  const fileProblem = ref<FileProblem>(null);
  const layer = ref<ImportLayer>('stations');
  const crs = ref('auto');
  const swap = ref(false);
  const encoding = ref<'auto' | 'utf-8' | 'gbk'>('auto');

  const phase = ref<ImportPhase>('idle');
  const progress = ref<UploadProgress | null>(null);
  /** The last dry run's report (or the 422's report after a refused real run). */
  const report = shallowRef<ImportReport | null>(null);
  /** The real run's report. */
  const result = shallowRef<ImportReport | null>(null);
  const error = ref<ApiErrorInfo | null>(null);
  let request: AbortController | null = null;

  const busy = computed(() => phase.value === 'checking' || phase.value === 'committing');
  const canCommit = computed(
    () => phase.value === 'checked' && !!report.value && report.value.invalid === 0 && report.value.valid > 0,
  );

  /** Takes a file if it can be imported; otherwise remembers why not. */
  function chooseFile(f: File): boolean {
    fileProblem.value = null;
    if (!importable(f.name)) fileProblem.value = { kind: 'badType', name: f.name, size: f.size };
    else if (f.size > MAX_UPLOAD_BYTES) fileProblem.value = { kind: 'tooLarge', name: f.name, size: f.size };
    else if (f.size === 0) fileProblem.value = { kind: 'empty', name: f.name, size: f.size };
    if (fileProblem.value) return false;
    file.value = f;
    resetRun();
    return true;
  }

  /** Forgets the last run (options changed, a new file). */
  function resetRun(): void {
    request?.abort();
    request = null;
    phase.value = 'idle';
    progress.value = null;
    report.value = null;
    result.value = null;
    error.value = null;
  }

  async function send(dryRun: boolean): Promise<ImportReport | null> {
    if (!file.value) return null;
    request?.abort();
    const r = new AbortController();
    request = r;
    progress.value = { loaded: 0, total: file.value.size, done: false };
    error.value = null;
    try {
      return await uploadImport(
        file.value,
        { layer: layer.value, crs: crs.value, dryRun, swap: swap.value, encoding: encoding.value },
        (p) => {
          if (request === r) progress.value = p;
        },
        r.signal,
      );
    } finally {
      if (request === r) {
        request = null;
        progress.value = null;
      }
    }
  }

  /** The dry run: checks everything, writes nothing. */
  async function check(): Promise<void> {
    if (!file.value || busy.value) return;
    phase.value = 'checking';
    report.value = null;
    result.value = null;
    try {
      const rep = await send(true);
      report.value = rep;
      phase.value = rep ? 'checked' : 'idle';
    } catch (e) {
      if (isAbortError(e)) return;
      phase.value = 'idle';
      error.value = toErrorInfo(e);
    }
  }

  /** The real run; a 422 brings the report back (phase `rejected`). */
  async function commit(): Promise<void> {
    if (!canCommit.value) return;
    phase.value = 'committing';
    try {
      const rep = await send(false);
      result.value = rep;
      phase.value = rep ? 'committed' : 'checked';
    } catch (e) {
      if (isAbortError(e)) return;
      const rep = reportOfError(e);
      if (rep) {
        report.value = rep;
        phase.value = 'rejected';
      } else {
        phase.value = 'checked';
      }
      error.value = toErrorInfo(e);
    }
  }

  function cancel(): void {
    request?.abort();
    request = null;
    progress.value = null;
    if (phase.value === 'checking') phase.value = 'idle';
    else if (phase.value === 'committing') phase.value = 'checked';
  }

  /** Starts over with no file. */
  function clear(): void {
    resetRun();
    file.value = null;
    fileProblem.value = null;
  }

  return {
    file,
    fileProblem,
    layer,
    crs,
    swap,
    encoding,
    phase,
    progress,
    report,
    result,
    error,
    busy,
    canCommit,
    chooseFile,
    resetRun,
    check,
    commit,
    cancel,
    clear,
  };
});
