/**
 * CI check: every pending changeset (.changeset/*.md) parses and names a package
 * to release, with the parser `changeset version` / `publish` use. Independent of
 * git branches (`changeset status` needs a local `main` to diff against).
 */
const { createRequire } = require('node:module');
const fs = require('node:fs');
const fromCli = createRequire(require.resolve('@changesets/cli/package.json', { paths: [process.cwd()] }));
const mod = fromCli('@changesets/parse');
const parse = mod.default ?? mod;
let bad = 0;
for (const f of fs.readdirSync('.changeset')) {
  if (!f.endsWith('.md') || f === 'README.md') continue;
  try {
    if (parse(fs.readFileSync(`.changeset/${f}`, 'utf8')).releases.length === 0)
      throw new Error('no package to release');
  } catch (e) {
    bad++;
    console.error(`.changeset/${f}: ${e.message.split('\n')[0]}`);
  }
}
process.exit(bad ? 1 : 0);
