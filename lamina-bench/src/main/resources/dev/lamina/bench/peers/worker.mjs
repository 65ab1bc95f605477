// The trivial Cloudflare worker: the same body as the Lambda handlers, nothing else.
export default {
  async fetch() {
    return new Response('{"ok":true}', { headers: { 'content-type': 'application/json' } });
  },
};
