// `ffi-corners serve`: the deck (dist/) and the live WebSocket at /ws, until SIGINT or SIGTERM.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../util/errors.ts';
import { onInterrupt } from '../util/interrupt.ts';
import { parse } from './args.ts';
import { SPECS } from './specs.ts';

const log = (line: string) => process.stderr.write(`[ffi-corners] ${line}\n`);
const warn = (line: string) => process.stderr.write(`ffi-corners: warning: ${line}\n`);

export async function serveCommand(args: string[]): Promise<number> {
  const { values } = parse(args, SPECS.serve);
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535) throw new UserError(`--port: expected 0..65535, got "${values.port}"`);
  }
  if (values.build) await (await import('../deck-build.ts')).ensureDeckBuilt(log);
  const { createApp } = await import('../app.ts');
  const { distDir } = await import('../http.ts');
  const app = await createApp({ port, host: values.host, follow: values.follow, newToken: values['new-token'], allowedHosts: values['allowed-host'], devOrigins: values['dev-origin'] });
  if (!existsSync(join(distDir, 'index.html'))) warn('the deck is not built (dist/): run `npm run build` (or serve --build); the WebSocket works regardless');
  // The handlers first: a Ctrl-C right after the address is printed must find them.
  const stopped = new Promise<number>((resolve) => {
    const stop = (sig: string) => {
      log(`${sig}: stopping (running job killed)`);
      void app.close().then(() => resolve(0));
    };
    onInterrupt(() => stop('SIGINT')); // the CLI then exits 130
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  console.log(`ffi-corners: deck at ${app.url}  (WebSocket ${app.url.replace(/^http/, 'ws')}ws; Ctrl-C to stop)`);
  if (app.token) console.log(`ffi-corners: follow mode: audience read-only; presenter control: ${app.url}?token=${app.token}`);
  if (app.followUrl) console.log(`ffi-corners: audience: ${app.followUrl}  (Q in the deck shows it as a QR code)`);
  return stopped;
}
