// What the real-server suite needs from the machine (CI installs it in .ci/run), and a way to say
// what is missing instead of passing without having proven anything.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { PYTHON } from "./python-apps.ts";
import { APACHE, NGINX } from "./web-servers.ts";

export const INSTALL_COMMAND = "apt-get install -y nginx apache2 python3-flask python3-flask-cors python3-django";

function pythonHas(module: string): boolean {
  return existsSync(PYTHON) && spawnSync(PYTHON, ["-c", `import ${module}`], { stdio: "ignore", timeout: 10_000 }).status === 0;
}

/** For each stack that needs a Debian package: what is missing, or null. */
export function missingFor(stack: string): string | null {
  if (stack === "nginx") return existsSync(NGINX) ? null : NGINX;
  if (stack === "apache") return existsSync(APACHE) ? null : APACHE;
  if (stack === "flask") return pythonHas("flask") && pythonHas("flask_cors") ? null : `${PYTHON} with flask and flask_cors`;
  if (stack === "django") return pythonHas("django") ? null : `${PYTHON} with django`;
  return null;
}
