// The console: a shell with a hash router (#/, #/functions/<name>/<tab>, #/usage) over the pages.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { call, startSession } from './api.js';
import { FunctionsPage } from './functions.js';
import { FunctionPage } from './function.js';
import { UsagePage } from './usage.js';

function route(hash) {
  const parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] === 'functions' && parts[1]) return { page: 'function', name: parts[1], tab: parts[2] || 'configuration' };
  if (parts[0] === 'usage') return { page: 'usage' };
  return { page: 'functions' };
}

function useRoute() {
  const [current, setCurrent] = useState(route(location.hash));
  useEffect(() => {
    const onChange = () => setCurrent(route(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return current;
}

function Shell({ session }) {
  const current = useRoute();
  useEffect(() => {
    // a page change moves focus to its heading, so keyboard and screen-reader users land on it
    const heading = document.querySelector('main h1');
    if (heading) heading.focus();
  }, [current.page, current.name]);
  const signOut = async () => {
    await call('DELETE', '/console/api/session');
    location.assign('/console/signin');
  };
  const here = (page) => (current.page === page || (page === 'functions' && current.page === 'function') ? 'page' : undefined);
  return html`
    <header class="top">
      <span class="brand">Lamina</span>
      <nav aria-label="Main">
        <a href="#/" aria-current=${here('functions')}>Functions</a>
        <a href="#/usage" aria-current=${here('usage')}>Usage and cost</a>
      </nav>
      <span class="muted" title="Signed in with this access key">${session.accessKeyId}</span>
      <button type="button" onClick=${signOut}>Sign out</button>
    </header>
    <main>
      ${current.page === 'functions' && html`<${FunctionsPage} />`}
      ${current.page === 'function' && html`<${FunctionPage} name=${current.name} tab=${current.tab} />`}
      ${current.page === 'usage' && html`<${UsagePage} />`}
    </main>`;
}

const root = document.getElementById('console');
startSession().then(
  (session) => {
    root.textContent = ''; // the loading note goes: Preact renders beside what it did not render
    render(html`<${Shell} session=${session} />`, root);
  },
  (e) => { root.textContent = 'The console could not start: ' + e.message; });
