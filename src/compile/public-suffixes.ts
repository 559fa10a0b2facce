// A short list of common public suffixes (ICANN and private): best-effort, not the Public Suffix
// List. A subdomain pattern on one of these would allow every customer's site, e.g.
// `https://*.github.io` is anyone's GitHub Pages. `localhost` is deliberately absent: `*.localhost`
// is loopback.
export const PUBLIC_SUFFIXES: ReadonlySet<string> = new Set(
  (
    "co.uk org.uk ac.uk gov.uk me.uk ltd.uk plc.uk net.uk sch.uk com.au net.au org.au edu.au gov.au co.nz org.nz net.nz " +
    "co.jp ne.jp or.jp ac.jp go.jp co.kr or.kr com.br net.br org.br com.cn net.cn org.cn gov.cn com.mx org.mx " +
    "co.in net.in org.in firm.in gen.in ind.in com.tr com.tw org.tw com.hk com.sg com.my co.za org.za co.il com.ar " +
    "com.es com.pl com.ua co.id or.id com.ph com.vn com.co com.pe com.ng com.eg com.sa com.pk " +
    "github.io githubusercontent.com gitlab.io pages.dev workers.dev vercel.app now.sh netlify.app netlify.com " +
    "herokuapp.com herokudns.com firebaseapp.com web.app appspot.com cloudfront.net azurewebsites.net " +
    "azurestaticapps.net blogspot.com wordpress.com glitch.me fly.dev onrender.com repl.co ngrok.io ngrok-free.app " +
    "amplifyapp.com elasticbeanstalk.com amazonaws.com s3.amazonaws.com on.aws deno.dev deno.net " +
    "surge.sh readthedocs.io pythonanywhere.com r2.dev trycloudflare.com railway.app up.railway.app github.dev " +
    "app.github.dev codesandbox.io csb.app stackblitz.io webcontainer.io replit.dev replit.app supabase.co"
  ).split(" "),
);
