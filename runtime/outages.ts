/**
 * Telling a dependency outage (Temporal or MongoDB not answering, or not within the time limit)
 * from everything else: an outage is 503 DEPENDENCY_UNAVAILABLE with Retry-After, never a 500.
 * One place for the API's error mapping and the services' own typed errors.
 */
import { isGrpcServiceError } from '@temporalio/client';

/** gRPC codes that mean "the server is not there right now, or did not answer in time". */
const UNREACHABLE_GRPC = new Set([
  1, // CANCELLED (connection closed, or our deadline aborted the call)
  4, // DEADLINE_EXCEEDED
  8, // RESOURCE_EXHAUSTED
  14, // UNAVAILABLE
]);

/** Error names of the Temporal client, the MongoDB driver and mongoose for the same. */
const UNREACHABLE_NAMES = new Set([
  'TransportError',
  'ConnectionError',
  'WorkflowUpdateRPCTimeoutOrCancelledError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  'MongoWaitQueueTimeoutError',
  'AbortError',
  'TimeoutError',
]);

/** MongoDB server error codes for "took too long" or "not available": MaxTimeMSExpired, … */
const UNREACHABLE_MONGO_CODES = new Set([50, 89, 91, 189, 262, 11600, 11602, 13436]);

/** True when `err` (or one of its causes) says that Temporal or MongoDB cannot serve us now. */
export function isDependencyFailure(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 6; depth++) {
    if (isGrpcServiceError(e) && UNREACHABLE_GRPC.has(e.code)) return true;
    if (e instanceof Error) {
      if (UNREACHABLE_NAMES.has(e.name)) return true;
      const code = (e as { code?: unknown }).code;
      if (e.name === 'MongoServerError' && typeof code === 'number') {
        if (UNREACHABLE_MONGO_CODES.has(code)) return true;
      }
      if (/ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|EPIPE/.test(e.message)) return true;
      // mongoose, when the connection is down: "Operation `x.find()` buffering timed out after …"
      if (/buffering timed out/.test(e.message)) return true;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Seconds a client should wait before repeating a request refused for an outage. */
export const RETRY_AFTER_SECONDS = 5;
