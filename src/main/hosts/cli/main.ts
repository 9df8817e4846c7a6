/**
 * `trainyard` on the command line: argv → contract calls on an in-process
 * context, the same dispatch Electron and the web host use. `--json` prints
 * one JSON object on stdout; a TTY gets progress bars on stderr.
 */
import { parseArgs } from 'node:util';
import { TrainyardError } from '../../../shared/contract/index.ts';
import { AppContext, VERSION } from '../../core/context.ts';
import { inProcessClient } from '../../core/in-process.ts';
import { commands, usage, type Command } from './commands.ts';
import { defaultIo, type Io } from './support.ts';

export async function runCli(argv: string[], io: Io = defaultIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const cmd = rest[0] ? commands[rest[0]] : undefined;
    io.out(cmd ? cmd.help : usage());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(VERSION);
    return 0;
  }
  const cmd: Command | undefined = commands[name];
  if (!cmd) {
    io.err(`trainyard: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  let args;
  try {
    args = parseArgs({ args: rest, options: { ...cmd.options, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (err) {
    io.err(`trainyard ${name}: ${(err as Error).message}\n\n${cmd.help}`);
    return 2;
  }
  if (args.values.help) {
    io.out(cmd.help);
    return 0;
  }
  const json = args.values.json === true;
  const ctx = new AppContext();
  const api = inProcessClient(ctx);
  try {
    const result = await cmd.run({ api, ctx, values: args.values as Record<string, string | boolean | undefined>, positionals: args.positionals.map((p) => p), io, json });
    if (json && result !== undefined) io.out(JSON.stringify(result, null, 2));
    return 0;
  } catch (err) {
    const e = err instanceof TrainyardError ? err : new TrainyardError('internal', err instanceof Error ? err.message : String(err));
    if (json) io.out(JSON.stringify({ error: { code: e.code, message: e.message } }));
    io.err(`trainyard ${name}: ${e.message}`);
    return e.code === 'invalid_input' ? 2 : 1;
  } finally {
    await ctx.close();
  }
}

