/**
 * Writes the sample dataset (the fictional county 示例县) to data/sample/.
 * Usage: npm run data:sample [-- --seed N] [-- --check]
 *   --check  compare with the files on disk instead of writing; exit 1 when they differ
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SAMPLE_SEED, generateSample } from './sample/index.ts';
import { summarize } from './sample/summary.ts';

const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../data/sample');
const args = process.argv.slice(2);
const seedAt = args.indexOf('--seed');
const seed = seedAt >= 0 ? Number(args[seedAt + 1]) : SAMPLE_SEED;
if (!Number.isInteger(seed)) throw new Error('--seed needs an integer');
const check = args.includes('--check');

const files = generateSample(seed);
let stale = 0;
fs.mkdirSync(outDir, { recursive: true });
for (const [name, text] of Object.entries(files)) {
  const file = path.join(outDir, name);
  if (check) {
    const same = fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text;
    if (!same) {
      stale++;
      console.error(`differs: ${path.relative(process.cwd(), file)}`);
    }
  } else fs.writeFileSync(file, text);
}

const s = summarize(files);
console.log(
  `${check ? 'checked' : 'wrote'} ${Object.keys(files).length} files in ${path.relative(process.cwd(), outDir)} (seed ${seed})`,
);
console.log(`townships ${s.townships}, villages ${s.villages}, assets ${s.assets}, secretaries ${s.secretaries}`);
console.log('income bands:', s.bands);
console.log('flags:', s.flags);
console.log('assets by subtype:', s.assetsBySubtype);
console.log(`leases ending within 90 days: ${s.leasesEndingSoon}`);
console.log('secretaries by role:', s.secretariesByRole, `in ${s.villagesWithSecretary} villages`);
console.log(`first secretaries' terms ending within 90 days: ${s.termsEndingSoon}`);
console.log(`target villages without a secretary: ${s.targetVillagesWithoutSecretary.join('、')}`);
console.log('stations:', s.stations);
console.log(`villages outside every station's service radius: ${s.uncoveredVillages.length} of ${s.villages}`);
console.log('chain stages:', s.chainStages);
if (stale > 0) process.exit(1);
