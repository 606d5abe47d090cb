// scrubline-peer-eval CORPUS_FILE [--catalog DIR] [--engine NAME] [--passes N] [--min-pass-seconds S]
//
// scrubline's half of the peer comparison (bench/peer_compare.sh,
// bench/peer/README.md): classifies every text of an accuracy corpus with the
// shipped catalog, redacts each finding as "[TYPE]", and prints one JSON
// summary with exactly the shape and metric definitions of
// bench/peer/redact_pii_peer.mjs, so the two tools are judged alike:
//   recall        = planted values (the UTF-8 slice of each gold span) that no
//                   longer occur verbatim in the output / planted values,
//                   overall and per type;
//   false changes = clean messages (kind clean or near_miss) whose output
//                   differs from the input / clean messages.
// Throughput covers the classify+redact loop only, single thread: one warm-up
// round (whose outputs are scored), then the fastest of --passes timed passes
// (default 3), each at least --min-pass-seconds (default 0.5) of whole rounds
// over the corpus.
//
// Corpus: one JSON object per line (scrubline-pii-accuracy --write-corpus),
//   {"id":..., "kind":"positive"|"near_miss"|"clean", "text":..., "spans":[{"type","start","end"}]}
// with UTF-8 byte offsets.
#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/base/entity_type.h"
#include "classifiers/pii/pii_classifier.h"

namespace scrubline {
namespace {

struct PlantedValue {
  std::string type;  // the corpus's type name; may be one scrubline lacks
  std::uint32_t begin, end;
};

struct CorpusRecord {
  std::string id;
  std::string kind;
  std::string text;
  std::vector<PlantedValue> planted;
  bool clean() const { return kind == "clean" || kind == "near_miss"; }
};

struct Args {
  std::string corpus;
  std::string catalog = std::string(SCRUBLINE_SOURCE_DIR) + "/patterns/pii";
  PiiEngine engine = PiiClassifierOptions{}.engine;
  int passes = 3;
  double min_pass_seconds = 0.5;
};

bool ParseArgs(int argc, char** argv, Args& args) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--catalog" && has_value) {
      args.catalog = argv[++i];
    } else if (arg == "--passes" && has_value) {
      args.passes = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--min-pass-seconds" && has_value) {
      args.min_pass_seconds = std::max(0.0, std::atof(argv[++i]));
    } else if (arg == "--engine" && has_value) {
      const std::string_view name = argv[++i];
      bool known = false;
      for (PiiEngine e : {PiiEngine::kHyperscanSom, PiiEngine::kPrefilterRe2, PiiEngine::kRe2Set}) {
        if (PiiEngineName(e) == name) {
          args.engine = e;
          known = true;
        }
      }
      if (!known) {
        std::cerr << "unknown engine " << name << " (HyperscanSom, PrefilterRe2, Re2Set)\n";
        return false;
      }
    } else if (args.corpus.empty() && !arg.starts_with("--")) {
      args.corpus = std::string(arg);
    } else {
      std::cerr << "unexpected argument " << arg << "\n";
      return false;
    }
  }
  if (args.corpus.empty()) {
    std::cerr << "usage: scrubline-peer-eval CORPUS_FILE [--catalog DIR] [--engine NAME] [--passes N] [--min-pass-seconds S]\n";
    return false;
  }
  return true;
}

// The whole file through simdjson's document stream; any malformed line or
// out-of-range span is an error naming the record.
bool ReadCorpus(const std::string& path, std::vector<CorpusRecord>& out) {
  simdjson::padded_string json;
  if (auto error = simdjson::padded_string::load(path).get(json)) {
    std::cerr << "cannot read " << path << ": " << simdjson::error_message(error) << "\n";
    return false;
  }
  simdjson::dom::parser parser;
  simdjson::dom::document_stream stream;
  if (auto error = parser.parse_many(json).get(stream)) {
    std::cerr << path << ": " << simdjson::error_message(error) << "\n";
    return false;
  }
  for (auto doc : stream) {
    simdjson::dom::element record;
    CorpusRecord r;
    std::string_view id, kind, text;
    simdjson::dom::array spans;
    if (doc.get(record) || record["id"].get(id) || record["kind"].get(kind) ||
        record["text"].get(text) || record["spans"].get(spans)) {
      std::cerr << path << ": record " << out.size() + 1
                << " lacks id/kind/text/spans or is not JSON\n";
      return false;
    }
    r.id = id;
    r.kind = kind;
    r.text = text;
    for (simdjson::dom::element span : spans) {
      std::string_view type;
      std::uint64_t begin = 0, end = 0;
      if (span["type"].get(type) || span["start"].get(begin) || span["end"].get(end) ||
          begin >= end || end > r.text.size()) {
        std::cerr << path << ": " << r.id << ": bad span\n";
        return false;
      }
      r.planted.push_back(PlantedValue{std::string(type), static_cast<std::uint32_t>(begin),
                                       static_cast<std::uint32_t>(end)});
    }
    out.push_back(std::move(r));
  }
  return true;
}

// Replaces every finding with its tag ("[EMAIL]"); findings are sorted and
// disjoint (PiiClassifier contract). Reuses `out`'s capacity.
void Redact(std::string_view text, const std::vector<Finding>& findings, std::string& out) {
  out.clear();
  std::size_t at = 0;
  for (const Finding& f : findings) {
    out.append(text.substr(at, f.begin - at));
    out.append(EntityTypeTag(f.type));
    at = f.end;
  }
  out.append(text.substr(at));
}

struct Tally {
  int planted = 0, removed = 0;
};

struct ChangeTally {
  int changed = 0, total = 0;
};

// A JSON number with enough digits to compare with node's output.
std::string Number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.10g", value);
  return buffer;
}

void PrintRatio(int numerator, int denominator) {
  std::cout << (denominator == 0 ? "null" : Number(static_cast<double>(numerator) / denominator));
}

void PrintTally(const Tally& t) {
  std::cout << "{\"planted\":" << t.planted << ",\"removed\":" << t.removed << ",\"recall\":";
  PrintRatio(t.removed, t.planted);
  std::cout << "}";
}

int Run(const Args& args) {
  std::vector<CorpusRecord> records;
  if (!ReadCorpus(args.corpus, records)) return 1;

  PiiClassifierOptions options;
  options.engine = args.engine;
  auto classifier = PiiClassifier::Create(args.catalog, options);
  if (!classifier.ok()) {
    std::cerr << classifier.status().ToString() << "\n";
    return 1;
  }
  const PiiClassifier& pii = **classifier;
  auto scratch = pii.NewScratch();
  if (!scratch.ok()) {
    std::cerr << scratch.status().ToString() << "\n";
    return 1;
  }
  std::vector<Finding> findings;
  std::string redacted;
  std::size_t total_bytes = 0;
  for (const CorpusRecord& r : records) total_bytes += r.text.size();

  // Warm-up pass; its outputs are the ones scored. A classify error leaves
  // the text unchanged here (the worker would fail closed and drop it), so
  // errors can only lower our recall; they are counted in the summary.
  int classify_errors = 0;
  std::vector<std::string> outputs(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (!pii.Classify(records[i].text, FieldHint{}, **scratch, findings).ok()) {
      ++classify_errors;
      findings.clear();
    }
    Redact(records[i].text, findings, outputs[i]);
  }

  // A pass is whole rounds over the corpus until min_pass_seconds have
  // elapsed, so a small corpus still gives a stable figure; the fastest wins.
  using Clock = std::chrono::steady_clock;
  long best_rounds = 0;
  double best_seconds = std::numeric_limits<double>::infinity();
  std::size_t sink = 0;  // keeps each pass's results observable
  for (int pass = 0; pass < args.passes; ++pass) {
    const Clock::time_point start = Clock::now();
    long rounds = 0;
    double seconds = 0;
    do {
      for (const CorpusRecord& r : records) {
        if (!pii.Classify(r.text, FieldHint{}, **scratch, findings).ok()) findings.clear();
        Redact(r.text, findings, redacted);
        sink += redacted.size();
      }
      ++rounds;
      seconds = std::chrono::duration<double>(Clock::now() - start).count();
    } while (seconds < args.min_pass_seconds);
    if (rounds / seconds > best_rounds / best_seconds) {
      best_rounds = rounds;
      best_seconds = seconds;
    }
  }
  [[maybe_unused]] static volatile std::size_t observed;
  observed = sink;

  Tally overall;
  std::map<std::string, Tally> by_type;
  ChangeTally clean_kind, near_miss_kind;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const CorpusRecord& r = records[i];
    if (r.clean()) {
      ChangeTally& k = r.kind == "clean" ? clean_kind : near_miss_kind;
      ++k.total;
      if (outputs[i] != r.text) ++k.changed;
    }
    for (const PlantedValue& p : r.planted) {
      const std::string_view value = std::string_view(r.text).substr(p.begin, p.end - p.begin);
      const bool removed = outputs[i].find(value) == std::string::npos;
      Tally& t = by_type[p.type];
      ++t.planted;
      ++overall.planted;
      t.removed += removed;
      overall.removed += removed;
    }
  }
  const int clean_total = clean_kind.total + near_miss_kind.total;
  const int clean_changed = clean_kind.changed + near_miss_kind.changed;

  std::cout << "{\"tool\":\"scrubline\",\"version\":\"" << SCRUBLINE_VERSION
            << "\",\"config\":\"shipped catalog, engine " << PiiEngineName(pii.engine())
            << ", redaction [TYPE]\",\"texts\":" << records.size() << ",\"bytes\":" << total_bytes
            << ",\"classify_errors\":" << classify_errors << ",\"catalog_types\":[";
  // The types the catalog can find, so a report can also score recall on
  // just those (a corpus may plant types scrubline does not claim).
  std::map<std::string_view, bool> catalog_types;
  for (std::size_t rule = 0; rule < pii.rule_count(); ++rule) {
    catalog_types[EntityTypeName(pii.rule_type(static_cast<std::uint16_t>(rule)))] = true;
  }
  for (auto it = catalog_types.begin(); it != catalog_types.end(); ++it) {
    std::cout << (it == catalog_types.begin() ? "\"" : ",\"") << it->first << "\"";
  }
  std::cout << "],\"recall\":{\"overall\":";
  PrintTally(overall);
  std::cout << ",\"by_type\":{";
  bool first = true;
  for (const auto& [type, tally] : by_type) {
    std::cout << (first ? "" : ",") << "\"";
    for (char c : type) {  // corpus type names are identifiers; escape defensively
      if (c == '"' || c == '\\') std::cout << '\\';
      if (static_cast<unsigned char>(c) >= 0x20) std::cout << c;
    }
    std::cout << "\":";
    PrintTally(tally);
    first = false;
  }
  std::cout << "}},\"false_changes\":{\"changed\":" << clean_changed << ",\"total\":" << clean_total
            << ",\"share\":";
  PrintRatio(clean_changed, clean_total);
  std::cout << ",\"by_kind\":{\"clean\":{\"changed\":" << clean_kind.changed
            << ",\"total\":" << clean_kind.total << "},\"near_miss\":{\"changed\":"
            << near_miss_kind.changed << ",\"total\":" << near_miss_kind.total << "}}}";
  std::cout << ",\"throughput\":{\"passes\":" << args.passes
            << ",\"min_pass_seconds\":" << Number(args.min_pass_seconds)
            << ",\"best_pass\":{\"rounds\":" << best_rounds
            << ",\"seconds\":" << Number(best_seconds) << "}"
            << ",\"texts_per_s\":" << Number(best_rounds * records.size() / best_seconds)
            << ",\"mb_per_s\":" << Number(best_rounds * total_bytes / 1e6 / best_seconds)
            << "}}\n";
  return 0;
}

}  // namespace
}  // namespace scrubline

int main(int argc, char** argv) {
  scrubline::Args args;
  if (!scrubline::ParseArgs(argc, argv, args)) return 2;
  return scrubline::Run(args);
}
