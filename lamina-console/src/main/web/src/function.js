// One function: its configuration, a test invocation with the log tail, and its monitoring chart.
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { call, fn, get } from './api.js';
import { MetricsChart } from './chart.js';
import { when } from './functions.js';

const TABS = [['configuration', 'Configuration'], ['test', 'Test'], ['monitoring', 'Monitoring']];

export function FunctionPage({ name, tab }) {
  const [details, setDetails] = useState(null);
  const [problem, setProblem] = useState('');
  useEffect(() => {
    setDetails(null);
    get(fn(name)).then(setDetails, (e) => setProblem(e.message));
  }, [name]);
  const base = '#/functions/' + encodeURIComponent(name);
  return html`
    <p><a href="#/">← Functions</a></p>
    <h1 tabindex="-1">${name}</h1>
    <nav class="tabs" aria-label="Function">
      ${TABS.map(([id, label]) => html`
        <a href=${base + '/' + id} aria-current=${tab === id ? 'page' : undefined}>${label}</a>`)}
    </nav>
    ${problem && html`<p class="problem" role="alert">${problem}</p>`}
    ${tab === 'configuration' && (details ? html`<${Configuration} details=${details} />` : !problem && html`<p class="loading">Loading…</p>`)}
    ${tab === 'test' && html`<${TestInvoke} name=${name} />`}
    ${tab === 'monitoring' && html`<${Monitoring} name=${name} />`}`;
}

function Configuration({ details }) {
  const c = details.configuration;
  const rows = [
    ['Runtime', c.Runtime || c.PackageType], ['Handler', c.Handler], ['Memory', `${c.MemorySize} MB`],
    ['Timeout', `${c.Timeout} s`], ['Architecture', (c.Architectures || []).join(', ')],
    ['Ephemeral storage', c.EphemeralStorage && `${c.EphemeralStorage.Size} MB`],
    ['Role', c.Role], ['State', c.State], ['Last modified', when(c.LastModified)], ['Code SHA-256', c.CodeSha256],
    ['Code size', c.CodeSize && `${c.CodeSize} bytes`], ['Description', c.Description],
    ['Reserved concurrency', details.concurrency && details.concurrency.ReservedConcurrentExecutions],
    ['Layers', (c.Layers || []).map((l) => l.Arn).join(', ')], ['ARN', c.FunctionArn],
  ].filter(([, v]) => v !== undefined && v !== null && v !== '');
  const names = c.EnvironmentVariableNames || [];
  return html`
    <section class="card" aria-labelledby="config-h">
      <h2 id="config-h">Configuration</h2>
      <dl class="config">${rows.map(([k, v]) => html`<dt>${k}</dt><dd class=${k === 'ARN' || k === 'Code SHA-256' ? 'mono' : ''}>${v}</dd>`)}</dl>
    </section>
    <section class="card" aria-labelledby="env-h">
      <h2 id="env-h">Environment variables</h2>
      ${names.length === 0 ? html`<p class="muted">None.</p>` : html`
        <p class="muted">Values stay on the node; read them with <code>aws lambda get-function-configuration</code>.</p>
        <table><thead><tr><th scope="col">Name</th><th scope="col">Value</th></tr></thead><tbody>
          ${names.map((n) => html`<tr key=${n}><td class="mono">${n}</td><td aria-label="hidden value">••••••</td></tr>`)}
        </tbody></table>`}
    </section>
    <section class="card" aria-labelledby="versions-h">
      <h2 id="versions-h">Versions and aliases</h2>
      <table><thead><tr><th scope="col">Version</th><th scope="col">Description</th><th scope="col">Last modified</th></tr></thead>
        <tbody>${details.versions.map((v) => html`<tr key=${v.Version}><td>${v.Version}</td><td>${v.Description}</td><td>${when(v.LastModified)}</td></tr>`)}</tbody></table>
      ${details.aliases.length > 0 && html`
        <table><thead><tr><th scope="col">Alias</th><th scope="col">Version</th><th scope="col">Weights</th></tr></thead>
          <tbody>${details.aliases.map((a) => html`<tr key=${a.Name}><td>${a.Name}</td><td>${a.FunctionVersion}</td>
            <td>${Object.entries((a.RoutingConfig || {}).AdditionalVersionWeights || {}).map(([v, w]) => `${v}: ${Math.round(w * 100)} %`).join(', ') || '—'}</td></tr>`)}</tbody></table>`}
    </section>
    <section class="card" aria-labelledby="triggers-h">
      <h2 id="triggers-h">Triggers</h2>
      ${details.eventSourceMappings.length === 0 && details.urls.length === 0 && html`<p class="muted">None.</p>`}
      <ul>
        ${details.urls.map((u) => html`<li key=${u.FunctionUrl}>Function URL <a href=${u.FunctionUrl}>${u.FunctionUrl}</a> (${u.AuthType})</li>`)}
        ${details.eventSourceMappings.map((m) => html`<li key=${m.UUID}><span class="mono">${m.EventSourceArn}</span> — ${m.State}, batch ${m.BatchSize}</li>`)}
      </ul>
    </section>`;
}

function TestInvoke({ name }) {
  const [event, setEvent] = useState('{\n  "key": "value"\n}');
  const [result, setResult] = useState(null);
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const invoke = async (e) => {
    e.preventDefault();
    try { JSON.parse(event); } catch (err) { setProblem('The event is not JSON: ' + err.message); return; }
    setBusy(true); setProblem('');
    try { setResult(await call('POST', fn(name) + '/invoke', event)); } catch (err) { setProblem(err.message); }
    setBusy(false);
  };
  return html`
    <section class="card" aria-labelledby="test-h">
      <h2 id="test-h">Test event</h2>
      <form onSubmit=${invoke}>
        <label for="event">Event (JSON)</label>
        <textarea id="event" value=${event} onInput=${(e) => setEvent(e.currentTarget.value)} spellcheck="false"></textarea>
        <p class="problem" role="alert">${problem}</p>
        <button type="submit" disabled=${busy}>${busy ? 'Invoking…' : 'Invoke'}</button>
      </form>
    </section>
    ${result && html`
      <section class="card" aria-labelledby="result-h" aria-live="polite">
        <h2 id="result-h">Result: <span class=${result.functionError ? 'bad' : 'ok'}>${result.functionError ? 'failed (' + result.functionError + ')' : 'succeeded'}</span></h2>
        <p class="muted">Status ${result.status} · request ${result.requestId}</p>
        <h3>Response</h3>
        <pre class="out" id="payload">${result.payload}</pre>
        <h3>Log output (the last 4 KB)</h3>
        <pre class="out" id="log">${result.log}</pre>
      </section>`}`;
}

function Monitoring({ name }) {
  const [hours, setHours] = useState(1);
  const [data, setData] = useState(null);
  const [problem, setProblem] = useState('');
  useEffect(() => {
    setData(null);
    get(fn(name) + '/metrics?hours=' + hours).then(setData, (e) => setProblem(e.message));
  }, [name, hours]);
  return html`
    <section class="card" aria-labelledby="mon-h">
      <h2 id="mon-h">Invocations, errors and duration</h2>
      <label for="hours">Time range</label>
      <select id="hours" value=${hours} onChange=${(e) => setHours(Number(e.currentTarget.value))}>
        <option value="1">Last hour</option><option value="3">Last 3 hours</option>
        <option value="24">Last day</option><option value="168">Last week</option>
      </select>
      ${problem && html`<p class="problem" role="alert">${problem}</p>`}
      ${data ? html`<${MetricsChart} data=${data} />` : !problem && html`<p class="loading">Loading…</p>`}
    </section>`;
}
