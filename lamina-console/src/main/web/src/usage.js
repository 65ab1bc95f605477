// Usage and cost: the report `lamina usage` prints, per function or per day, at Lambda's list prices.
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { get } from './api.js';

const money = (usd) => '$' + usd.toFixed(usd < 1 ? 6 : 2);

export function UsagePage() {
  const [by, setBy] = useState('function');
  const [report, setReport] = useState(null);
  const [problem, setProblem] = useState('');
  useEffect(() => {
    setReport(null);
    get('/console/api/usage?by=' + by).then(setReport, (e) => setProblem(e.message));
  }, [by]);
  return html`
    <h1 tabindex="-1">Usage and cost</h1>
    <section class="card">
      <label for="by">Group by</label>
      <select id="by" value=${by} onChange=${(e) => setBy(e.currentTarget.value)}>
        <option value="function">Function</option><option value="day">Day (UTC)</option>
      </select>
      ${problem && html`<p class="problem" role="alert">${problem}</p>`}
      ${report && html`
        <p class="muted">Since ${new Date(report.since).toUTCString()}, at Lambda's x86 and arm list prices, without the free tier.</p>
        <table>
          <thead><tr><th scope="col">${report.by}</th><th scope="col" class="num">Requests</th>
            <th scope="col" class="num">GB-seconds</th><th scope="col" class="num">Cost</th></tr></thead>
          <tbody>${report.lines.map((l) => html`<tr key=${l.key}><td>${l.key}</td><td class="num">${l.requests}</td>
            <td class="num">${l.gbSeconds.toFixed(3)}</td><td class="num">${money(l.cost)}</td></tr>`)}</tbody>
          <tfoot><tr><th scope="row">Total</th><td class="num">${report.requests}</td>
            <td class="num">${report.gbSeconds.toFixed(3)}</td><td class="num">${money(report.cost)}</td></tr></tfoot>
        </table>`}
    </section>`;
}
