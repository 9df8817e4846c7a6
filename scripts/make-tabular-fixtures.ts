/**
 * Writes test/fixtures/tabular/houses.csv: 200 house sales from the seeded
 * generator the sample project uses (src/main/services/project/sample-project.ts),
 * so the tests, the README's example and the studio's sample see the same table.
 *
 * Run: node scripts/make-tabular-fixtures.ts   (Node 24: ./node_modules/.bin/node
 * when the system node is older). Deterministic: a rerun writes the same bytes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { housesCsv } from '../src/main/services/project/sample-project.ts';

const TABULAR_DIR = path.resolve(import.meta.dirname, '..', 'test', 'fixtures', 'tabular');
const HOUSES_ROWS = 200;
const HOUSES_SEED = 7;

fs.mkdirSync(TABULAR_DIR, { recursive: true });
fs.writeFileSync(path.join(TABULAR_DIR, 'houses.csv'), housesCsv(HOUSES_ROWS, HOUSES_SEED));
console.log(`wrote ${path.join(TABULAR_DIR, 'houses.csv')}`);
