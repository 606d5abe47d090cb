// redact_pii_peer.mjs CORPUS_FILE [--redact-pii-dir DIR] [--passes N] [--min-pass-seconds S]
//
// Runs the npm package redact-pii (default `new SyncRedactor()`) over every
// text of a scrubline accuracy corpus and prints one JSON summary to stdout,
// the same shape as scrubline-peer-eval (bench/peer_eval_main.cc), so
// bench/peer_compare.sh can put both in one table.
//
// redact-pii is not a project dependency: peer_compare.sh installs a pinned
// version into a scratch folder and passes it as --redact-pii-dir (default
// $REDACT_PII_DIR, else ${TMPDIR:-/tmp}/scrubline-peer).
//
// Corpus: one JSON object per line,
//   {"id":..., "kind":"positive"|"near_miss"|"clean", "text":..., "spans":[{"type","start","end"}]}
// with UTF-8 byte offsets. Metrics (identical definitions on both sides):
//   recall        = planted values (the UTF-8 slice of each gold span) that no
//                   longer occur verbatim in the output / planted values,
//                   overall and per type;
//   false changes = clean messages (kind clean or near_miss) whose output
//                   differs from the input / clean messages.
// Throughput covers the redaction loop only: one warm-up round (whose outputs
// give the metrics, the redactor being deterministic), then the fastest of
// --passes timed passes (default 3), each at least --min-pass-seconds
// (default 0.5) of whole rounds over the corpus.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

function parseArgs(argv) {
  const args = { corpus: null, dir: process.env.REDACT_PII_DIR || join(process.env.TMPDIR || tmpdir(), 'scrubline-peer'), passes: 3, minPassSeconds: 0.5 };
  for (let i = 0; i < argv.length; ++i) {
    if (argv[i] === '--redact-pii-dir') args.dir = argv[++i];
    else if (argv[i] === '--passes') args.passes = Math.max(1, Number(argv[++i]));
    else if (argv[i] === '--min-pass-seconds') args.minPassSeconds = Math.max(0, Number(argv[++i]));
    else if (!args.corpus) args.corpus = argv[i];
    else throw new Error(`unexpected argument ${argv[i]}`);
  }
  if (!args.corpus) throw new Error('usage: redact_pii_peer.mjs CORPUS_FILE [--redact-pii-dir DIR] [--passes N] [--min-pass-seconds S]');
  return args;
}

function readCorpus(path) {
  const records = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const r = JSON.parse(line);
    const bytes = Buffer.from(r.text, 'utf8');
    // Offsets are UTF-8 bytes; JS strings are UTF-16, so slice the bytes.
    const planted = (r.spans || []).map((s) => {
      if (!(s.start >= 0 && s.start < s.end && s.end <= bytes.length)) throw new Error(`${r.id}: span out of range`);
      return { type: s.type, value: bytes.subarray(s.start, s.end).toString('utf8') };
    });
    records.push({ id: r.id, kind: r.kind, clean: r.kind === 'clean' || r.kind === 'near_miss', text: r.text, bytes: bytes.length, planted });
  }
  return records;
}

function score(records, outputs) {
  const byType = new Map();
  let planted = 0, removed = 0, cleanTotal = 0, cleanChanged = 0;
  const byKind = { clean: { changed: 0, total: 0 }, near_miss: { changed: 0, total: 0 } };
  records.forEach((r, i) => {
    const out = outputs[i];
    if (r.clean) {
      const changed = out !== r.text ? 1 : 0;
      ++cleanTotal; cleanChanged += changed;
      ++byKind[r.kind].total; byKind[r.kind].changed += changed;
    }
    for (const p of r.planted) {
      const t = byType.get(p.type) || { planted: 0, removed: 0 };
      ++t.planted; ++planted;
      if (!out.includes(p.value)) { ++t.removed; ++removed; }
      byType.set(p.type, t);
    }
  });
  const ratio = (a, b) => (b ? a / b : null);
  const types = {};
  for (const name of [...byType.keys()].sort()) {
    const t = byType.get(name);
    types[name] = { planted: t.planted, removed: t.removed, recall: ratio(t.removed, t.planted) };
  }
  return {
    recall: { overall: { planted, removed, recall: ratio(removed, planted) }, by_type: types },
    false_changes: { changed: cleanChanged, total: cleanTotal, share: ratio(cleanChanged, cleanTotal), by_kind: byKind },
  };
}

const args = parseArgs(process.argv.slice(2));
const requireFromDir = createRequire(join(args.dir, 'noop.js'));
const { SyncRedactor } = requireFromDir('redact-pii');
const version = requireFromDir('redact-pii/package.json').version;

const records = readCorpus(args.corpus);
const texts = records.map((r) => r.text);
const totalBytes = records.reduce((sum, r) => sum + r.bytes, 0);
const redactor = new SyncRedactor();

// Warm-up pass (JIT) that also yields the outputs that are scored.
const outputs = texts.map((t) => redactor.redact(t));

// A pass is whole rounds over the corpus until --min-pass-seconds have
// elapsed, so a small corpus still gives a stable figure; the fastest pass wins.
let best = { rounds: 0, seconds: Infinity };
let sink = 0;  // keeps the results observable so no pass is optimised away
for (let pass = 0; pass < args.passes; ++pass) {
  const start = process.hrtime.bigint();
  let rounds = 0, seconds = 0;
  do {
    for (let i = 0; i < texts.length; ++i) sink += redactor.redact(texts[i]).length;
    ++rounds;
    seconds = Number(process.hrtime.bigint() - start) / 1e9;
  } while (seconds < args.minPassSeconds);
  if (rounds / seconds > best.rounds / best.seconds) best = { rounds, seconds };
}
if (sink < 0) console.error(sink);

const summary = {
  tool: 'redact-pii',
  version,
  config: 'new SyncRedactor() (default built-in redactors)',
  texts: records.length,
  bytes: totalBytes,
  ...score(records, outputs),
  throughput: {
    passes: args.passes,
    min_pass_seconds: args.minPassSeconds,
    best_pass: best,
    texts_per_s: (best.rounds * records.length) / best.seconds,
    mb_per_s: (best.rounds * totalBytes) / 1e6 / best.seconds,
  },
};
process.stdout.write(JSON.stringify(summary) + '\n');
