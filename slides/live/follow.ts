// Follow mode in the deck (`serve --follow`). The presenter's deck (control role) reports where it
// is (slide, fragment, overview) on every move; a viewer's deck goes where the presenter is, until
// the viewer moves on their own: then it is "browsing" (shown in the corner) until R or the
// "back to the presenter" button. A late joiner gets the presenter's position right after its hello
// (the server sends it). Q shows the audience's address as a QR code (no token in it), and the
// title slide carries it while following is on. Runs and results stream to every viewer as before.
import { t } from '../i18n/index.ts';
import type { RevealApi } from 'reveal.js';
import { renderSVG } from 'uqr';
import { isPhone } from '../phone.ts';
import type { SlideMessage, SlideStateMessage } from '../../protocol/messages.ts';
import type { WsClient } from './ws-client.ts';

type Position = Pick<SlideMessage, 'h' | 'v' | 'f' | 'overview'>;

const KEY_R = 82;
const KEY_Q = 81;
/** Reveal's events that move the deck. */
const MOVES = ['slidechanged', 'fragmentshown', 'fragmenthidden', 'overviewshown', 'overviewhidden'] as const;

/** The audience's address as an SVG QR code (black on white whatever the theme: phones read that). */
export function qrSvg(url: string): string {
  return renderSVG(url, { ecc: 'M', border: 2, whiteColor: '#ffffff', blackColor: '#000000' });
}

/** Where the deck is now. */
function positionOf(deck: RevealApi): Position {
  const i = deck.getIndices();
  return { h: i.h, v: i.v ?? 0, f: i.f ?? -1, overview: deck.isOverview() };
}

/** A phone does not open the overview (a grid of 1920-wide slides on a 390-wide screen): it follows
 * the slide picked in the presenter's overview instead. */
const PHONE = isPhone();

const same = (a: Position, b: Position) => a.h === b.h && a.v === b.v && a.f === b.f && (PHONE || a.overview === b.overview);

export class Follow {
  /** A viewer's state: following the presenter, or browsing on their own. */
  mode: 'following' | 'browsing' = 'following';
  /** The presenter's newest position (viewers); null until the presenter's deck has reported. */
  latest: SlideStateMessage | null = null;
  private applying = false;
  private readonly badge: HTMLElement;
  private readonly label: HTMLElement;
  private readonly back: HTMLButtonElement;
  private readonly overlay: HTMLElement;

  constructor(
    private readonly deck: RevealApi,
    private readonly ws: WsClient,
    signal: AbortSignal,
  ) {
    this.badge = document.createElement('div');
    this.badge.className = 'follow-badge';
    this.badge.hidden = true;
    this.badge.setAttribute('role', 'status');
    this.label = document.createElement('span');
    this.back = document.createElement('button');
    this.back.type = 'button';
    this.back.className = 'follow-back';
    this.back.textContent = t()['follow.back'];
    this.back.addEventListener('click', () => this.rejoin(), { signal });
    this.badge.append(this.label, this.back);

    this.overlay = document.createElement('div');
    this.overlay.className = 'follow-qr-overlay';
    this.overlay.hidden = true;
    this.overlay.addEventListener('click', () => (this.overlay.hidden = true), { signal });
    document.body.append(this.badge, this.overlay);
    signal.addEventListener('abort', () => {
      this.badge.remove();
      this.overlay.remove();
      deck.removeKeyBinding(KEY_R);
      deck.removeKeyBinding(KEY_Q);
    });

    this.bindKeys();

    ws.on('hello', () => {
      this.show();
      this.report(); // a (re)connected presenter tells the server where it is
    }, signal);
    ws.on('auth', () => this.show(), signal);
    ws.on('slide', (msg) => {
      this.latest = msg;
      if (this.viewer && this.mode === 'following') this.apply();
    }, signal);
    for (const type of MOVES) {
      deck.on(type, () => {
        if (this.applying) return;
        if (this.leader) return this.report();
        // A viewer's own move away from the presenter's position: browsing from now on.
        if (this.viewer && this.mode === 'following' && !(this.latest && same(positionOf(deck), this.latest))) {
          this.mode = 'browsing';
          this.show();
        }
      }, { signal });
    }
    deck.on('ready', () => {
      if (this.leader) this.report();
      else if (this.viewer && this.mode === 'following') this.apply();
    }, { signal });
  }

  /** The audience's address (no token): the server's, else this page's. */
  get url(): string {
    return this.ws.hello?.followUrl ?? `${location.origin}${location.pathname}`;
  }

  /** Follow mode is on: the server gave the audience's address. */
  get on(): boolean {
    return !!this.ws.hello?.followUrl;
  }

  private get viewer(): boolean {
    return this.on && this.ws.role === 'viewer';
  }

  private get leader(): boolean {
    return this.on && this.ws.role === 'control';
  }

  /** Back to where the presenter is (R, or the button). */
  rejoin(): void {
    if (!this.viewer) return;
    this.mode = 'following';
    this.show();
    this.apply();
  }

  /** R and Q, described in the deck's help (?) in the current language. */
  private bindKeys(): void {
    this.deck.removeKeyBinding(KEY_R);
    this.deck.removeKeyBinding(KEY_Q);
    this.deck.addKeyBinding({ keyCode: KEY_R, key: 'R', description: t()['follow.keyR'] }, () => this.rejoin());
    this.deck.addKeyBinding({ keyCode: KEY_Q, key: 'Q', description: t()['follow.keyQ'] }, () => this.toggleQr());
  }

  /** After the slides are written again in another language: the badge, its button and the title
   * slide's QR code (gone with the old slides) and the keys' help in the new one; an open overlay closes. */
  relabel(): void {
    this.back.textContent = t()['follow.back'];
    this.bindKeys();
    this.overlay.hidden = true;
    this.show();
  }

  toggleQr(): void {
    if (this.overlay.hidden) {
      this.overlay.innerHTML = `<figure><div class="qr">${qrSvg(this.url)}</div><figcaption></figcaption></figure>`;
      const off = this.on ? '' : `  ·  ${t()['follow.off']}`;
      this.overlay.querySelector('figcaption')!.textContent = `${this.url}${off}  ·  ${t()['follow.close']}`;
    }
    this.overlay.hidden = !this.overlay.hidden;
  }

  private report(): void {
    if (this.leader && this.deck.isReady()) this.ws.send({ type: 'slide', ...positionOf(this.deck) });
  }

  /** Moves the deck to the presenter's position (its own events are not the viewer's moves). */
  private apply(): void {
    const p = this.latest;
    if (!p || !this.deck.isReady()) return;
    this.applying = true;
    try {
      if (!p.overview && this.deck.isOverview()) this.deck.toggleOverview(false);
      this.deck.slide(p.h, p.v, p.f);
      if (p.overview && !PHONE && !this.deck.isOverview()) this.deck.toggleOverview(true);
    } finally {
      this.applying = false;
    }
  }

  /** The corner badge (viewers) and the title slide's QR code (anyone, while following is on). */
  private show(): void {
    this.badge.hidden = !this.viewer;
    this.badge.dataset['mode'] = this.mode;
    this.label.textContent = this.mode === 'following' ? t()['follow.following'] : t()['follow.browsing'];
    this.back.hidden = this.mode === 'following';
    const title = this.deck.getSlidesElement()?.querySelector<HTMLElement>('.title-slide');
    let qr = title?.querySelector<HTMLElement>('.follow-qr');
    if (this.on && title && !qr) {
      qr = document.createElement('figure');
      qr.className = 'follow-qr';
      qr.innerHTML = `<div class="qr">${qrSvg(this.url)}</div><figcaption>${t()['follow.phone']}<br><span class="follow-url"></span></figcaption>`;
      qr.querySelector('.follow-url')!.textContent = this.url;
      title.append(qr);
    } else if (!this.on) qr?.remove();
  }
}
