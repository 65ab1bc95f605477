// The console's API, as the pages call it: JSON over fetch, the session's CSRF token on every
// request that changes something; a lost session sends the browser back to the sign-in page.
let csrfToken = null;

export async function startSession() {
  const session = await call('GET', '/console/api/session');
  csrfToken = session.csrfToken;
  return session;
}

export async function call(method, path, body) {
  const headers = {};
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    credentials: 'same-origin',
  });
  if (response.status === 401) {
    location.assign('/console/signin');
    throw new Error('Signed out');
  }
  const text = await response.text();
  const answer = text ? JSON.parse(text) : {};
  if (!response.ok) {
    throw new Error(answer.message || `${method} ${path} failed (${response.status})`);
  }
  return answer;
}

export const get = (path) => call('GET', path);
export const fn = (name) => '/console/api/functions/' + encodeURIComponent(name);
