// scrubline-pii-accuracy: measures the PII classifier on
//   a) the independent generated corpus of bench/pii_generator.h (exact and
//      overlap matches, Wilson 95% intervals, near-miss false positives), and
//   b) the Presidio sets in the shared data directory (README there), scored
//      only on the types a record annotates and the catalog detects, with gold
//      PHONE spans that are no valid number anywhere reported separately.
// Exit status: 0 after a report, 1 on an error (bad flag, catalog, I/O). A
// low figure is a finding, not an error.
//
//   scrubline-pii-accuracy [--catalog DIR] [--per-type N] [--seed S]
//       [--data-dir DIR] [--write-corpus FILE] [--markdown]
//       [--by-variant] [--examples N] [--classify TEXT]...
//
// --examples prints missed / false values of the generated corpus to stderr
// (generated data only) for looking into a low figure; --classify prints the
// findings in the given texts and exits.
#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>
#include <simdjson.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "bench/pii_generator.h"
#include "classifiers/pii/pii_classifier.h"

namespace scrubline::bench {
namespace {

struct Flags {
  std::string catalog = std::string(SCRUBLINE_SOURCE_DIR) + "/patterns/pii";
  std::string data_dir = SCRUBLINE_SHARED_DATA_DIR;
  std::string write_corpus;
  int per_type = 2000;
  std::uint64_t seed = PiiGeneratorOptions{}.seed;
  bool markdown = false;
  bool by_variant = false;
  int examples = 0;
  std::vector<std::string> classify;  // --classify TEXT: print its findings and exit
};

constexpr const char* kUsage =
    "usage: scrubline-pii-accuracy [--catalog DIR] [--per-type N] [--seed S] [--data-dir DIR]\n"
    "       [--write-corpus FILE] [--markdown] [--by-variant] [--examples N] [--classify TEXT]...\n";

bool ParseFlags(int argc, char** argv, Flags& f) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&](std::string& out) {
      if (i + 1 >= argc) return false;
      out = argv[++i];
      return true;
    };
    std::string v;
    if (a == "--catalog") {
      if (!value(f.catalog)) return false;
    } else if (a == "--data-dir") {
      if (!value(f.data_dir)) return false;
    } else if (a == "--write-corpus") {
      if (!value(f.write_corpus)) return false;
    } else if (a == "--per-type") {
      if (!value(v)) return false;
      f.per_type = std::atoi(v.c_str());
      if (f.per_type <= 0) return false;
    } else if (a == "--seed") {
      if (!value(v)) return false;
      f.seed = std::strtoull(v.c_str(), nullptr, 10);
    } else if (a == "--examples") {
      if (!value(v)) return false;
      f.examples = std::atoi(v.c_str());
    } else if (a == "--classify") {
      if (!value(v)) return false;
      f.classify.push_back(v);
    } else if (a == "--markdown") {
      f.markdown = true;
    } else if (a == "--by-variant") {
      f.by_variant = true;
    } else {
      return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------
// Statistics and tables.

// Wilson score interval for k successes in n trials, 95%.
std::pair<double, double> Wilson(int k, int n) {
  if (n == 0) return {0.0, 1.0};
  const double z = 1.959963984540054, p = static_cast<double>(k) / n, z2n = z * z / n;
  const double center = (p + z2n / 2) / (1 + z2n);
  const double half = z * std::sqrt(p * (1 - p) / n + z2n / (4.0 * n)) / (1 + z2n);
  return {std::max(0.0, center - half), std::min(1.0, center + half)};
}

std::string Fixed(double v, int places = 3) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", places, v);
  return buf;
}

std::string Ratio(int k, int n) { return n ? Fixed(static_cast<double>(k) / n) : "-"; }

std::string RatioWithInterval(int k, int n) {
  if (n == 0) return "-";
  const auto [lo, hi] = Wilson(k, n);
  return Fixed(static_cast<double>(k) / n) + " [" + Fixed(lo) + ", " + Fixed(hi) + "]";
}

class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void Add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void Print(bool markdown) const {
    std::vector<std::size_t> width(header_.size(), 0);
    auto measure = [&](const std::vector<std::string>& r) {
      for (std::size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
    };
    measure(header_);
    for (const auto& r : rows_) measure(r);
    auto line = [&](const std::vector<std::string>& r) {
      std::string out = markdown ? "|" : "";
      for (std::size_t i = 0; i < r.size(); ++i) {
        std::string cell = r[i];
        // First column left-aligned, numbers right-aligned.
        const std::string pad(width[i] - cell.size(), ' ');
        cell = i == 0 ? cell + pad : pad + cell;
        out += markdown ? " " + cell + " |" : (i ? "  " : "") + cell;
      }
      std::printf("%s\n", out.c_str());
    };
    line(header_);
    if (markdown) {
      std::string sep = "|";
      for (std::size_t i = 0; i < header_.size(); ++i) sep += (i == 0 ? "---|" : "---:|");
      std::printf("%s\n", sep.c_str());
    } else {
      std::size_t total = 0;
      for (std::size_t w : width) total += w + 2;
      std::printf("%s\n", std::string(total - 2, '-').c_str());
    }
    for (const auto& r : rows_) line(r);
    std::printf("\n");
  }

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

struct Counts {
  int gold = 0, predicted = 0, exact = 0, overlapped = 0;
  int near_miss = 0, near_miss_hit = 0;
};

// One line per example on the terminal.
std::string OneLine(std::string s) {
  for (char& c : s) {
    if (c == '\n') c = '|';
  }
  return s;
}

bool Overlaps(std::uint32_t a0, std::uint32_t a1, std::uint32_t b0, std::uint32_t b1) {
  return a0 < b1 && b0 < a1;
}

// ---------------------------------------------------------------------------
// a) the generated corpus.

bool ScoreGenerated(const Flags& flags, const PiiClassifier& classifier, PiiClassifier::Scratch& scratch) {
  PiiGeneratorOptions options;
  options.seed = flags.seed;
  options.per_type = flags.per_type;
  const std::vector<GeneratedMessage> corpus = GeneratePiiCorpus(options);

  if (!flags.write_corpus.empty()) {
    std::ofstream out(flags.write_corpus, std::ios::binary);
    for (const GeneratedMessage& m : corpus) out << CorpusJsonLine(m) << '\n';
    out.flush();
    if (!out) {
      std::fprintf(stderr, "cannot write %s\n", flags.write_corpus.c_str());
      return false;
    }
  }

  std::map<EntityType, Counts> by_type;
  std::map<std::pair<EntityType, std::string>, std::pair<int, int>> by_variant;  // (found, total)
  std::map<EntityType, int> clean_fp;
  std::map<EntityType, int> examples_fn, examples_fp;
  int clean_messages = 0, clean_with_finding = 0;
  std::vector<Finding> found;
  for (const GeneratedMessage& m : corpus) {
    const Status s = classifier.Classify(m.text, FieldHint{}, scratch, found);
    if (!s.ok()) {
      std::fprintf(stderr, "classify %s: %s\n", m.id.c_str(), s.ToString().c_str());
      return false;
    }
    for (const Finding& f : found) {
      Counts& c = by_type[f.type];
      ++c.predicted;
      bool exact = false;
      for (const GoldSpan& g : m.spans) exact = exact || (g.type == f.type && g.begin == f.begin && g.end == f.end);
      if (exact) {
        ++c.exact;
      } else if (examples_fp[f.type] < flags.examples) {
        ++examples_fp[f.type];
        std::fprintf(stderr, "FP %-18s %s [%s] %s: \"%s\" in: %s\n", std::string(EntityTypeName(f.type)).c_str(),
                     m.id.c_str(), std::string(classifier.rule_id(f.rule)).c_str(),
                     std::string(SampleKindName(m.kind)).c_str() ,
                     m.text.substr(f.begin, f.end - f.begin).c_str(), OneLine(m.text).c_str());
      }
    }
    for (const GoldSpan& g : m.spans) {
      Counts& c = by_type[g.type];
      ++c.gold;
      bool exact = false, overlap = false;
      for (const Finding& f : found) {
        if (f.type != g.type) continue;
        exact = exact || (f.begin == g.begin && f.end == g.end);
        overlap = overlap || Overlaps(f.begin, f.end, g.begin, g.end);
      }
      c.overlapped += overlap;
      auto& v = by_variant[{g.type, m.variant}];
      v.first += exact;
      ++v.second;
      if (!exact && examples_fn[g.type] < flags.examples) {
        ++examples_fn[g.type];
        std::string got;
        for (const Finding& f : found) {
          got += ' ';
          got += EntityTypeName(f.type);
          got += ":\"";
          got += m.text.substr(f.begin, f.end - f.begin);
          got += '"';
        }
        std::fprintf(stderr, "FN %-18s %s (%s) \"%s\" in: %s | found:%s\n",
                     std::string(EntityTypeName(g.type)).c_str(), m.id.c_str(), m.variant.c_str(),
                     m.value.c_str(), OneLine(m.text).c_str(), got.empty() ? " none" : got.c_str());
      }
    }
    if (m.kind == SampleKind::kNearMiss) {
      Counts& c = by_type[m.target];
      ++c.near_miss;
      bool hit = false;
      for (const Finding& f : found) hit = hit || f.type == m.target;
      c.near_miss_hit += hit;
    }
    if (m.kind == SampleKind::kClean) {
      ++clean_messages;
      clean_with_finding += !found.empty();
      for (const Finding& f : found) ++clean_fp[f.type];
    }
  }

  std::printf("a) Generated corpus (bench/pii_generator.cc): seed %llu, %d positives and %d near misses per type, "
              "%d clean messages, %zu messages\n",
              static_cast<unsigned long long>(flags.seed), flags.per_type, flags.per_type, clean_messages,
              corpus.size());
  std::printf("   exact = same type and byte span; FP = predictions without an exact gold match (anywhere in the corpus); "
              "near-miss FP = near-miss messages of the type with a finding of that type\n\n");
  Table table({"type", "gold", "pred", "TP", "FP", "FN", "precision [95% CI]", "recall [95% CI]", "overlap recall",
               "near-miss FP"});
  Counts total;
  for (const auto& [type, c] : by_type) {
    table.Add({std::string(EntityTypeName(type)), std::to_string(c.gold), std::to_string(c.predicted),
               std::to_string(c.exact), std::to_string(c.predicted - c.exact), std::to_string(c.gold - c.exact),
               RatioWithInterval(c.exact, c.predicted), RatioWithInterval(c.exact, c.gold),
               Ratio(c.overlapped, c.gold),
               c.near_miss ? std::to_string(c.near_miss_hit) + "/" + std::to_string(c.near_miss) + " (" +
                                 Fixed(100.0 * c.near_miss_hit / c.near_miss, 1) + "%)"
                           : "-"});
    total.gold += c.gold;
    total.predicted += c.predicted;
    total.exact += c.exact;
    total.overlapped += c.overlapped;
    total.near_miss += c.near_miss;
    total.near_miss_hit += c.near_miss_hit;
  }
  table.Add({"ALL", std::to_string(total.gold), std::to_string(total.predicted), std::to_string(total.exact),
             std::to_string(total.predicted - total.exact), std::to_string(total.gold - total.exact),
             RatioWithInterval(total.exact, total.predicted), RatioWithInterval(total.exact, total.gold),
             Ratio(total.overlapped, total.gold),
             std::to_string(total.near_miss_hit) + "/" + std::to_string(total.near_miss) + " (" +
                 Fixed(total.near_miss ? 100.0 * total.near_miss_hit / total.near_miss : 0, 1) + "%)"});
  table.Print(flags.markdown);
  std::printf("clean messages with any finding: %d/%d", clean_with_finding, clean_messages);
  for (const auto& [type, n] : clean_fp) std::printf("  %s:%d", std::string(EntityTypeName(type)).c_str(), n);
  std::printf("\n\n");

  if (flags.by_variant) {
    Table variants({"type", "written form", "found", "total", "recall"});
    for (const auto& [key, v] : by_variant) {
      if (v.first == v.second) continue;
      variants.Add({std::string(EntityTypeName(key.first)), key.second, std::to_string(v.first),
                    std::to_string(v.second), Ratio(v.first, v.second)});
    }
    std::printf("Written forms with exact recall < 1:\n\n");
    variants.Print(flags.markdown);
  }
  return true;
}

// ---------------------------------------------------------------------------
// b) the Presidio sets.

struct LabelledSpan {
  std::string type;
  std::uint32_t begin, end;
};

struct LabelledRecord {
  std::string text;
  std::vector<LabelledSpan> spans;
  std::set<std::string> annotated_types;  // empty: the dataset's
};

bool ReadLabelled(const std::string& path, std::vector<LabelledRecord>& out, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "not found";
    return false;
  }
  simdjson::dom::parser parser;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    simdjson::dom::element doc;
    if (parser.parse(line).get(doc)) {
      error = "line " + std::to_string(number) + ": not JSON";
      return false;
    }
    bool annotated = true;
    if (doc["spans_annotated"].get_bool().get(annotated) == simdjson::SUCCESS && !annotated) continue;
    LabelledRecord r;
    std::string_view text;
    simdjson::dom::array spans;
    if (doc["text"].get_string().get(text) || doc["spans"].get_array().get(spans)) {
      error = "line " + std::to_string(number) + ": no text or spans";
      return false;
    }
    r.text = std::string(text);
    for (simdjson::dom::element s : spans) {
      std::string_view type;
      std::uint64_t b = 0, e = 0;
      if (s["type"].get_string().get(type) || s["start_utf8"].get_uint64().get(b) ||
          s["end_utf8"].get_uint64().get(e) || b > e || e > r.text.size()) {
        error = "line " + std::to_string(number) + ": bad span";
        return false;
      }
      r.spans.push_back(LabelledSpan{std::string(type), static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(e)});
    }
    simdjson::dom::array types;
    if (doc["meta"]["annotated_types"].get_array().get(types) == simdjson::SUCCESS) {
      for (simdjson::dom::element t : types) {
        std::string_view name;
        if (t.get_string().get(name) == simdjson::SUCCESS) r.annotated_types.insert(std::string(name));
      }
    }
    out.push_back(std::move(r));
  }
  return true;
}

// Valid for any region libphonenumber knows (written international form:
// the country code decides).
struct PhoneValidity {
  bool valid = false, possible = false;
};

PhoneValidity CheckPhone(const std::string& written) {
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  static const std::set<std::string> regions = [&] {
    std::set<std::string> r;
    util.GetSupportedRegions(&r);
    return r;
  }();
  PhoneValidity v;
  for (const std::string& region : regions) {
    PhoneNumber n;
    if (util.Parse(written, region, &n) != PhoneNumberUtil::NO_PARSING_ERROR) continue;
    v.possible = v.possible || util.IsPossibleNumber(n);
    v.valid = v.valid || util.IsValidNumber(n);
    if (v.valid) break;
  }
  return v;
}

bool ScorePresidio(const Flags& flags, const PiiClassifier& classifier, PiiClassifier::Scratch& scratch,
                   const std::set<std::string>& catalog_types) {
  const char* kFiles[] = {"presidio_test_vectors.jsonl", "presidio_generated_small.jsonl",
                          "presidio_generated_large.jsonl"};
  std::printf("b) Presidio sets (%s): per type, exact span match; only types a record annotates "
              "(meta.annotated_types, else every type the file labels) and the catalog detects\n\n",
              flags.data_dir.c_str());
  std::vector<Finding> found;
  for (const char* file : kFiles) {
    std::vector<LabelledRecord> records;
    std::string error;
    if (!ReadLabelled(flags.data_dir + "/" + file, records, error)) {
      if (error == "not found") {
        std::printf("%s: not found, skipped\n\n", file);
        continue;
      }
      std::fprintf(stderr, "%s: %s\n", file, error.c_str());
      return false;
    }
    std::set<std::string> file_types;
    for (const LabelledRecord& r : records) {
      for (const LabelledSpan& s : r.spans) file_types.insert(s.type);
    }
    std::map<std::string, Counts> by_type;
    int invalid_phone = 0, impossible_phone = 0, invalid_found = 0;
    Counts valid_phone;  // PHONE counts over valid gold numbers only
    int scored = 0;
    for (const LabelledRecord& r : records) {
      std::set<std::string> types;
      for (const std::string& t : r.annotated_types.empty() ? file_types : r.annotated_types) {
        if (catalog_types.count(t)) types.insert(t);
      }
      if (types.empty()) continue;
      ++scored;
      const Status s = classifier.Classify(r.text, FieldHint{}, scratch, found);
      if (!s.ok()) {
        std::fprintf(stderr, "%s: classify: %s\n", file, s.ToString().c_str());
        return false;
      }
      for (const std::string& type : types) {
        Counts& c = by_type[type];
        for (const Finding& f : found) c.predicted += EntityTypeName(f.type) == type;
        for (const LabelledSpan& g : r.spans) {
          if (g.type != type) continue;
          ++c.gold;
          bool exact = false, overlap = false;
          for (const Finding& f : found) {
            if (EntityTypeName(f.type) != type) continue;
            exact = exact || (f.begin == g.begin && f.end == g.end);
            overlap = overlap || Overlaps(f.begin, f.end, g.begin, g.end);
          }
          c.exact += exact;
          c.overlapped += overlap;
          if (type == "PHONE") {
            const PhoneValidity v = CheckPhone(r.text.substr(g.begin, g.end - g.begin));
            if (!v.valid) {
              ++invalid_phone;
              impossible_phone += !v.possible;
              invalid_found += overlap;
            } else {
              ++valid_phone.gold;
              valid_phone.exact += exact;
              valid_phone.overlapped += overlap;
            }
          }
        }
      }
    }
    std::printf("%s: %zu records, %d scored\n\n", file, records.size(), scored);
    Table table({"type", "gold", "pred", "TP", "precision", "recall", "F1", "overlap recall"});
    Counts total;
    for (const auto& [type, c] : by_type) {
      const double p = c.predicted ? static_cast<double>(c.exact) / c.predicted : 0;
      const double rc = c.gold ? static_cast<double>(c.exact) / c.gold : 0;
      table.Add({type, std::to_string(c.gold), std::to_string(c.predicted), std::to_string(c.exact),
                 Ratio(c.exact, c.predicted), Ratio(c.exact, c.gold),
                 c.predicted && c.gold && p + rc > 0 ? Fixed(2 * p * rc / (p + rc)) : "-", Ratio(c.overlapped, c.gold)});
      total.gold += c.gold;
      total.predicted += c.predicted;
      total.exact += c.exact;
      total.overlapped += c.overlapped;
    }
    const double p = total.predicted ? static_cast<double>(total.exact) / total.predicted : 0;
    const double rc = total.gold ? static_cast<double>(total.exact) / total.gold : 0;
    table.Add({"ALL", std::to_string(total.gold), std::to_string(total.predicted), std::to_string(total.exact),
               Ratio(total.exact, total.predicted), Ratio(total.exact, total.gold),
               p + rc > 0 ? Fixed(2 * p * rc / (p + rc)) : "-", Ratio(total.overlapped, total.gold)});
    table.Print(flags.markdown);
    if (by_type.count("PHONE")) {
      std::printf("PHONE gold spans that are no valid number for any region (libphonenumber IsValidNumber): %d of %d "
                  "(%d not even IsPossibleNumber; %d of them overlapped by a finding). Without them: %d gold, "
                  "recall %s, overlap recall %s\n\n",
                  invalid_phone, by_type["PHONE"].gold, impossible_phone, invalid_found, valid_phone.gold,
                  Ratio(valid_phone.exact, valid_phone.gold).c_str(),
                  Ratio(valid_phone.overlapped, valid_phone.gold).c_str());
    }
  }
  return true;
}

int Run(int argc, char** argv) {
  Flags flags;
  if (!ParseFlags(argc, argv, flags)) {
    std::fprintf(stderr, "%s", kUsage);
    return 1;
  }
  auto classifier = PiiClassifier::Create(flags.catalog);
  if (!classifier.ok()) {
    std::fprintf(stderr, "catalog %s: %s\n", flags.catalog.c_str(), classifier.status().ToString().c_str());
    return 1;
  }
  auto scratch = (*classifier)->NewScratch();
  if (!scratch.ok()) {
    std::fprintf(stderr, "scratch: %s\n", scratch.status().ToString().c_str());
    return 1;
  }
  std::set<std::string> catalog_types;
  for (std::size_t i = 0; i < (*classifier)->rule_count(); ++i) {
    catalog_types.insert(std::string(EntityTypeName((*classifier)->rule_type(static_cast<std::uint16_t>(i)))));
  }
  if (!flags.classify.empty()) {  // a look at single texts while investigating
    std::vector<Finding> found;
    for (const std::string& text : flags.classify) {
      const Status s = (*classifier)->Classify(text, FieldHint{}, **scratch, found);
      std::printf("%s\n", text.c_str());
      if (!s.ok()) std::printf("  error: %s\n", s.ToString().c_str());
      for (const Finding& f : found) {
        std::printf("  %s [%s] %.2f \"%s\"\n", std::string(EntityTypeName(f.type)).c_str(),
                    std::string((*classifier)->rule_id(f.rule)).c_str(), f.score,
                    text.substr(f.begin, f.end - f.begin).c_str());
      }
    }
    return 0;
  }
  std::printf("scrubline-pii-accuracy: catalog %s (%zu rules, %zu types)\n\n", flags.catalog.c_str(),
              (*classifier)->rule_count(), catalog_types.size());
  if (!ScoreGenerated(flags, **classifier, **scratch)) return 1;
  if (!ScorePresidio(flags, **classifier, **scratch, catalog_types)) return 1;
  return 0;
}

}  // namespace
}  // namespace scrubline::bench

int main(int argc, char** argv) { return scrubline::bench::Run(argc, argv); }
