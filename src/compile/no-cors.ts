import { brandPolicy } from "../compiled.ts";
import { requestedHeadersCheck } from "../request-headers.ts";
import type { CorsPolicy } from "../types.ts";

/**
 * The policy for "no CORS here": it allows no origin, so preflights get a bare 403 and responses
 * get no `Access-Control-*` header and no `Vary` from it (no answer depends on the request).
 * Cross-origin protection is off: this is a route or tenant without CORS, not a guarded one. A
 * policy source returns it, e.g. for an unknown tenant or a route that is not an API.
 *
 * @example
 * const routes = corsRoutes([["/api/*", apiPolicy]], noCors);
 */
export const noCors: CorsPolicy = brandPolicy(
  Object.freeze({
    origins: Object.freeze([]),
    methods: Object.freeze([]),
    requestHeaders: Object.freeze([]),
    exposeHeaders: Object.freeze([]),
    credentials: false,
    maxAge: undefined,
    privateNetwork: false,
    preflightStatus: 204,
    allowInsecureOrigins: false,
    debug: false,
    crossOriginProtection: false,
  }),
  (policy) => ({
    policy,
    anyOrigin: false,
    allowsOrigin: Object.freeze(() => false),
    credentials: false,
    allowsMethod: Object.freeze(() => false),
    allowMethods: "",
    namedMethods: "",
    anyMethod: false,
    methodList: "",
    requestedHeaders: Object.freeze(requestedHeadersCheck(new Set(), false)),
    allowHeaders: "",
    namedHeaders: "",
    anyHeader: false,
    headerList: "none",
    exposeHeaders: undefined,
    maxAge: undefined,
    privateNetwork: false,
    preflightStatus: 204,
    preflightVary: undefined,
    varyOrigin: false,
    debug: false,
    onReject: undefined,
    protection: false,
  }),
);
