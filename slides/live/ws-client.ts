// The one WebSocket client of the deck: connects to /ws on the page's own host (with the follow-mode
// token of the page URL), re-connects with back-off, and re-dispatches every server message as a DOM
// event named after its type ("hello", "job", "queue", "latest", "error", "auth"), plus "status"
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

/** ws(s)://<page host>/ws[?token=...], or null where there is no server to ask (file://). */
export function wsUrl(location: Location = window.location): string | null {
  if (location.protocol !== 'http:' && location.protocol !== 'https:') return null;
  const token = new URLSearchParams(location.search).get('token');
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${location.host}/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

export class WsClient extends Emitter<WsEvents> {
  status: WsStatus = 'offline';
  /** What the server sent on connect (runtimes, experiments, role); null until then. */
  hello: Extract<ServerMessage, { type: 'hello' }> | null = null;
  private socket: WebSocket | null = null;
  private retryMs = 1000;
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
      this.retryMs = 1000;
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
      this.retryMs = Math.min(this.retryMs * 2, 15000);
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
