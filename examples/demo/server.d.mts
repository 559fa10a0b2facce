import type { Server } from "node:http";

/** Starts the demo page server on 127.0.0.1:`port` for the API at `api`; resolves once listening. */
export function startDemoServer(options: { readonly port: number; readonly api: string }): Promise<Server>;
