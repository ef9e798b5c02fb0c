import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import pLimit, { type LimitFunction } from 'p-limit';
import { TOOL_VERSION } from '../version.js';

/** A GET answered by the API server (any status that is not retried away). `body` is the parsed JSON, if any. */
export interface ApiResponse {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON from the API server, untyped
  body: any;
  /** `Retry-After` of the answer, in ms. */
  retryAfterMs?: number;
}

/** One request: `accept` is the Accept header; `headers` are added to the credentials' headers. */
export interface ApiRequest {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  accept: string;
  body?: unknown;
  /** Content-Type of `body`; default `application/json`. */
  contentType?: string;
  headers?: http.OutgoingHttpHeaders;
}

/** The API server could not be reached or did not answer in time, after every retry. `code` is Node's (`ECONNREFUSED`, `ENOTFOUND`, `ETIMEDOUT`, ...). */
export class ApiConnectionError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly tls: boolean,
  ) {
    super(message);
    this.name = 'ApiConnectionError';
  }
}

/** The kubeconfig's user entry could not produce credentials (an exec plugin failed, a token file is unreadable). */
export class CredentialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialError';
  }
}

/**
 * An answer was longer than `ApiClientOptions.maxResponseBytes`: it was not read to the end (nor
 * retried). `limitBytes` is the bound it broke.
 */
export class ResponseTooLargeError extends Error {
  constructor(
    readonly what: string,
    readonly limitBytes: number,
  ) {
    super(`the answer to ${what} is larger than ${megabytes(limitBytes)}`);
    this.name = 'ResponseTooLargeError';
  }
}

/** The overall time budget ran out; `what` names what was being read. */
export class DeadlineExceededError extends Error {
  constructor(
    readonly what: string,
    readonly budgetMs: number,
  ) {
    super(`time budget of ${seconds(budgetMs)} used up while reading ${what}`);
    this.name = 'DeadlineExceededError';
  }
}

export interface ApiClientOptions {
  /** Most requests in flight at once. */
  concurrency: number;
  /** Overall budget for all requests, in ms, from construction. */
  timeoutMs: number;
  /** Longest wait for one response, in ms (capped by what is left of the budget). Default 60000. */
  requestTimeoutMs?: number;
  /** Attempts for 5xx answers and connection failures (first try included). Default 6. */
  maxAttempts?: number;
  /** Attempts for 429 answers, which API Priority and Fairness sends under load. Default 12 (client-go retries 10 times). */
  maxAttempts429?: number;
  /** First backoff step in ms; doubled per attempt up to `maxBackoffMs`, then jittered. Defaults 250 / 8000. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /**
   * Longest answer read, in bytes (default MAX_RESPONSE_BYTES); a longer one is abandoned with a
   * ResponseTooLargeError.
   */
  maxResponseBytes?: number;
  /** Called before each retry (for progress). */
  onRetry?: (what: string, reason: string, delayMs: number) => void;
}

/**
 * The longest answer read by default: 128 MiB. A LIST page is parsed from one string, and V8 cannot
 * build a string of 512 MiB or more (`buffer.constants.MAX_STRING_LENGTH`, 2^29 - 24 characters, in
 * Node 20); the parsed objects take several times the text, so the bound is well below that. A page
 * of 500 Pods is a few MB; a longer answer is split by the list reader (src/sources/cluster-list.ts).
 */
export const MAX_RESPONSE_BYTES = 128 * 1024 * 1024;

/** 5xx codes worth retrying: the server or a proxy in front of it is briefly unable to answer. */
const RETRIED_5XX = new Set([500, 502, 503, 504]);
/** Connection-level failures worth retrying (resets, timeouts, refused while a control plane restarts). */
const RETRIED_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'ECONNABORTED',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ERR_STREAM_PREMATURE_CLOSE',
  'ETRUNCATED',
]);
/** Failures that usually mean "no server there" rather than a hiccup: retried briefly, so a wrong address fails fast. */
const FAST_FAIL_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN']);
const FAST_FAIL_ATTEMPTS = 3;

/**
 * GET requests to the API server with the kubeconfig's TLS and credentials applied
 * (`KubeConfig.applyToHTTPSOptions`: client certificates, tokens, token files, exec plugins).
 *
 * Resilience: 429 is retried honouring `Retry-After` (seconds or an HTTP date); 500/502/503/504,
 * connection resets, refused connections, timeouts and bodies cut off mid-response are retried with
 * exponential backoff and jitter. At most `concurrency` requests are in flight (p-limit); retries
 * wait outside the limit. Every wait is bounded by the overall budget, a request included: a server
 * that trickles its answer byte by byte is cut off when the budget runs out. Answers are bounded in
 * size (`maxResponseBytes`).
 */
export class ApiClient {
  private readonly limit: LimitFunction;
  private readonly deadline: number;
  private readonly base: URL;
  private agent?: http.Agent;
  private agentKey?: string;
  private readonly requestTimeoutMs: number;
  private readonly maxAttempts: number;
  private readonly maxAttempts429: number;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxResponseBytes: number;
  private readonly closed = new AbortController();

  constructor(
    private readonly kc: KubeConfig,
    server: string,
    private readonly options: ApiClientOptions,
  ) {
    this.base = new URL(server.endsWith('/') ? server : `${server}/`);
    this.limit = pLimit(Math.max(1, options.concurrency));
    this.deadline = Date.now() + options.timeoutMs;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
    this.maxAttempts = options.maxAttempts ?? 6;
    this.maxAttempts429 = options.maxAttempts429 ?? 12;
    this.baseBackoffMs = options.baseBackoffMs ?? 250;
    this.maxBackoffMs = options.maxBackoffMs ?? 8_000;
    this.maxResponseBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  }

  /**
   * GET `path` (e.g. `/api/v1/pods?limit=500`) and parse the JSON answer.
   * @param what names the read for progress and errors (`pods (page 2)`).
   * @throws ApiConnectionError when no answer came after the retries (or TLS failed: not retried).
   * @throws DeadlineExceededError when the overall budget ran out.
   * @throws ResponseTooLargeError when the answer is longer than `maxResponseBytes`.
   */
  async get(path: string, accept: string, what: string): Promise<ApiResponse> {
    return this.request({ method: 'GET', path, accept }, what);
  }

  /**
   * Any request, with the same retries as `get` (so only for requests that are safe to repeat: GETs,
   * server-side dry runs, access reviews). `headers` are added to the kubeconfig's (e.g. `Impersonate-User`);
   * `body` is sent as JSON.
   * @throws as `get`.
   */
  async request(req: ApiRequest, what: string): Promise<ApiResponse> {
    let failures = 0;
    let throttled = 0;
    for (;;) {
      this.checkDeadline(what);
      let outcome: ApiResponse | Error;
      try {
        outcome = await this.limit(() => this.attempt(req, what));
      } catch (err) {
        outcome = err as Error;
      }
      if (outcome instanceof DeadlineExceededError || outcome instanceof CredentialError || outcome instanceof ResponseTooLargeError)
        throw outcome;
      let delay: number;
      let reason: string;
      if (outcome instanceof Error) {
        const code = errorCode(outcome);
        if (isTlsError(outcome)) throw new ApiConnectionError(outcome.message, code, true);
        failures++;
        const attempts = FAST_FAIL_CODES.has(code ?? '') ? Math.min(FAST_FAIL_ATTEMPTS, this.maxAttempts) : this.maxAttempts;
        if (!RETRIED_CODES.has(code ?? '') || failures >= attempts) {
          throw new ApiConnectionError(outcome.message, code, false);
        }
        delay = this.backoff(failures);
        reason = code ?? outcome.message;
      } else if (outcome.status === 429) {
        throttled++;
        if (throttled >= this.maxAttempts429) return outcome;
        delay = Math.max(this.backoff(throttled), outcome.retryAfterMs ?? 0);
        reason = '429 Too Many Requests';
      } else if (RETRIED_5XX.has(outcome.status)) {
        failures++;
        if (failures >= this.maxAttempts) return outcome;
        delay = Math.max(this.backoff(failures), outcome.retryAfterMs ?? 0);
        reason = `${outcome.status} ${http.STATUS_CODES[outcome.status] ?? ''}`.trim();
      } else {
        return outcome;
      }
      const left = this.deadline - Date.now();
      if (delay >= left) throw new DeadlineExceededError(what, this.options.timeoutMs);
      this.options.onRetry?.(what, reason, delay);
      await sleep(delay);
    }
  }

  /** Release pooled connections, and stop credential plugins still running. */
  close(): void {
    this.closed.abort();
    this.agent?.destroy();
  }

  /** Exponential backoff with "equal jitter": half the step fixed, half random. */
  private backoff(attempt: number): number {
    const step = Math.min(this.maxBackoffMs, this.baseBackoffMs * 2 ** (attempt - 1));
    return step / 2 + Math.random() * (step / 2);
  }

  private checkDeadline(what: string): void {
    if (Date.now() >= this.deadline) throw new DeadlineExceededError(what, this.options.timeoutMs);
  }

  private async attempt({ method, path, accept, body, contentType, headers: extra }: ApiRequest, what: string): Promise<ApiResponse> {
    this.checkDeadline(what);
    // Credentials may change between requests (exec plugins, rotated token files): apply them each
    // time, within the budget (a credential plugin that waits for a login must not hold the scan).
    const signal = AbortSignal.any([this.closed.signal, AbortSignal.timeout(Math.max(1, this.deadline - Date.now()))]);
    const opts: https.RequestOptions = { headers: {}, signal };
    try {
      await untilAborted(this.kc.applyToHTTPSOptions(opts), signal);
    } catch (err) {
      if (err instanceof CredentialError) throw err;
      throw new CredentialError(
        signal.aborted
          ? `no credentials within the time budget of ${seconds(this.options.timeoutMs)} (--timeout): a credential plugin that waits for a login (a browser, a prompt) cannot finish here; log in first, or allow more time`
          : (err as Error).message,
      );
    }
    const url = new URL(path.replace(/^\//, ''), this.base);
    const isHttps = url.protocol === 'https:';
    const timeout = Math.min(this.requestTimeoutMs, this.deadline - Date.now());
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: http.OutgoingHttpHeaders = {
      ...(opts.headers as http.OutgoingHttpHeaders),
      ...extra,
      Accept: accept,
      'User-Agent': `tenantscan/${TOOL_VERSION}`,
      ...(payload === undefined ? {} : { 'Content-Type': contentType ?? 'application/json', 'Content-Length': Buffer.byteLength(payload) }),
    };
    const agent = this.agentFor(opts, isHttps);
    return new Promise<ApiResponse>((resolve, reject) => {
      // An idle timeout per request (below), and the budget as a hard stop: data that keeps
      // trickling in resets the first, never the second.
      const timer = setTimeout(
        () => fail(new DeadlineExceededError(what, this.options.timeoutMs)),
        Math.max(1, this.deadline - Date.now()),
      );
      // The first outcome wins; a failure also ends the request (and with it a trickling answer).
      const fail = (err: Error) => {
        clearTimeout(timer);
        reject(err);
        req.destroy();
      };
      const req = (isHttps ? https : http).request(url, { method, headers, agent, auth: opts.auth }, (res) => {
        const tooLarge = () => fail(new ResponseTooLargeError(what, this.maxResponseBytes));
        if (Number(res.headers['content-length'] ?? 0) > this.maxResponseBytes) return tooLarge();
        const chunks: Buffer[] = [];
        let length = 0;
        res.on('data', (c: Buffer) => {
          length += c.length;
          if (length > this.maxResponseBytes) return tooLarge();
          chunks.push(c);
        });
        const cutOff = (cause?: Error) =>
          new Error(`connection closed before the whole answer to ${method} ${url.pathname} arrived${cause ? ` (${cause.message})` : ''}`);
        res.on('error', (err) => fail(withCode(cutOff(err), errorCode(err) ?? 'ECONNRESET')));
        res.on('close', () => {
          if (!res.complete) fail(withCode(cutOff(), 'ETRUNCATED'));
        });
        res.on('end', () => {
          if (!res.complete) return;
          clearTimeout(timer);
          const status = res.statusCode ?? 0;
          const text = Buffer.concat(chunks).toString('utf8');
          chunks.length = 0;
          let body: unknown;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // A 200 that is not JSON was cut off or mangled on the way: retry it like a reset.
            if (status === 200) return reject(withCode(new Error(`answer to ${method} ${url.pathname} is not valid JSON`), 'ETRUNCATED'));
            body = { message: text.slice(0, 300) };
          }
          const retryAfter = retryAfterMs(res.headers['retry-after']);
          resolve(retryAfter === undefined ? { status, body } : { status, body, retryAfterMs: retryAfter });
        });
      });
      req.setTimeout(Math.max(1, timeout), () => {
        if (Date.now() >= this.deadline) fail(new DeadlineExceededError(what, this.options.timeoutMs));
        else fail(withCode(new Error(`no answer to ${method} ${url.pathname} within ${Math.round(timeout / 1000)} s`), 'ETIMEDOUT'));
      });
      req.on('error', fail);
      req.end(payload);
    });
  }

  /** One keep-alive agent for the kubeconfig's TLS settings, rebuilt if a credential plugin hands out a new client certificate. */
  private agentFor(opts: https.RequestOptions, isHttps: boolean): http.Agent {
    const cluster = this.kc.getCurrentCluster();
    if (cluster?.proxyUrl && opts.agent) return opts.agent as http.Agent; // client-node built a proxy agent
    const key = `${isHttps}|${String(opts.cert ?? '')}|${String(opts.key ?? '')}`;
    if (this.agent && this.agentKey === key) return this.agent;
    this.agent?.destroy();
    const common = { keepAlive: true, maxSockets: Math.max(1, this.options.concurrency) };
    this.agent = isHttps
      ? new https.Agent({
          ...common,
          ca: opts.ca,
          cert: opts.cert,
          key: opts.key,
          pfx: opts.pfx,
          passphrase: opts.passphrase,
          servername: opts.servername,
          rejectUnauthorized: opts.rejectUnauthorized ?? true,
        })
      : new http.Agent(common);
    this.agentKey = key;
    return this.agent;
  }
}

/** `3 s`, `0.3 s`: a duration for messages. */
export function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(ms < 10_000 ? 1 : 0))} s`;
}

/** `128 MB`: a size for messages. */
export function megabytes(bytes: number): string {
  return `${Number((bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 0))} MB`;
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date (RFC 9110 section 10.2.3). */
export function retryAfterMs(value: string | string[] | undefined): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === '') return undefined;
  if (/^\d+$/.test(raw.trim())) return Number(raw.trim()) * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' ? code : undefined;
}

function isTlsError(err: Error): boolean {
  const code = errorCode(err) ?? '';
  return (
    code.startsWith('ERR_TLS') ||
    code.startsWith('ERR_SSL') ||
    code === 'EPROTO' ||
    /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code)
  );
}

function withCode(err: Error, code: string): Error {
  if (!errorCode(err)) (err as Error & { code?: string }).code = code;
  return err;
}

/** `work`, or a rejection as soon as `signal` aborts (`work` is then left to settle unobserved). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  work.catch(() => {});
  if (signal.aborted) return Promise.reject(new Error('aborted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
