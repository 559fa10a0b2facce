/** The same app behind fetch-cors's Cloudflare adapter, with the benchmarks' policy. */
import { withCors } from "../../adapters/cloudflare.ts";
import { corsPolicy } from "../../src/index.ts";
import { CORE_OPTIONS } from "../fixtures.ts";
import { app } from "./app.ts";

export default withCors({ fetch: app }, corsPolicy(CORE_OPTIONS));
