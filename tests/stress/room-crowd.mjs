// The crowd of the hostile-room test (tests/stress/room.test.ts), in a worker thread of its own so
// that handling hundreds of sockets does not delay the presenter's measurements in the main thread:
// viewers joining at once from their own loopback addresses, each asking what an opening deck asks
// and noting when each slide change arrives (absolute time: performance.timeOrigin + now()), and
// the hostile viewer. Told to stop by a message; answers with the arrival times.
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';

const { url, viewers: VIEWERS, gil: GIL, nogil: NOGIL, records: RECORDS } = workerData;
const now = () => performance.timeOrigin + performance.now();
const wsOf = (query = '') => `${url.replace(/^http/, 'ws')}ws${query}`;

/** What an opening deck asks: the newest saved run of each thing its views show (31 asks). */
const DECK_ASKS = [
  ...[GIL, NOGIL].flatMap((runtime) => [
    ...['call-overhead', 'cdll-vs-pydll', 'races', 'arena', 'scaling', 'pydll-blocking', 'instructions'].map((experiment) => ({ experiment, runtime })),
    { experiment: 'call-overhead', runtime, params: { method: 'single-shot' } },
    { experiment: 'cdll-vs-pydll', runtime, params: { loader: 'cdll' } },
    { experiment: 'call-overhead', runtime, params: { samples: 25 } },
  ]),
  ...Array.from({ length: 10 }, (_, i) => ({ experiment: 'call-overhead', runtime: i % 2 ? GIL : NOGIL, params: { samples: 20 + i } })),
  { experiment: 'env-check' },
];


/** A viewer: joins from its own address, asks what a deck asks, and notes when each slide arrives. */
class Viewer {

  constructor(address) {
    this.slideAt = new Map();
    this.latest = 0;
    this.ws = new WebSocket(wsOf(), { localAddress: address });
    this.joined = new Promise((resolve) => {
      this.ws.once('open', () => resolve(true));
      this.ws.once('error', () => resolve(false));
      this.ws.once('unexpected-response', () => resolve(false));
    });
    this.ws.on('message', (data) => {
      const at = now();
      // Only the head is read: a slide message is small, a saved record is not parsed here.
      const head = data.subarray(0, 24).toString('latin1');
      if (head.startsWith('{"type":"slide"')) this.slideAt.set(JSON.parse(data.toString()).h, at);
      else if (head.startsWith('{"type":"latest"')) this.latest++;
      else if (head.startsWith('{"type":"hello"')) for (const ask of DECK_ASKS) this.ws.send(JSON.stringify({ type: 'latest', ...ask }));
    });
  }
}

/** The hostile viewer's three attacks, running until stopped. Returns a stop function. */
function hostile() {
  const sockets = [];
  let stopped = false;
  // A flood of `latest` asks that match nothing, as fast as the socket takes them.
  const flooder = new WebSocket(wsOf(), { localAddress: '127.0.2.1' });
  sockets.push(flooder);
  let k = 0;
  const flood = setInterval(() => {
    if (flooder.readyState !== flooder.OPEN) return;
    for (let i = 0; i < 100; i++) flooder.send(JSON.stringify({ type: 'latest', experiment: 'call-overhead', runtime: GIL, params: { samples: 100_000 + (k++ % 1e6) } }));
  }, 10);
  // A reader that reads nothing, asking for the largest records again and again.
  const slow = new WebSocket(wsOf(), { localAddress: '127.0.2.2' });
  sockets.push(slow);
  slow.once('open', () => slow._socket.pause());
  const starve = setInterval(() => {
    if (slow.readyState !== slow.OPEN) return;
    for (let i = 0; i < 20; i++) slow.send(JSON.stringify({ type: 'latest', experiment: 'call-overhead', runtime: GIL, params: { samples: 20 + (k++ % RECORDS) } }));
  }, 100);
  // A connection hog: as many sockets from one address as it can get, reopened as they close.
  const hog = () => {
    if (stopped) return;
    const ws = new WebSocket(wsOf(), { localAddress: '127.0.2.3' });
    sockets.push(ws);
    ws.on('error', () => {});
    ws.once('close', () => setTimeout(hog, 100));
  };
  for (let i = 0; i < 40; i++) hog();
  for (const ws of sockets) ws.on('error', () => {});
  return () => {
    stopped = true;
    clearInterval(flood);
    clearInterval(starve);
    for (const ws of sockets) ws.terminate();
  };
}


const stopHostile = hostile();
const crowd = Array.from({ length: VIEWERS }, (_, i) => new Viewer(`127.0.1.${1 + (i % 250)}`));
const joined = (await Promise.all(crowd.map((v) => v.joined))).filter(Boolean).length;
parentPort.postMessage({ type: 'joined', joined });
parentPort.once('message', () => {
  stopHostile();
  const answered = crowd.reduce((n, v) => n + v.latest, 0);
  const arrivals = crowd.map((v) => [...v.slideAt]);
  for (const v of crowd) v.ws.terminate();
  parentPort.postMessage({ type: 'done', answered, arrivals });
});
