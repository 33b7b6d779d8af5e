// Ctrl-C in a command that stops cleanly (a run saves what it measured, verify judges it, the server
// closes): the command handles SIGINT itself, and the CLI then exits 130 (128 + SIGINT), as a shell
// expects of an interrupted program, whatever the command returned.

let interrupted = false;

/** Calls `stop` on the next SIGINT until the returned function is called (then it no longer listens). */
export function onInterrupt(stop: () => void): () => void {
  const handler = () => {
    interrupted = true;
    stop();
  };
  process.once('SIGINT', handler);
  return () => void process.off('SIGINT', handler);
}

/** Whether a SIGINT reached a command through `onInterrupt`. */
export const wasInterrupted = (): boolean => interrupted;
