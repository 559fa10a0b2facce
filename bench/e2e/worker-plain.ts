/** The end-to-end baseline: the example Worker's API handler alone, without fetch-cors. */
import { handleApi } from "../../examples/worker/api.ts";

export default { fetch: handleApi };
