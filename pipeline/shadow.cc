#include "pipeline/shadow.h"

#include "pipeline/json_writer.h"

namespace scrubline {
namespace {

bool SameOutputs(const OutputBatch& a, const OutputBatch& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].kind != b[i].kind || a[i].key != b[i].key || a[i].value != b[i].value) return false;
  }
  return true;
}

bool SameDecision(const FieldDecision& a, const FieldDecision& b) {
  return a.action == b.action && a.output == b.output && a.selector == b.selector &&
         a.detections == b.detections && a.written_hash == b.written_hash;
}

// The usage or content value of a batch as JSON, or null (a dead letter or nothing).
void WriteSide(const OutputBatch& batch, OutputKind kind, JsonWriter& w) {
  for (const Output& out : batch) {
    if (out.kind == kind && out.value_is_json) {
      w.Raw(out.value);
      return;
    }
  }
  w.Null();
}

}  // namespace

StatusOr<std::unique_ptr<ShadowRunner>> ShadowRunner::Create(
    std::shared_ptr<const CompiledPipeline> live, std::shared_ptr<const CompiledPipeline> shadow,
    Stats* stats, std::size_t max_samples) {
  std::unique_ptr<ShadowRunner> runner(new ShadowRunner());
  auto live_transformer = Transformer::Create(live, stats);
  if (!live_transformer.ok()) return live_transformer.status();
  // The shadow counts nothing in the worker's stats: it produces nothing.
  auto shadow_transformer = Transformer::Create(std::move(shadow), nullptr);
  if (!shadow_transformer.ok()) return shadow_transformer.status();
  runner->live_pipeline_ = std::move(live);
  runner->live_ = std::move(*live_transformer);
  runner->shadow_ = std::move(*shadow_transformer);
  runner->max_samples_ = max_samples;
  return runner;
}

Status ShadowRunner::UseOptOuts(const OptOutTable* table) {
  SCRUBLINE_RETURN_IF_ERROR(live_->UseOptOuts(table));
  return shadow_->UseOptOuts(table);
}

Status ShadowRunner::Replace(std::shared_ptr<const CompiledPipeline> live,
                             std::shared_ptr<const CompiledPipeline> candidate,
                             const OptOutTable* opt_outs, Stats* stats) {
  auto live_transformer = Transformer::Create(live, stats);
  if (!live_transformer.ok()) return live_transformer.status();
  if (opt_outs != nullptr) SCRUBLINE_RETURN_IF_ERROR((*live_transformer)->UseOptOuts(opt_outs));
  std::unique_ptr<Transformer> candidate_transformer;
  if (candidate != nullptr) {
    auto built = Transformer::Create(std::move(candidate), nullptr);
    if (!built.ok()) return built.status();
    if (opt_outs != nullptr) SCRUBLINE_RETURN_IF_ERROR((*built)->UseOptOuts(opt_outs));
    candidate_transformer = std::move(*built);
  }
  live_ = std::move(*live_transformer);
  live_pipeline_ = std::move(live);
  if (candidate_transformer != nullptr) {
    shadow_ = std::move(candidate_transformer);
    samples_ = 0;
  }
  return Status::Ok();
}

void ShadowRunner::CountChanges(const std::vector<FieldDecision>& live,
                                const std::vector<FieldDecision>& shadow,
                                std::string& changed_json) {
  // Decisions pair up by path and by occurrence of that path ("$.*" may
  // repeat); a shadow decision with no live partner is a change too.
  std::map<std::string, std::vector<const FieldDecision*>> by_path;
  for (const FieldDecision& d : live) by_path[d.path].push_back(&d);
  std::map<std::string, std::size_t> seen;
  JsonWriter w(changed_json);
  w.BeginArray();
  std::lock_guard<std::mutex> lock(mutex_);
  for (const FieldDecision& d : shadow) {
    const std::size_t occurrence = seen[d.path]++;
    const auto it = by_path.find(d.path);
    const FieldDecision* partner =
        it != by_path.end() && occurrence < it->second.size() ? it->second[occurrence] : nullptr;
    if (partner != nullptr && SameDecision(*partner, d)) continue;
    bool any_type = false;
    for (std::size_t t = 0; t < kEntityTypeCount; ++t) {
      if (d.detections[t] == 0) continue;
      any_type = true;
      ++counts_[{d.selector, std::string(EntityTypeName(static_cast<EntityType>(t)))}];
    }
    if (!any_type) ++counts_[{d.selector, "none"}];
    w.BeginObject();
    w.Key("path");
    w.String(d.path);
    w.Key("selector");
    w.String(d.selector);
    w.Key("live_action");
    partner != nullptr ? w.String(ActionName(partner->action)) : w.Null();
    w.Key("shadow_action");
    w.String(ActionName(d.action));
    w.EndObject();
  }
  w.EndArray();
}

void ShadowRunner::Process(const InputRecord& in, OutputBatch& live_out, OutputBatch& review) {
  review.Clear();
  live_->Explain(in, live_out, live_decisions_);
  shadow_->Explain(in, shadow_out_, shadow_decisions_);
  const bool same = SameOutputs(live_out, shadow_out_);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++compared_;
    if (!same) ++changed_;
  }
  if (same) return;
  std::string changed;
  CountChanges(live_decisions_, shadow_decisions_, changed);
  if (samples_ >= max_samples_) return;
  ++samples_;
  Output& out = review.Add();
  out.kind = OutputKind::kReview;
  out.topic = live_pipeline_->topics().review;
  out.value_is_json = true;
  JsonWriter w(out.value);
  w.BeginObject();
  w.Key("live_policy");
  const Output* live_first = live_out.size() > 0 ? &live_out[0] : nullptr;
  const Output* shadow_first = shadow_out_.size() > 0 ? &shadow_out_[0] : nullptr;
  const std::string* live_id = live_first ? live_first->FindHeader("scrubline.policy.id") : nullptr;
  const std::string* shadow_id =
      shadow_first ? shadow_first->FindHeader("scrubline.policy.id") : nullptr;
  live_id ? w.String(*live_id) : w.Null();
  w.Key("shadow_policy");
  shadow_id ? w.String(*shadow_id) : w.Null();
  w.Key("changed");
  w.Raw(changed);
  for (OutputKind kind : {OutputKind::kUsage, OutputKind::kContent}) {
    w.Key(std::string("live_") + std::string(OutputKindName(kind)));
    WriteSide(live_out, kind, w);
    w.Key(std::string("shadow_") + std::string(OutputKindName(kind)));
    WriteSide(shadow_out_, kind, w);
  }
  w.EndObject();
  // Traceable like every output: where it came from, and both policies.
  out.AddHeader("scrubline.kind", OutputKindName(OutputKind::kReview));
  if (live_first != nullptr) {
    for (const char* name : {"scrubline.src.topic", "scrubline.src.partition",
                             "scrubline.src.offset", "scrubline.policy.id",
                             "scrubline.policy.sha256", "scrubline.key.id"}) {
      if (const std::string* v = live_first->FindHeader(name)) out.AddHeader(name, *v);
    }
  }
  if (shadow_id != nullptr) out.AddHeader("scrubline.shadow.policy.id", *shadow_id);
}

std::uint64_t ShadowRunner::records_compared() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return compared_;
}

std::uint64_t ShadowRunner::records_changed() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return changed_;
}

std::map<std::pair<std::string, std::string>, std::uint64_t> ShadowRunner::Counts() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return counts_;
}

}  // namespace scrubline
