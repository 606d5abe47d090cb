// compare_table.mjs SCRUBLINE_JSON REDACT_PII_JSON: prints the markdown
// comparison of bench/peer_compare.sh from the two summaries that
// scrubline-peer-eval and redact_pii_peer.mjs print (same shape).
import { readFileSync } from 'node:fs';

const [ours, peer] = process.argv.slice(2).map((p) => JSON.parse(readFileSync(p, 'utf8')));
const tools = [ours, peer];

const pct = (x) => (x === null || x === undefined ? 'n/a' : `${(100 * x).toFixed(1)} %`);
const tally = (t) => (t ? `${pct(t.recall)} (${t.removed}/${t.planted})` : 'n/a');
const num = (x, digits) => x.toLocaleString('en-US', { maximumFractionDigits: digits });

// Recall restricted to the types scrubline's catalog claims: the corpus may
// plant types (URL, UK_POSTCODE, ...) that scrubline does not set out to find.
const catalog = new Set(ours.catalog_types || []);
function catalogRecall(summary) {
  let planted = 0, removed = 0;
  for (const [type, t] of Object.entries(summary.recall.by_type)) {
    if (!catalog.has(type)) continue;
    planted += t.planted;
    removed += t.removed;
  }
  return { planted, removed, recall: planted ? removed / planted : null };
}

const header = `| | ${tools.map((t) => `${t.tool} ${t.version}`).join(' | ')} |`;
const rows = [header, `|---|${tools.map(() => '---:').join('|')}|`];
const row = (label, cells) => rows.push(`| ${label} | ${cells.join(' | ')} |`);

row('**recall, all planted values**', tools.map((t) => `**${tally(t.recall.overall)}**`));
row('recall, types in scrubline\'s catalog', tools.map((t) => tally(catalogRecall(t))));
const types = [...new Set(tools.flatMap((t) => Object.keys(t.recall.by_type)))].sort();
for (const type of types) {
  row(`recall ${type}${catalog.has(type) ? '' : ' (not in scrubline catalog)'}`,
      tools.map((t) => tally(t.recall.by_type[type])));
}
const changes = (f) => (f ? `${f.changed}/${f.total} (${pct(f.total ? f.changed / f.total : null)})` : 'n/a');
row('**false changes, clean messages**', tools.map((t) => `**${changes(t.false_changes)}**`));
row('— of which kind clean', tools.map((t) => changes(t.false_changes.by_kind?.clean)));
row('— of which kind near_miss', tools.map((t) => changes(t.false_changes.by_kind?.near_miss)));
row('texts/s (1 thread)', tools.map((t) => num(t.throughput.texts_per_s, 0)));
row('MB/s (1 thread)', tools.map((t) => num(t.throughput.mb_per_s, 2)));

const ratio = ours.throughput.texts_per_s / peer.throughput.texts_per_s;
console.log(rows.join('\n'));
console.log();
console.log(`Speed ratio scrubline / redact-pii: **${ratio.toFixed(1)}x** ` +
            `(${ours.texts} texts, ${num(ours.bytes / 1e6, 2)} MB; best of ${ours.throughput.passes} passes each).`);
console.log(`Configs: scrubline = ${ours.config}; redact-pii = ${peer.config}.`);
