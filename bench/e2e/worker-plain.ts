/** The end-to-end baseline: the app alone. */
import { app } from "./app.ts";

export default { fetch: app };
