/**
 * Timeouts of the API's HTTP server. Node closes an idle keep-alive connection after 5 s by
 * default, while proxies and clients keep theirs for 60 s or more: a client reusing a connection
 * Node just closed loses its request ("other side closed"). So the server keeps idle connections
 * longer than usual proxy idle times, and waits for headers a little longer still (Node requires
 * headersTimeout > keepAliveTimeout).
 */
import type { Server } from 'node:http';

export const KEEP_ALIVE_TIMEOUT_MS = 65_000;
export const HEADERS_TIMEOUT_MS = 66_000;
/** A whole request (a 20-file upload on a slow line) must arrive within this. */
export const REQUEST_TIMEOUT_MS = 120_000;

export function configureServer(server: Server): Server {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  return server;
}
