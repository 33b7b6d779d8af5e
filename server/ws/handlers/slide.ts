// `slide`: in follow mode the presenter's deck reports where it is (slide, fragment, overview); the
// newest position is kept and sent to every other client at once, and to each client that joins
// later right after its hello, so the audience lands where the presenter is. Control role only
// (the dispatcher refuses viewers); in loopback mode there is no audience to lead.
import type { WebSocket } from 'ws';
import type { SlideStateMessage } from '../../../protocol/messages.ts';
import type { Handler } from '../context.ts';

export class FollowState {
  /** The presenter's newest position, null until the presenter's deck first reports. */
  latest: SlideStateMessage | null = null;
  private seq = 0;

  constructor(private readonly clients: () => Iterable<WebSocket>) {}

  /** Keeps the position and sends it (one serialisation) to every open client but `from`. */
  update(pos: Omit<SlideStateMessage, 'type' | 'seq'>, from: WebSocket): SlideStateMessage {
    const msg: SlideStateMessage = { type: 'slide', h: pos.h, v: pos.v, f: pos.f, overview: pos.overview, seq: ++this.seq };
    this.latest = msg;
    const text = JSON.stringify(msg);
    for (const ws of this.clients()) if (ws !== from && ws.readyState === ws.OPEN) ws.send(text);
    return msg;
  }

  /** A client just joined: the newest position, if there is one. */
  greet(ws: WebSocket): void {
    if (this.latest && ws.readyState === ws.OPEN) ws.send(JSON.stringify(this.latest));
  }
}

export const handleSlide: Handler<'slide'> = (ctx, msg, reply) => {
  if (!ctx.follow) return reply.fail('slide: the audience follows only in follow mode (serve --follow)', 'type');
  ctx.follow.update(msg, reply.ws);
};
