// What `ffi-corners export-html` embeds in its one-file deck, in <script type="application/json"
// id="ffi-corners-embedded">: which results it shows, when and from where they were taken, and with
// --results live the machine's newest saved runs (shown as live, as the server would send them).
import type { RunRecord } from './record.ts';

export const EMBEDDED_ID = 'ffi-corners-embedded';

export interface Embedded {
  results: 'live' | 'recorded';
  /** The language the file opens in when its reader has not chosen one (slides/i18n). */
  lang: string;
  exportedAt: string;
  /** Where the results came from. */
  source: string;
  /** Live results: the records shown as live (the newest saved of each kind); none for recorded. */
  records: RunRecord[];
}
