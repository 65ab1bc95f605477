// The monitoring chart: uPlot over CloudWatch's per-period points, invocations and errors as counts
// on the left axis, average duration in ms on the right; a table of the same numbers for screen
// readers and for reading exact values.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { html } from './html.js';

/**
 * One row per period of the range: [time, invocations, errors, duration]. CloudWatch leaves out the
 * periods without invocations; the chart draws them as zero invocations and errors, and no duration.
 */
export function rows(data) {
  const byTime = new Map();
  const first = data.start - (data.start % data.period);
  for (let t = first; t <= data.end; t += data.period) byTime.set(t, [t, 0, 0, null]);
  const put = (series, index) => (data[series] || []).forEach(([t, v]) => {
    if (!byTime.has(t)) byTime.set(t, [t, 0, 0, null]);
    byTime.get(t)[index] = v;
  });
  put('Invocations', 1); put('Errors', 2); put('Duration', 3);
  return [...byTime.values()].sort((a, b) => a[0] - b[0]);
}

export function MetricsChart({ data }) {
  const box = useRef(null);
  const table = rows(data);
  useEffect(() => {
    const columns = [0, 1, 2, 3].map((i) => table.map((r) => r[i]));
    const width = Math.max(280, box.current.clientWidth);
    const plot = new uPlot({
      width, height: 240,
      series: [
        {},
        { label: 'Invocations', stroke: '#1a73e8', width: 2, scale: 'count' },
        { label: 'Errors', stroke: '#b3261e', width: 2, scale: 'count' },
        { label: 'Duration (ms)', stroke: '#e8710a', width: 2, dash: [6, 4], scale: 'ms', spanGaps: true },
      ],
      axes: [{}, { scale: 'count', label: 'Count' }, { scale: 'ms', side: 1, label: 'ms', grid: { show: false } }],
      scales: { x: { time: true, range: [data.start, data.end] }, count: { range: (u, min, max) => [0, Math.max(1, max)] } },
    }, columns, box.current);
    const resize = () => plot.setSize({ width: Math.max(280, box.current.clientWidth), height: 240 });
    addEventListener('resize', resize);
    return () => { removeEventListener('resize', resize); plot.destroy(); };
  }, [data]);
  const total = table.reduce((s, r) => s + (r[1] || 0), 0);
  return html`
    <div class="chart" ref=${box} role="img" aria-label=${`Chart: ${total} invocations in the range`} data-invocations=${total}></div>
    <details>
      <summary>The numbers (periods of ${data.period} s with invocations)</summary>
      <table><thead><tr><th scope="col">Time</th><th scope="col" class="num">Invocations</th>
        <th scope="col" class="num">Errors</th><th scope="col" class="num">Duration (ms)</th></tr></thead>
        <tbody>${table.filter((r) => r[1] > 0 || r[3] != null).map((r) => html`<tr key=${r[0]}><td>${new Date(r[0] * 1000).toLocaleString()}</td>
          <td class="num">${r[1] ?? ''}</td><td class="num">${r[2] ?? ''}</td>
          <td class="num">${r[3] == null ? '' : r[3].toFixed(1)}</td></tr>`)}</tbody></table>
    </details>`;
}
