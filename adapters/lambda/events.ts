// The Lambda event and result shapes the adapter reads and writes, declared here so that the
// published types need no `@types/aws-lambda`. They are deliberately loose (every field a real
// event carries is optional) so the official types, and hand-made test events, are assignable.

/** Single-value header or query map, as API Gateway and ALB send it. */
export type SingleValueMap = { readonly [name: string]: string | number | boolean | null | undefined };
/** Multi-value header or query map (`multiValueHeaders`, `multiValueQueryStringParameters`). */
export type MultiValueMap = { readonly [name: string]: readonly (string | number | boolean)[] | null | undefined };

/** The fields API Gateway's payload format 1.0 and ALB share. */
interface ProxyV1Fields {
  readonly httpMethod: string;
  readonly path?: string | null | undefined;
  readonly headers?: SingleValueMap | null | undefined;
  readonly multiValueHeaders?: MultiValueMap | null | undefined;
  readonly queryStringParameters?: SingleValueMap | null | undefined;
  readonly multiValueQueryStringParameters?: MultiValueMap | null | undefined;
}

/** API Gateway REST API (and HTTP API with payload format 1.0) proxy event. */
export interface RestApiEvent extends ProxyV1Fields {
  readonly requestContext?: { readonly domainName?: string | null | undefined } | null | undefined;
}

/** API Gateway HTTP API (payload format 2.0) and Lambda Function URL event. */
export interface HttpApiEvent {
  readonly version?: string | undefined;
  readonly rawPath?: string | undefined;
  readonly rawQueryString?: string | undefined;
  readonly headers?: SingleValueMap | null | undefined;
  readonly cookies?: readonly string[] | null | undefined;
  readonly requestContext: {
    readonly http: { readonly method: string };
    readonly domainName?: string | undefined;
  };
}

/** Application Load Balancer event, with or without multi-value headers enabled on the target group. */
export interface AlbEvent extends ProxyV1Fields {
  readonly requestContext: { readonly elb: { readonly targetGroupArn?: string | undefined } };
}

/** Any HTTP event the adapter understands. */
export type LambdaHttpEvent = RestApiEvent | HttpApiEvent | AlbEvent;

/**
 * A result the adapter writes itself (preflight answers, 500s, HTTP API bare results made
 * structured). Assignable to the official REST, HTTP API and ALB result types.
 */
export interface LambdaHttpResult {
  statusCode: number;
  /** ALB only, e.g. `"204 No Content"`. */
  statusDescription?: string;
  headers?: { [name: string]: string };
  multiValueHeaders?: { [name: string]: string[] };
  body: string;
  isBase64Encoded: boolean;
}

/** A structured result as a handler returns it: any fields, header values of any JSON scalar type. */
export interface HandlerResult {
  statusCode?: unknown;
  headers?: unknown;
  multiValueHeaders?: unknown;
  [field: string]: unknown;
}

/**
 * How an event is answered:
 * - `rest`: REST API or payload 1.0 (`headers` and `multiValueHeaders` both accepted, merged by API Gateway),
 * - `http`: payload 2.0 (HTTP API, Function URL; `headers` plus `cookies`, bare results allowed),
 * - `alb`: ALB answering with `headers` only,
 * - `alb-multi`: ALB with multi-value headers enabled, answering with `multiValueHeaders` only.
 */
export type EventFormat = "rest" | "http" | "alb" | "alb-multi";

/**
 * Recognises an HTTP event from its shape; `undefined` for anything else (a scheduled warm-up,
 * a queue message, a direct invocation), which CORS does not concern.
 */
export function eventFormat(event: unknown): EventFormat | undefined {
  if (!isRecord(event)) return undefined;
  const context = event["requestContext"];
  if (isRecord(context)) {
    // ALB decides the answer's shape by the target group setting, visible only as the event's shape.
    if (isRecord(context["elb"])) return isRecord(event["multiValueHeaders"]) ? "alb-multi" : "alb";
    if (isRecord(context["http"])) return "http";
  }
  return typeof event["httpMethod"] === "string" ? "rest" : undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
