// Debian's nginx and Apache httpd, in the foreground, with a configuration, pid file and logs in a
// temporary directory, listening on a free loopback port, proxying to an upstream app.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { freePort, startServer, type Running } from "./process.ts";
import { inTempDir } from "./temp-dir.ts";

export const NGINX = "/usr/sbin/nginx";
export const APACHE = "/usr/sbin/apache2";
const APACHE_MODULES = "/usr/lib/apache2/modules";
const AS_ROOT = process.getuid?.() === 0;

async function page(dir: string): Promise<string> {
  const www = join(dir, "www");
  await mkdir(www, { mode: 0o755 });
  await writeFile(join(www, "index.html"), "<!doctype html><title>app</title><p>the single-page app</p>\n", { mode: 0o644 });
  return www;
}

/** nginx with `server` as the body of its one server block; `upstream app` is the app on `upstreamPort`. */
export function startNginx(server: string, upstreamPort: number): Promise<Running> {
  return inTempDir("nginx", async (dir) => {
    const port = await freePort();
    const www = await page(dir);
    const conf = `worker_processes 1;
${AS_ROOT ? "user nobody nogroup;" : ""}
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  types { text/html html; }
  upstream app { server 127.0.0.1:${upstreamPort}; }
  server {
    listen 127.0.0.1:${port};
    root ${www};
${server}
  }
}
`;
    await writeFile(join(dir, "nginx.conf"), conf);
    return startServer(NGINX, ["-p", dir, "-c", join(dir, "nginx.conf"), "-g", "daemon off;"], port);
  });
}

const MODULES = ["mpm_event", "authz_core", "headers", "rewrite", "proxy", "proxy_http", "mime", "dir"];

/** Apache httpd with `site` in its main server; the app on `upstreamPort` is reached with ProxyPass. */
export function startApache(site: string, upstreamPort: number): Promise<Running> {
  return inTempDir("apache", async (dir) => {
    const port = await freePort();
    const www = await page(dir);
    const conf = `${MODULES.map((name) => `LoadModule ${name}_module ${APACHE_MODULES}/mod_${name}.so`).join("\n")}
Listen 127.0.0.1:${port}
ServerName 127.0.0.1
PidFile ${dir}/apache.pid
ErrorLog ${dir}/error.log
LogLevel warn
Mutex file:${dir} default
DefaultRuntimeDir ${dir}
${AS_ROOT ? "User nobody\nGroup nogroup" : ""}
TypesConfig /dev/null
AddType text/html .html
DocumentRoot ${www}
DirectoryIndex index.html
<Directory ${www}>
  Require all granted
</Directory>
Define UPSTREAM http://127.0.0.1:${upstreamPort}
${site}
`;
    await writeFile(join(dir, "httpd.conf"), conf);
    return startServer(APACHE, ["-f", join(dir, "httpd.conf"), "-DFOREGROUND"], port);
  });
}
