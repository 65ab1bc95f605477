// The functions page: every function, searchable by name, runtime or description.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { html } from './html.js';
import { get } from './api.js';

/** Lambda's LastModified (2026-12-08T02:05:51.372+0000) in the reader's time zone and words. */
export const when = (lastModified) => new Date(lastModified.replace(/([+-]\d\d)(\d\d)$/, '$1:$2')).toLocaleString();

export function FunctionsPage() {
  const [functions, setFunctions] = useState(null);
  const [problem, setProblem] = useState('');
  const [search, setSearch] = useState('');
  useEffect(() => { get('/console/api/functions').then(setFunctions, (e) => setProblem(e.message)); }, []);
  const shown = useMemo(() => {
    const words = search.toLowerCase().split(/\s+/).filter(Boolean);
    return (functions || []).filter((f) => {
      const text = `${f.name} ${f.runtime} ${f.description}`.toLowerCase();
      return words.every((w) => text.includes(w));
    });
  }, [functions, search]);
  return html`
    <h1 tabindex="-1">Functions</h1>
    <section class="card">
      <label for="search">Search functions</label>
      <input id="search" type="search" value=${search} onInput=${(e) => setSearch(e.currentTarget.value)}
        placeholder="name, runtime or description" />
      <p class="muted" aria-live="polite">${functions ? `${shown.length} of ${functions.length} functions` : ''}</p>
      ${problem && html`<p class="problem" role="alert">${problem}</p>`}
      ${!functions && !problem && html`<p class="loading">Loading…</p>`}
      ${functions && html`
        <table class="functions">
          <thead><tr>
            <th scope="col">Name</th><th scope="col">Runtime</th><th scope="col" class="num">Memory (MB)</th>
            <th scope="col" class="wide">Last modified</th>
          </tr></thead>
          <tbody>
            ${shown.map((f) => html`
              <tr key=${f.name}>
                <td><a href=${'#/functions/' + encodeURIComponent(f.name)}>${f.name}</a>
                  ${f.description && html`<div class="muted">${f.description}</div>`}</td>
                <td>${f.runtime}</td>
                <td class="num">${f.memory}</td>
                <td class="wide">${when(f.lastModified)}</td>
              </tr>`)}
          </tbody>
        </table>`}
    </section>`;
}
