import fs from 'node:fs';
import type { TestProject } from 'vitest/node';
import { build } from 'vite';
import { CHROMIUM_PATH } from './browser.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    chromium: boolean;
  }
}

/** Builds the client once for the browser tests, or says loudly why they are skipped. */
export default async function setup(project: TestProject): Promise<void> {
  const chromium = fs.existsSync(CHROMIUM_PATH);
  project.provide('chromium', chromium);
  if (!chromium) {
    const bar = '!'.repeat(78);
    console.warn(
      `\n${bar}\n  BROWSER TESTS SKIPPED: no Chromium at ${CHROMIUM_PATH}.\n` +
        `  Install it with:  sudo apt-get update && sudo apt-get install -y chromium fonts-noto-cjk\n` +
        `  (or set CHROMIUM_PATH). .ci/run installs it, so CI always runs them.\n${bar}\n`,
    );
    return;
  }
  await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
}
