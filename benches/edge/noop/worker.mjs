// A worker that does nothing: answers every request with a fixed prediction. predict.mjs serves it in
// the worker's own Miniflare configuration to show the runtime's ceiling on this machine.
export default {
  async fetch() {
    return new Response('{"predictions":[0]}', { headers: { 'content-type': 'application/json' } });
  },
};
