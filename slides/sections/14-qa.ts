// Thank you and Q&A.
import { t } from '../i18n/index.ts';
import { notes } from './kit.ts';

export default (): string => /* html */ `
<section class="title-slide">
  <h2>Thank you!</h2>
  <p class="subtitle">scc@scc.tw</p>
  <p>Q&amp;A</p>
  <ul class="links">
    <li>py-free-threading.github.io</li>
    <li>Free-Threaded Wheels</li>
    <li>ft-checker.com</li>
  </ul>
  <p class="muted">${t()['qa.run']('<code>npm start</code>', '<code>npx ffi-corners run &lt;experiment&gt; --runtime &lt;id&gt;</code>')}</p>
  ${notes(t()['n.qa'])}
</section>`;
