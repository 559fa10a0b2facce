/** The scenario list without its request builders, for the report (run.mjs loads this bundle). */
import { scenarios as all } from "./fixtures.ts";

export const scenarios = all.map(({ id, label, kind, hostile, runtimeOnly }) => ({
  id, label, kind, hostile: hostile === true, runtimeOnly: runtimeOnly === true,
}));
