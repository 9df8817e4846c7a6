/** `trainyard ui`: the studio as a local web app, on the given project or the bundled sample. */
import { TrainyardError } from '../../../shared/contract/index.ts';
import { rendererDir, sampleProjectDir } from '../../core/paths.ts';
import { ensureSampleProject } from '../../services/project/sample-project.ts';
import { startWebHost } from '../http/server.ts';
import type { RunArgs } from './commands.ts';
import { resolveDir } from './support.ts';

export async function runUi({ api, ctx, values, positionals, io, json }: RunArgs): Promise<void> {
  const portArg = typeof values.port === 'string' ? Number(values.port) : 0;
  if (!Number.isInteger(portArg) || portArg < 0 || portArg > 65535) throw new TrainyardError('invalid_input', `--port takes 0–65535, got "${values.port}"`);
  ctx.watchRuns(); // runs started from a terminal show up live
  if (positionals[0]) {
    await api.call('project.open', { dir: resolveDir(positionals[0]) });
  } else {
    const dir = sampleProjectDir();
    io.err(`opening the sample project in ${dir} (built on first use)…`);
    await ensureSampleProject(api, dir);
  }
  const host = await startWebHost({ ctx, rendererDir: rendererDir(), port: portArg });
  if (json) io.out(JSON.stringify({ url: host.url, port: host.port }));
  else io.out(`Trainyard studio: ${host.url}\n(open it in a browser; Ctrl-C stops the server)`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await host.close();
}
