// The one WebSocket client of the deck: connects to /ws on the page's own host (with the follow-mode
// presenter token, which it takes out of the page URL), re-connects with a short back-off (a restarted
// server is found again within RETRY_MAX_MS), and re-dispatches every server message as a DOM event
// named after its type ("hello", "job", "queue", "latest", "error", "auth"), plus "status"
// when the connection opens or closes. Only the main window connects (see isMainWindow).
import type { ClientMessage, ServerMessage } from '../../protocol/messages.ts';
import { Emitter } from './events.ts';

export type WsStatus = 'offline' | 'connecting' | 'open' | 'closed';

/** Each server message type as an event carrying that message, and "status". */
export type WsEvents = { [T in ServerMessage['type']]: Extract<ServerMessage, { type: T }> } & { status: WsStatus };

/** False inside the speaker view's iframes (and any other embedding): those never connect or run. */
export function isMainWindow(): boolean {
  let top = true;
  try {
    top = window.self === window.top;
  } catch {
    top = false;
  }
  return top && !/receiver/i.test(window.location.search);
}

const TOKEN_KEY = 'ffi-corners-token';

/** The follow-mode presenter token. Taken from `?token=` once and removed from the address bar at
 * once (so it is in no history entry, screenshot or Referer); kept for this tab only
 * (sessionStorage), so a reload keeps control. */
export function presenterToken(): string | null {
  const url = new URL(window.location.href);
  const given = url.searchParams.get('token');
  try {
    if (given === null) return sessionStorage.getItem(TOKEN_KEY);
    sessionStorage.setItem(TOKEN_KEY, given);
  } catch {
    /* storage disabled: the token lives in memory only */
  }
  url.searchParams.delete('token');
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
  return given;
}

/** ws(s)://<page host>/ws[?token=...], or null where there is no server to ask (file://). */
export function wsUrl(location: Location = window.location, token = presenterToken()): string | null {
  if (location.protocol !== 'http:' && location.protocol !== 'https:') return null;
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${location.host}/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

/** Re-connect attempts: after RETRY_FIRST_MS, doubling up to RETRY_MAX_MS (on stage, a restarted
 * server must be back on the slide within seconds). */
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 2000;

export class WsClient extends Emitter<WsEvents> {
  status: WsStatus = 'offline';
  /** What the server sent on connect (runtimes, experiments, role); null until then. */
  hello: Extract<ServerMessage, { type: 'hello' }> | null = null;
  private socket: WebSocket | null = null;
  private retryMs = RETRY_FIRST_MS;
  private timer = 0;
  private stopped = false;

  constructor(readonly url: string | null) {
    super();
  }

  get role(): 'control' | 'viewer' | null {
    return this.hello?.role ?? null;
  }

  connect(): void {
    if (!this.url || this.socket) return;
    this.setStatus('connecting');
    const ws = new WebSocket(this.url);
    this.socket = ws;
    ws.addEventListener('open', () => {
      this.retryMs = RETRY_FIRST_MS;
      this.setStatus('open');
    });
    ws.addEventListener('message', (e) => {
      let msg: ServerMessage;
      try {
        msg = JSON.parse(String(e.data)) as ServerMessage;
      } catch {
        return;
      }
      if (msg.type === 'hello') this.hello = msg;
      if (msg.type === 'auth' && this.hello) this.hello = { ...this.hello, role: msg.role };
      this.emit(msg.type, msg as WsEvents[typeof msg.type]);
    });
    ws.addEventListener('close', () => {
      this.socket = null;
      this.hello = null;
      this.setStatus('closed');
      if (this.stopped) return;
      this.timer = window.setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    });
  }

  /** Sends a message; false when not connected. */
  send(msg: ClientMessage): boolean {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(msg));
    return true;
  }

  close(): void {
    this.stopped = true;
    window.clearTimeout(this.timer);
    const ws = this.socket;
    this.socket = null;
    ws?.close();
  }

  private setStatus(s: WsStatus): void {
    this.status = s;
    this.emit('status', s);
  }
}
