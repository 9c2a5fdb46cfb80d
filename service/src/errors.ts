/** Typed API errors: every error body is `{ error: { type, message, details?, requestId } }`. */

export type ErrorType =
  | 'validation_error'
  | 'malformed_json'
  | 'invalid_archive'
  | 'invalid_path'
  | 'invalid_url'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'unavailable'
  | 'upstream_error'
  | 'internal';

const STATUS: Record<ErrorType, number> = {
  validation_error: 400,
  malformed_json: 400,
  invalid_archive: 400,
  invalid_path: 400,
  invalid_url: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  upstream_error: 502,
  internal: 500,
};

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly type: ErrorType,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = STATUS[type];
  }
}

export interface ErrorBody {
  error: { type: ErrorType; message: string; details?: unknown; requestId: string };
}

export function errorBody(e: ApiError, requestId: string): ErrorBody {
  return { error: { type: e.type, message: e.message, ...(e.details !== undefined ? { details: e.details } : {}), requestId } };
}

/** The JSON schema of an error body, shared by every route's responses. */
export const errorSchema = {
  $id: 'Error',
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['type', 'message', 'requestId'],
      properties: {
        type: { type: 'string', enum: Object.keys(STATUS) },
        message: { type: 'string' },
        details: {},
        requestId: { type: 'string' },
      },
    },
  },
} as const;
