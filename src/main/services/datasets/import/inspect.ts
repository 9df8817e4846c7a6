/**
 * `import.inspect`: the start of a manifest (SAMPLE_ROWS rows through the
 * streaming reader) and what an import would make of it: the modality, a
 * type per column with its reason and examples, and the task.
 */
import fs from 'node:fs';
import path from 'node:path';
import { TrainyardError, type InspectResult, type Modality } from '../../../../shared/contract/index.ts';
import { proposeColumns, suggestedTask } from '../column-types.ts';
import { formatFromPath, readTable, type TableEvent } from '../tabular.ts';
import { guessModality, readAhead, type Columns } from './sources.ts';

export interface InspectRequest {
  source: string;
  columns: Columns;
  modality?: Modality | undefined;
}

export async function inspectSource(req: InspectRequest): Promise<InspectResult> {
  const file = path.resolve(req.source);
  if (!fs.existsSync(file)) throw new TrainyardError('not_found', `import source not found: ${file}`);
  if (fs.statSync(file).isDirectory() || !formatFromPath(file)) {
    throw new TrainyardError('invalid_input', `${file}: inspect takes a .csv, .tsv or .jsonl file`);
  }
  const reader = readTable(file);
  try {
    let first: IteratorResult<TableEvent>;
    try {
      first = await reader.next();
    } catch (err) {
      throw new TrainyardError('invalid_input', err instanceof Error ? err.message : String(err));
    }
    if (first.done || first.value.kind !== 'header') throw new TrainyardError('invalid_input', `${file}: no header row`);
    const { columns: header, format, encoding } = first.value;
    const rows = await readAhead(reader, []);
    const modality = req.modality ?? guessModality(header, rows, req.columns);
    const columns = proposeColumns(header, rows, { label: req.columns.label, id: req.columns.id });
    return {
      format, encoding, modality, rowsSampled: rows.length, columns,
      suggestedTask: modality === 'tabular' ? suggestedTask(columns, rows) : null,
    };
  } finally {
    await reader.return(undefined);
  }
}
