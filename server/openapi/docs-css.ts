/** The stylesheet of /api/docs, served as /api/docs.css (the CSP forbids inline styles). */
export const DOCS_CSS = `
:root {
  --fg: #1f2328;
  --muted: #59636e;
  --line: #d1d9e0;
  --bg-soft: #f6f8fa;
  --accent: #0b6e4f;
  font-family: system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif;
  color: var(--fg);
  line-height: 1.5;
}
body { margin: 0; }
header { padding: 1.5rem 2rem 1rem; border-bottom: 1px solid var(--line); background: var(--bg-soft); }
header h1 { margin: 0 0 0.25rem; font-size: 1.6rem; }
header p { max-width: 60rem; margin: 0.4rem 0; }
.meta { color: var(--muted); }
a { color: var(--accent); }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.85rem; }
p code, td code, li code { background: var(--bg-soft); padding: 0 0.25em; border-radius: 3px; }
.layout { display: flex; align-items: flex-start; }
nav {
  position: sticky; top: 0; flex: 0 0 19rem; max-height: 100vh; overflow-y: auto;
  padding: 1rem; border-right: 1px solid var(--line); box-sizing: border-box; font-size: 0.85rem;
}
nav ul { list-style: none; margin: 0; padding: 0; }
nav > ul > li { margin-bottom: 0.6rem; }
nav > ul > li > a { font-weight: 600; }
nav ul ul li { margin: 0.1rem 0 0 0.5rem; }
nav ul ul a { text-decoration: none; color: var(--fg); word-break: break-all; }
main { flex: 1; min-width: 0; padding: 0 2rem 4rem; }
section.tag { border-bottom: 1px solid var(--line); padding-bottom: 1rem; }
section h2 { margin-top: 2rem; }
.op { border: 1px solid var(--line); border-radius: 6px; padding: 0.75rem 1rem; margin: 1rem 0; }
.op h3 { margin: 0; font-size: 1.05rem; }
.summary { font-weight: 600; margin: 0.3rem 0; }
.op h4 { margin: 1rem 0 0.3rem; font-size: 0.9rem; color: var(--muted); text-transform: uppercase; letter-spacing: 0.03em; }
.method {
  display: inline-block; min-width: 3.6em; padding: 0 0.35em; border-radius: 3px; text-align: center;
  font-family: ui-monospace, monospace; font-size: 0.75rem; font-weight: 700; color: #fff; background: #59636e;
}
.m-get { background: #0969da; }
.m-post { background: #1a7f37; }
.m-patch { background: #9a6700; }
.m-put { background: #8250df; }
.m-delete { background: #cf222e; }
.public, .req {
  font-size: 0.7rem; font-weight: 600; padding: 0 0.4em; border-radius: 999px; border: 1px solid currentColor;
}
.public { color: var(--accent); }
.req { color: #cf222e; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { border: 1px solid var(--line); padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: var(--bg-soft); }
td p { margin: 0.1rem 0; }
.status { font-weight: 700; white-space: nowrap; width: 3.5rem; }
.status.ok { color: #1a7f37; }
.status.err { color: #cf222e; }
.example, .headers { color: var(--muted); }
pre.json {
  background: var(--bg-soft); border: 1px solid var(--line); border-radius: 6px; padding: 0.6rem;
  overflow: auto; max-height: 28rem;
}
details summary { cursor: pointer; }
details.schema { margin: 0.3rem 0; }
details.schema > summary { font-family: ui-monospace, monospace; font-weight: 600; }
@media (max-width: 900px) {
  .layout { display: block; }
  nav { position: static; max-height: none; border-right: 0; border-bottom: 1px solid var(--line); }
  main { padding: 0 1rem 3rem; }
}
`;
