#!/usr/bin/env node
// Entry point of the `ffi-corners` CLI. Runs the plain JavaScript build in .cli/ (made by the set-up
// step of `npm start` / `npm test`, scripts/build-cli.mjs) when it matches the sources; otherwise the
// TypeScript sources through tsx, slower to start but always current (also with
// FFI_CORNERS_CLI_FROM_SOURCES=1).
import { cliBuildFresh } from '../scripts/build-cli.mjs';

// `ffi-corners runtimes | head`: a reader that stops early is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
let main;
if (process.env.FFI_CORNERS_CLI_FROM_SOURCES !== '1' && cliBuildFresh()) {
  ({ main } = await import('../.cli/cli.mjs'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../server/cli.ts'));
}
process.exitCode = await main(process.argv.slice(2));
