import {
  APIGatewayProxyEventSchema, APIGatewayProxyEventV2Schema, AlbMultiValueHeadersSchema, AlbSchema, LambdaFunctionUrlSchema,
} from "@aws-lambda-powertools/parser/schemas";
import type { FixtureName } from "./helpers.ts";

// AWS's own Zod schemas (maintained with Powertools for AWS Lambda) prove the fixtures are real-shaped.
export const SCHEMAS = {
  "rest-preflight": APIGatewayProxyEventSchema,
  "rest-actual": APIGatewayProxyEventSchema,
  "http-api-preflight": APIGatewayProxyEventV2Schema,
  "http-api-actual": APIGatewayProxyEventV2Schema,
  "function-url-preflight": LambdaFunctionUrlSchema,
  "function-url-actual": LambdaFunctionUrlSchema,
  "alb-preflight": AlbSchema,
  "alb-actual": AlbSchema,
  "alb-multi-preflight": AlbMultiValueHeadersSchema,
  "alb-multi-actual": AlbMultiValueHeadersSchema,
} as const satisfies Record<FixtureName, unknown>;
