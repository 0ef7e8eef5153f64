// A worker that does nothing: answers every request with a fixed prediction. predict.mjs serves it in
// the worker's own Miniflare configuration to show the runtime's ceiling on this machine. It reads
// the request body, as every real worker does: workerd closes a keep-alive connection whose request
// body was left unread, so skipping it would time reconnects instead of requests.
export default {
  async fetch(request) {
    await request.arrayBuffer();
    return new Response('{"predictions":[0]}', { headers: { 'content-type': 'application/json' } });
  },
};
