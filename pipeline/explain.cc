#include "pipeline/explain.h"

#include <cstdio>
#include <string>
#include <vector>

#include "pipeline/json_writer.h"

namespace scrubline {
namespace {

// Scores print with two decimals: enough to see which rule won an overlap.
std::string Score(float score) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", static_cast<double>(score));
  return buf;
}

}  // namespace

Status ExplainStream(std::istream& in, std::ostream& out, const PiiClassifier& classifier,
                     std::string_view field_name) {
  auto scratch = classifier.NewScratch();
  if (!scratch.ok()) return scratch.status();
  std::vector<Finding> findings;
  std::vector<CandidateExplanation> why;
  std::string line;
  std::string json;
  for (std::int64_t n = 1; std::getline(in, line); ++n) {
    json.clear();
    JsonWriter w(json);
    w.BeginObject();
    w.Key("line");
    w.Int(n);
    w.Key("bytes");
    w.Int(static_cast<std::int64_t>(line.size()));
    const Status st = classifier.Explain(line, FieldHint{field_name}, **scratch, findings, why);
    if (IsOverBudget(st)) {
      w.Key("over_budget");
      w.Raw("true");
    } else if (!st.ok()) {
      return st;
    } else {
      w.Key("findings");
      w.Int(static_cast<std::int64_t>(findings.size()));
      w.Key("candidates");
      w.BeginArray();
      for (const CandidateExplanation& e : why) {
        w.BeginObject();
        w.Key("rule");
        w.String(classifier.rule_id(e.rule));
        w.Key("type");
        w.String(EntityTypeName(classifier.rule_type(e.rule)));
        w.Key("begin");
        w.Int(e.begin);
        w.Key("end");
        w.Int(e.end);
        w.Key("validator");
        w.String(classifier.rule_validator(e.rule));
        w.Key("verdict");
        w.String(VerdictName(e.verdict));
        if (e.score > 0) {
          w.Key("score");
          w.Raw(Score(e.score));
        }
        if (e.context_word >= 0) {
          w.Key("context_word");
          w.String(classifier.context_word(e.context_word));
        }
        if (e.against_word >= 0) {
          w.Key("against_word");
          w.String(classifier.context_word(e.against_word));
        }
        if (e.field_hint) {
          w.Key("field_hint");
          w.Raw("true");
        }
        w.EndObject();
      }
      w.EndArray();
    }
    w.EndObject();
    out << json << '\n';
  }
  return Status::Ok();
}

}  // namespace scrubline

namespace scrubline {

void ExplainRecords(std::istream& in, std::ostream& out, Transformer& transformer) {
  OutputBatch batch;
  std::vector<FieldDecision> decisions;
  std::string line;
  std::string json;
  std::string detected;
  for (std::int64_t n = 1; std::getline(in, line); ++n) {
    transformer.Explain(InputRecord{"explain", 0, n - 1, line}, batch, decisions);
    json.clear();
    JsonWriter w(json);
    w.BeginObject();
    w.Key("line");
    w.Int(n);
    if (batch.size() == 1 && batch[0].kind == OutputKind::kDeadLetter) {
      w.Key("dead_letter");
      w.String(*batch[0].FindHeader("scrubline.error.code"));
      w.Key("reason");
      w.String(*batch[0].FindHeader("scrubline.error.reason"));
    } else {
      w.Key("policy");
      w.String(batch.size() > 0 ? *batch[0].FindHeader("scrubline.policy.id") : "");
      w.Key("fields");
      w.BeginArray();
      for (const FieldDecision& d : decisions) {
        w.BeginObject();
        w.Key("path");
        w.String(d.path);
        w.Key("selector");
        w.String(d.selector);
        w.Key("output");
        w.String(OutputKindName(d.output));
        w.Key("action");
        w.String(ActionName(d.action));
        detected.clear();
        for (std::size_t t = 0; t < kEntityTypeCount; ++t) {
          if (d.detections[t] == 0) continue;
          if (!detected.empty()) detected += ',';
          detected += EntityTypeName(static_cast<EntityType>(t));
          detected += '=';
          detected += std::to_string(d.detections[t]);
        }
        w.Key("detected");
        w.String(detected);
        w.EndObject();
      }
      w.EndArray();
    }
    w.EndObject();
    out << json << '\n';
  }
}

}  // namespace scrubline
