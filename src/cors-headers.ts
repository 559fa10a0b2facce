// Response headers of the CORS protocol (Fetch Standard §3.2.3) and Private Network Access.
export const ALLOW_ORIGIN = "access-control-allow-origin";
export const ALLOW_CREDENTIALS = "access-control-allow-credentials";
export const ALLOW_METHODS = "access-control-allow-methods";
export const ALLOW_HEADERS = "access-control-allow-headers";
export const EXPOSE_HEADERS = "access-control-expose-headers";
export const MAX_AGE = "access-control-max-age";
export const ALLOW_PRIVATE_NETWORK = "access-control-allow-private-network";
