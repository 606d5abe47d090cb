// scrubline-spam-accuracy: how well acceptable-use scoring separates spam
// from ham, on the UCI SMS Spam Collection (../shared/data) and on any other
// labelled file.
//
//   scrubline-spam-accuracy [--uci FILE] [--eval FILE] [--seed N] [--per-rule]
//
// UCI: a fixed stratified 80/20 split (the model is trained on the 80 %,
// every figure is on the 20 %), then stratified 5-fold cross-validation
// (each text scored once, by a model that never saw it). The catalog's
// rules are not trained, so they are scored on the same held-out texts.
// Configurations, each through AupDetector at the shipped thresholds:
//   rules      the catalog's rules and feature rules alone
//   model      the model alone (its capped log-odds against the threshold)
//   combined   both, as production runs
// plus "model p>=0.5", the model's own decision (log-odds >= 0), for
// comparison with published classifiers.
// --eval FILE scores a labelled file with the shipped catalog and model (for
// data the shipped model was not trained on, such as a modern set).
//
// --per-rule adds, for every rule and feature that fired, how often it fired
// on spam and on ham and its precision there (what the production metric
// from reviewer feedback will show per rule).
// Figures: spam caught (recall) with its 95 % Wilson interval, precision, F1,
// ham blocked (false-positive rate) with its interval, MCC; never accuracy
// alone. Input: JSON lines with "text" and "label" (spam/ham).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <numeric>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "bench/labelled_texts.h"
#include "classifiers/aup/aup_detector.h"

namespace scrubline {
namespace {

using Example = LabelledExample;

std::vector<Example> LoadLabelled(const std::string& path) {
  if (!std::ifstream(path)) {
    std::cerr << "cannot read " << path << "\n";
    std::exit(1);
  }
  std::size_t bad = 0;
  std::vector<Example> out = LoadLabelledTexts(path, &bad);
  if (bad != 0) {
    std::cerr << path << ": line " << bad << " is not {\"text\":..,\"label\":\"spam\"|\"ham\"}\n";
    std::exit(1);
  }
  return out;
}

struct Confusion {
  std::uint64_t tp = 0, fp = 0, fn = 0, tn = 0;
  void Add(bool spam, bool flagged) {
    (spam ? (flagged ? tp : fn) : (flagged ? fp : tn)) += 1;
  }
  void operator+=(const Confusion& o) {
    tp += o.tp;
    fp += o.fp;
    fn += o.fn;
    tn += o.tn;
  }
};

// The 95 % Wilson score interval of k successes in n trials.
std::pair<double, double> Wilson(std::uint64_t k, std::uint64_t n) {
  if (n == 0) return {0, 0};
  const double z = 1.959964, p = static_cast<double>(k) / static_cast<double>(n);
  const double nn = static_cast<double>(n);
  const double centre = (p + z * z / (2 * nn)) / (1 + z * z / nn);
  const double half = z * std::sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn)) / (1 + z * z / nn);
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

void PrintHeader() {
  std::printf("| configuration | spam caught (recall) | precision | F1 | ham blocked | MCC | TP / FN / FP / TN |\n");
  std::printf("|---|---|---|---|---|---|---|\n");
}

void PrintRow(const char* name, const Confusion& c) {
  const double tp = static_cast<double>(c.tp), fp = static_cast<double>(c.fp);
  const double fn = static_cast<double>(c.fn), tn = static_cast<double>(c.tn);
  const double recall = c.tp + c.fn ? tp / (tp + fn) : 0;
  const double precision = c.tp + c.fp ? tp / (tp + fp) : 0;
  const double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
  const double blocked = c.fp + c.tn ? fp / (fp + tn) : 0;
  const double d = std::sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
  const double mcc = d > 0 ? (tp * tn - fp * fn) / d : 0;
  const auto r = Wilson(c.tp, c.tp + c.fn);
  const auto b = Wilson(c.fp, c.fp + c.tn);
  std::printf("| %s | %.3f (%.3f-%.3f) | %.3f | %.3f | %.2f %% (%.2f-%.2f) | %.3f | %llu / %llu / %llu / %llu |\n",
              name, recall, r.first, r.second, precision, f1, 100 * blocked, 100 * b.first,
              100 * b.second, mcc, static_cast<unsigned long long>(c.tp),
              static_cast<unsigned long long>(c.fn), static_cast<unsigned long long>(c.fp),
              static_cast<unsigned long long>(c.tn));
}

struct Scores {
  Confusion rules, model, combined, model_half;
};

std::shared_ptr<const AupDetector> Detector(const AupCatalog& catalog,
                                            std::optional<SpamModel> model, AupParts parts) {
  auto d = AupDetector::Create(catalog, std::move(model), parts);
  if (!d.ok()) {
    std::cerr << d.status().ToString() << "\n";
    std::exit(1);
  }
  return *d;
}

bool Flagged(const AupDetector& d, AupDetector::Scratch& scratch, const std::string& text,
             AupVerdict& v) {
  const Status s = d.Evaluate(text, scratch, v);
  if (!s.ok()) {
    std::cerr << s.ToString() << "\n";
    std::exit(1);
  }
  return v.alert;
}

// Trains on `train`, scores `test` with every configuration.
void Score(const AupCatalog& catalog, const std::vector<const Example*>& train,
           const std::vector<const Example*>& test, std::uint32_t seed, Scores& out) {
  std::vector<LabelledText> labelled;
  for (const Example* e : train) labelled.push_back(LabelledText{e->text, e->spam});
  SpamModelOptions options;
  options.seed = seed;
  const SpamModel model = SpamModel::Train(labelled, options);
  AupParts rules_only, model_only, all;
  rules_only.model = false;
  model_only.rules = model_only.features = false;
  const auto r = Detector(catalog, std::nullopt, rules_only);
  const auto m = Detector(catalog, model, model_only);
  const auto c = Detector(catalog, model, all);
  auto rs = r->NewScratch(), ms = m->NewScratch(), cs = c->NewScratch();
  AupVerdict v;
  for (const Example* e : test) {
    out.rules.Add(e->spam, Flagged(*r, **rs, e->text, v));
    out.model.Add(e->spam, Flagged(*m, **ms, e->text, v));
    out.combined.Add(e->spam, Flagged(*c, **cs, e->text, v));
    out.model_half.Add(e->spam, model.LogOdds(e->text) >= 0);
  }
}

void PrintScores(const Scores& s) {
  PrintHeader();
  PrintRow("rules (catalog alone)", s.rules);
  PrintRow("model (alone, shipped threshold)", s.model);
  PrintRow("**combined** (as shipped)", s.combined);
  PrintRow("model p>=0.5 (log-odds >= 0)", s.model_half);
}

// How often each rule and feature fires on spam and on ham of `data`, and
// its precision there: the offline view of per-rule production precision
// (rules are not trained, so every text counts). Only entries that fired.
void PrintPerRule(const AupCatalog& catalog, const std::vector<Example>& data) {
  const auto d = Detector(catalog, std::nullopt, AupParts{true, true, false});
  auto scratch = d->NewScratch();
  const std::size_t n = catalog.rules.size() + catalog.features.size();
  std::vector<std::uint64_t> on_spam(n, 0), on_ham(n, 0);
  AupVerdict v;
  for (const Example& e : data) {
    Flagged(*d, **scratch, e.text, v);
    for (const AupContribution& r : v.reasons) {
      const std::size_t i = r.source == AupContribution::Source::kRule
                                ? r.index
                                : catalog.rules.size() + r.index;
      (e.spam ? on_spam : on_ham)[i] += 1;
    }
  }
  std::printf("| rule or feature | weight | fires on spam | fires on ham | precision |\n|---|---|---|---|---|\n");
  for (std::size_t i = 0; i < n; ++i) {
    if (on_spam[i] + on_ham[i] == 0) continue;
    const bool rule = i < catalog.rules.size();
    const std::string& id = rule ? catalog.rules[i].id : catalog.features[i - catalog.rules.size()].id;
    const double w = rule ? catalog.rules[i].weight : catalog.features[i - catalog.rules.size()].weight;
    std::printf("| %s | %.1f | %llu | %llu | %.2f |\n", id.c_str(), w,
                static_cast<unsigned long long>(on_spam[i]), static_cast<unsigned long long>(on_ham[i]),
                static_cast<double>(on_spam[i]) / static_cast<double>(on_spam[i] + on_ham[i]));
  }
}

}  // namespace
}  // namespace scrubline

int main(int argc, char** argv) {
  using namespace scrubline;
  std::string uci = std::string(SCRUBLINE_SHARED_DATA_DIR) + "/uci_sms_spam.jsonl";
  std::string eval;
  std::uint32_t seed = 20111;
  bool per_rule = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--per-rule") {
      per_rule = true;
    } else if ((a == "--uci" || a == "--eval" || a == "--seed") && i + 1 < argc) {
      const std::string v = argv[++i];
      if (a == "--uci") uci = v;
      if (a == "--eval") eval = v;
      if (a == "--seed") seed = static_cast<std::uint32_t>(std::stoul(v));
    } else {
      std::cerr << "usage: scrubline-spam-accuracy [--uci FILE] [--eval FILE] [--seed N] [--per-rule]\n";
      return 2;
    }
  }
  const std::string dir = std::string(SCRUBLINE_SOURCE_DIR) + "/patterns/aup";
  auto catalog = AupCatalog::LoadDirectory(dir);
  if (!catalog.ok()) {
    std::cerr << catalog.status().ToString() << "\n";
    return 1;
  }
  if (!eval.empty()) {
    const std::vector<Example> data = LoadLabelled(eval);
    auto shipped_model = SpamModel::LoadFile(dir + "/" + catalog->scoring.model_file);
    if (!shipped_model.ok()) {
      std::cerr << shipped_model.status().ToString() << "\n";
      return 1;
    }
    AupParts rules_only, model_only, all;
    rules_only.model = false;
    model_only.rules = model_only.features = false;
    Scores s;
    const auto r = Detector(*catalog, std::nullopt, rules_only);
    const auto m = Detector(*catalog, *shipped_model, model_only);
    const auto c = Detector(*catalog, *shipped_model, all);
    auto rs = r->NewScratch(), ms = m->NewScratch(), cs = c->NewScratch();
    AupVerdict v;
    std::size_t spam = 0;
    for (const Example& e : data) {
      spam += e.spam;
      s.rules.Add(e.spam, Flagged(*r, **rs, e.text, v));
      s.model.Add(e.spam, Flagged(*m, **ms, e.text, v));
      s.combined.Add(e.spam, Flagged(*c, **cs, e.text, v));
      s.model_half.Add(e.spam, shipped_model->LogOdds(e.text) >= 0);
    }
    std::printf("%s: %zu texts (%zu spam, %zu ham), shipped catalog and model\n\n", eval.c_str(),
                data.size(), spam, data.size() - spam);
    PrintScores(s);
    if (per_rule) {
      std::printf("\n### Per rule, on every text\n\n");
      PrintPerRule(*catalog, data);
    }
    return 0;
  }
  const std::vector<Example> data = LoadLabelled(uci);
  std::vector<std::size_t> spam, ham;
  for (std::size_t i = 0; i < data.size(); ++i) (data[i].spam ? spam : ham).push_back(i);
  std::mt19937 rng(seed);
  std::shuffle(spam.begin(), spam.end(), rng);
  std::shuffle(ham.begin(), ham.end(), rng);
  std::printf("UCI SMS Spam Collection: %zu texts (%zu spam, %zu ham); split seed %u\n\n",
              data.size(), spam.size(), ham.size(), seed);
  {
    std::vector<const Example*> train, test;
    for (const auto* cls : {&spam, &ham}) {
      const std::size_t cut = cls->size() * 8 / 10;
      for (std::size_t k = 0; k < cls->size(); ++k) (k < cut ? train : test).push_back(&data[(*cls)[k]]);
    }
    Scores s;
    Score(*catalog, train, test, 1, s);
    std::printf("### Stratified 80/20 split: trained on %zu, scored on %zu held-out texts\n\n",
                train.size(), test.size());
    PrintScores(s);
  }
  {
    constexpr std::size_t kFolds = 5;
    Scores total;
    for (std::size_t fold = 0; fold < kFolds; ++fold) {
      std::vector<const Example*> train, test;
      for (const auto* cls : {&spam, &ham}) {
        for (std::size_t k = 0; k < cls->size(); ++k) {
          (k % kFolds == fold ? test : train).push_back(&data[(*cls)[k]]);
        }
      }
      Scores s;
      Score(*catalog, train, test, 1, s);
      total.rules += s.rules;
      total.model += s.model;
      total.combined += s.combined;
      total.model_half += s.model_half;
    }
    std::printf("\n### Stratified 5-fold cross-validation: every text scored once, by a model that never saw it\n\n");
    PrintScores(total);
  }
  if (per_rule) {
    std::printf("\n### Per rule, on every text (rules are not trained)\n\n");
    PrintPerRule(*catalog, data);
  }
  return 0;
}
