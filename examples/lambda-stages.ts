// One Lambda behind the stages of an API Gateway REST API (prod, staging…), each stage with its own
// origins, kept in a store by stage name (a DynamoDB table, SSM parameters, AppConfig). The policy
// of a stage is loaded on its first request and kept for five minutes.
import { withCors } from "../adapters/lambda.ts";
import { cachedPolicies } from "../src/index.ts";
import { tenantOptions } from "./tenants/tenant-policy.ts";

/** Reads a stage's record, `{ origins: [...] }`, or `null` for a stage without CORS. */
export type StageStore = (stage: string) => Promise<unknown>;

interface StageEvent {
  readonly requestContext: { readonly stage: string };
}

export function ordersHandler(store: StageStore) {
  const stages = cachedPolicies({
    key: (_request, event: StageEvent) => event.requestContext.stage,
    load: async (stage) => tenantOptions(await store(stage)),
    ttl: 300,
  });
  return withCors(async (event: StageEvent) => ({
    statusCode: 200,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ stage: event.requestContext.stage }),
  }), stages);
}
