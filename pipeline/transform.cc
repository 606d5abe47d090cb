#include "pipeline/transform.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>
#include <unordered_map>

#include "classifiers/base/hash.h"
#include "classifiers/crypto/siv_cipher.h"
#include "classifiers/crypto/subject_id.h"
#include "classifiers/crypto/tokenizer.h"
#include "classifiers/crypto/value_cipher.h"
#include "classifiers/policy/generalize.h"
#include "classifiers/policy/user_agent.h"
#include "pipeline/json_writer.h"
#include "pipeline/review_feedback.h"

namespace scrubline {
namespace {

constexpr std::string_view kHeaderKind = "scrubline.kind";
constexpr std::string_view kHeaderSrcTopic = "scrubline.src.topic";
constexpr std::string_view kHeaderSrcPartition = "scrubline.src.partition";
constexpr std::string_view kHeaderSrcOffset = "scrubline.src.offset";
constexpr std::string_view kHeaderPolicyId = "scrubline.policy.id";
constexpr std::string_view kHeaderPolicySha = "scrubline.policy.sha256";
constexpr std::string_view kHeaderSchema = "scrubline.schema";
constexpr std::string_view kHeaderKeyId = "scrubline.key.id";
constexpr std::string_view kHeaderDetections = "scrubline.detections";
constexpr std::string_view kHeaderActions = "scrubline.actions";
constexpr std::string_view kHeaderErrorCode = "scrubline.error.code";
constexpr std::string_view kHeaderErrorReason = "scrubline.error.reason";
// Acceptable-use scoring (content records and alerts).
constexpr std::string_view kHeaderAupScore = "scrubline.aup.score";
constexpr std::string_view kHeaderAupCategory = "scrubline.aup.category";
constexpr std::string_view kHeaderAupReasons = "scrubline.aup.reasons";
constexpr std::string_view kHeaderAupKeyword = "scrubline.aup.keyword";
constexpr std::string_view kHeaderAupVersion = "scrubline.aup.version";
constexpr std::string_view kHeaderAupAlert = "scrubline.aup.alert";
// The shape of an alert's value (its own, not the policy's).
constexpr std::string_view kAlertSchema = "alert/1";

// "7.25": scores and weights in headers and alerts, two decimals.
void AppendFixed2(double v, std::string& out) {
  char buffer[32];
  const auto r = std::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::fixed, 2);
  out.append(buffer, r.ptr);
}

// Numbers with this many digits may be phone, card or account numbers: they
// are scanned as text (fail closed).
constexpr int kScanNumberDigits = 7;

using ActionCounts = std::array<unsigned, kActionCount>;

template <std::size_t N, typename NameFn>
std::array<unsigned char, N> SortedByName(NameFn name) {
  std::array<unsigned char, N> order{};
  for (std::size_t i = 0; i < N; ++i) order[i] = static_cast<unsigned char>(i);
  std::sort(order.begin(), order.end(), [&](unsigned char a, unsigned char b) {
    return name(a) < name(b);
  });
  return order;
}

const auto kEntityOrder = SortedByName<kEntityTypeCount>(
    [](unsigned char i) { return EntityTypeName(static_cast<EntityType>(i)); });
const auto kActionOrder = SortedByName<kActionCount>(
    [](unsigned char i) { return ActionName(static_cast<Action>(i)); });

void AppendInt(std::int64_t value, std::string& out) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  (void)ec;
  out.append(buf, static_cast<std::size_t>(end - buf));
}

// "EMAIL=1,PHONE=2": sorted by name, zero counts omitted, never values.
template <std::size_t N, typename Counts, typename Order, typename NameFn>
void AppendCounts(const Counts& counts, const Order& order, NameFn name, std::string& out) {
  bool first = true;
  for (std::size_t k = 0; k < N; ++k) {
    const unsigned i = order[k];
    if (counts[i] == 0) continue;
    if (!first) out += ',';
    first = false;
    out += name(i);
    out += '=';
    AppendInt(counts[i], out);
  }
}

int CountDigits(std::string_view s) {
  int n = 0;
  for (char c : s) n += (c >= '0' && c <= '9');
  return n;
}

bool IsPhoneShape(std::string_view v) {
  if (v.empty()) return false;
  for (char c : v) {
    if (!((c >= '0' && c <= '9') || c == '+' || c == ' ' || c == '(' || c == ')' || c == '-' ||
          c == '.' || c == '/'))
      return false;
  }
  const int digits = CountDigits(v);
  return digits >= 7 && digits <= 15;
}

bool IsEmailShape(std::string_view v) {
  const auto at = v.find('@');
  if (at == 0 || at == std::string_view::npos || at + 1 >= v.size()) return false;
  if (v.find_first_of(" \t\r\n", 0) != std::string_view::npos) return false;
  const auto dot = v.find('.', at + 2);
  return dot != std::string_view::npos && dot + 1 < v.size();
}

// The 6 bits of a base64url character (tokens are base64url).
std::uint64_t Base64UrlValue(char c) {
  if (c >= 'A' && c <= 'Z') return static_cast<std::uint64_t>(c - 'A');
  if (c >= 'a' && c <= 'z') return static_cast<std::uint64_t>(c - 'a' + 26);
  if (c >= '0' && c <= '9') return static_cast<std::uint64_t>(c - '0' + 52);
  return c == '-' ? 62 : 63;
}

// "whatsapp:+14155550100" -> prefix "whatsapp:"; the channel is metadata.
std::size_t ChannelPrefixLength(std::string_view v) {
  std::size_t i = 0;
  while (i < v.size() && i < 16 && v[i] >= 'a' && v[i] <= 'z') ++i;
  if (i >= 2 && i < v.size() && v[i] == ':') return i + 1;
  return 0;
}

}  // namespace

Output& OutputBatch::Add() {
  if (size_ == items_.size()) items_.emplace_back();
  Output& out = items_[size_++];
  out.has_key = false;
  out.key.clear();
  out.value.clear();
  out.value_is_json = true;
  out.ClearHeaders();
  return out;
}

void OutputBatch::ReleaseLargeBuffers(std::size_t keep_bytes) {
  for (Output& out : items_) {
    if (out.value.capacity() > keep_bytes) std::string().swap(out.value);
    if (out.key.capacity() > keep_bytes) std::string().swap(out.key);
  }
}

void Output::AddHeader(std::string_view name, std::string_view value) {
  if (header_count_ == headers_.size()) headers_.emplace_back();
  OutputHeader& h = headers_[header_count_++];
  h.name = name;
  h.value.assign(value);
}

const std::string* Output::FindHeader(std::string_view name) const {
  for (const OutputHeader& h : headers()) {
    if (h.name == name) return &h.value;
  }
  return nullptr;
}

void BuildDeadLetterAssociatedData(std::string_view topic, std::int32_t partition,
                                   std::int64_t offset, std::string& out) {
  out.clear();
  out += "scrubline.dead_letter";
  out += '\0';
  out += topic;
  out += '\0';
  AppendInt(partition, out);
  out += '\0';
  AppendInt(offset, out);
}

struct Transformer::Impl {
  std::shared_ptr<const CompiledPipeline> pipeline;
  Stats* stats = nullptr;
  Tokenizer tokenizer;  // the ring's active key
  // Key epochs: one tokenizer per key of the ring, and the one this record
  // uses (`tokenizer` unless its policy has key_epochs).
  std::vector<std::pair<std::string, Tokenizer>> key_tokenizers;
  Tokenizer* tok = &tokenizer;
  ValueCipher value_cipher;  // the `encrypt` action
  SivCipher dead_letter_cipher;
  // One per pipeline->classifiers(); a record uses its policy's.
  std::vector<std::unique_ptr<PiiClassifier::Scratch>> scratches;
  JsonDecoder decoder;
  JsonTree tree;
  std::vector<Finding> findings;
  std::string canonical;
  std::string token;
  std::string redacted;
  std::string url_decoded;  // a URL part percent-decoded for scanning
  std::string url_key;      // the decoded query key: the value's field hint
  const FieldRule* redact_rule = nullptr;  // the rule of the field being written
  bool unscanned = false;  // the last Redact's text was over the scan budget
  std::string associated_data;
  std::string record_key_token;
  std::string join_key_token;
  std::string text;  // header values under construction
  std::string key_token;  // a member name's token (keys: token)
  std::string shift_token;  // the MAC a shift_date offset comes from
  // Opt-outs (only when the pipeline loaded a table).
  std::optional<SubjectIdBuilder> subject_ids;
  SubjectDigest subject_digest{};
  const OptOutTable* opt_outs = nullptr;  // the pipeline's, or the caller's (UseOptOuts)
  bool cpni_restricted = false;  // this record: drop fields whose rule has cpni
  // Explain mode (Transformer::Explain): one decision per field, the path
  // being walked and the selector that decided the current subtree.
  std::vector<FieldDecision>* trace = nullptr;
  std::string trace_path;
  std::string trace_selector;
  OutputKind trace_output = OutputKind::kUsage;
  // Restores trace_path and trace_selector when a Walk step returns.
  struct TraceScope {
    explicit TraceScope(Impl* impl)
        : impl(impl),
          path_size(impl ? impl->trace_path.size() : 0),
          selector(impl ? impl->trace_selector : std::string()) {}
    ~TraceScope() {
      if (impl == nullptr) return;
      impl->trace_path.resize(path_size);
      impl->trace_selector = std::move(selector);
    }
    Impl* impl;
    std::size_t path_size;
    std::string selector;
  };
  PolicyRouter::Probe probe;  // what the binding's router saw of the record
  // Acceptable-use scoring (only when the pipeline loaded a detector): the
  // best verdict of the record's scored fields, and the one being computed.
  std::unique_ptr<AupDetector::Scratch> aup_scratch;
  AupVerdict aup_current;
  std::string aup_alert_id;
  ReviewFeedback feedback;  // a record of topics.feedback
  // Velocity: the scored fields' signatures, taken while Redact scans
  // them (their findings are at hand then), by index into aup().fields.
  BodySignatureBuilder signature_builder;
  struct SignatureTarget {
    std::string_view text;  // the field's value in the tree
    std::size_t field = 0;
  };
  std::vector<SignatureTarget> signature_targets;  // this record's scored fields
  std::vector<BodySignature> signatures;
  std::vector<bool> signature_taken;
  // Process's own velocity state (Classify + Conclude on one thread), when
  // the pipeline scores velocity.
  std::unique_ptr<VelocityTracker> own_velocity;
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  static constexpr std::size_t kNameRuleCacheSize = 4096;
  std::unordered_map<const Policy*,
                     std::unordered_map<std::string, const FieldRule*, NameHash, std::equal_to<>>>
      name_rule_cache;
  // Selector states of the node being walked at each depth (index 0: the
  // root); sized once for the decoder's depth limit, reused per record.
  std::vector<std::vector<FieldSelectors::State>> states_by_depth;
  // The nodes whose tokens were computed first (0: none, the root is never a field).
  std::uint32_t record_key_node = 0;
  std::uint32_t join_key_node = 0;

  // Per-record state.
  const InputRecord* in = nullptr;
  const PolicyContext* policy = nullptr;
  EntityCounts usage_detections{};
  EntityCounts content_detections{};
  ActionCounts usage_actions{};
  ActionCounts content_actions{};

  Impl(std::shared_ptr<const CompiledPipeline> p, Stats* s, Tokenizer t, ValueCipher v,
       SivCipher c, std::vector<std::unique_ptr<PiiClassifier::Scratch>> sc)
      : pipeline(std::move(p)),
        stats(s),
        tokenizer(std::move(t)),
        value_cipher(std::move(v)),
        dead_letter_cipher(std::move(c)),
        scratches(std::move(sc)),
        decoder(pipeline->limits()),
        states_by_depth(static_cast<std::size_t>(pipeline->limits().max_depth) + 2) {}

  // Replaces each finding in `text` by its tag, into `redacted`; counts them
  // (already-masked values separately: they are redacted but are not fresh
  // detections). A text over the classifier's scan budget becomes
  // kUnscannedValue as a whole: its value is dropped, never passed on.
  Status Redact(std::string_view text, std::string_view field_name, EntityCounts& counts) {
    const Status status = policy->classifier->Classify(
        text, FieldHint{field_name}, *scratches[policy->classifier_index], findings);
    redacted.clear();
    unscanned = IsOverBudget(status);
    if (unscanned) {
      findings.clear();
      redacted = kUnscannedValue;
      if (stats) Stats::Add(stats->fields_over_budget);
      return Status::Ok();
    }
    SCRUBLINE_RETURN_IF_ERROR(status);
    std::size_t at = 0;
    for (const Finding& f : findings) {
      if (f.begin < at || f.end > text.size() || f.begin >= f.end) {
        return InternalError("classifier returned an invalid span");
      }
      redacted.append(text.data() + at, f.begin - at);
      if (!f.masked && redact_rule != nullptr &&
          redact_rule->token_types.test(static_cast<std::size_t>(f.type))) {
        // The finding's token, as the `token` action writes it for the value.
        Canonicalize(f.type, text.substr(f.begin, f.end - f.begin),
                     policy->policy->default_calling_code(), canonical);
        SCRUBLINE_RETURN_IF_ERROR(tok->AppendToken(EntityTypeName(f.type), canonical, redacted));
      } else {
        redacted += EntityTypeTag(f.type);
      }
      if (f.masked) {
        if (stats) Stats::Add(stats->masked_values);
      } else {
        ++counts[static_cast<std::size_t>(f.type)];
      }
      at = f.end;
    }
    redacted.append(text.data() + at, text.size() - at);
    for (const SignatureTarget& target : signature_targets) {
      if (target.text.data() == text.data() && !signature_taken[target.field]) {
        signatures[target.field] = SignatureOf(text);
        signature_taken[target.field] = true;
      }
    }
    return Status::Ok();
  }

  // The velocity signature of `text` rendered with the tags of `findings`
  // (its own, just classified): never a token or a value.
  BodySignature SignatureOf(std::string_view text) {
    signature_builder.Reset();
    std::size_t at = 0;
    for (const Finding& f : findings) {
      signature_builder.AddText(text.substr(at, f.begin - at));
      signature_builder.AddTag(f.type);
      at = f.end;
    }
    signature_builder.AddText(text.substr(at));
    return signature_builder.Finish();
  }

  // The generalised form of a scalar into `token`; false when the rule's
  // method cannot read the value (the caller then redacts it).
  bool Generalized(const JsonNode& node, const FieldRule& rule, EntityCounts& counts) {
    token.clear();
    const bool scalar = node.kind == JsonKind::kString || node.kind == JsonKind::kNumber;
    if (!scalar) return false;
    switch (rule.method) {
      case GeneralizeMethod::kIpPrefix:
        return node.kind == JsonKind::kString &&
               AppendIpPrefix(node.text, rule.ipv4_bits, rule.ipv6_bits, token);
      case GeneralizeMethod::kTimeBucket:
        return AppendTimeBucket(node.text, rule.time_unit, token);
      case GeneralizeMethod::kRound:
        return AppendRounded(node.text, rule.decimals, token);
      case GeneralizeMethod::kTruncate:
        if (node.kind != JsonKind::kString) return false;
        AppendTruncated(node.text, rule.keep, token);
        return true;
      case GeneralizeMethod::kPhoneCountry:
        return AppendPhoneCountry(node.text, policy->policy->default_calling_code(), canonical,
                                  token);
      case GeneralizeMethod::kUrl:
        return node.kind == JsonKind::kString && GeneralizedUrl(node.text, counts);
      case GeneralizeMethod::kUserAgent:
        if (node.kind != JsonKind::kString) return false;
        AppendUserAgentFamily(node.text, token);  // "Chrome/Windows": no versions
        return true;
    }
    return false;
  }

  // "scheme://host[:port]" + path + "?" + query into `token`, with the path
  // and every query key and value percent-decoded and scanned (findings
  // become tags); userinfo and fragment dropped. False when `url` is no
  // absolute URL or a scan fails (the caller then redacts the whole value).
  bool GeneralizedUrl(std::string_view url, EntityCounts& counts) {
    UrlParts parts;
    if (!SplitUrl(url, parts)) return false;
    token.append(parts.scheme).append("://").append(parts.authority);
    const auto scanned = [&](std::string_view text, bool query, std::string_view field) {
      url_decoded.clear();
      AppendPercentDecoded(text, query, url_decoded);
      if (!Redact(url_decoded, field, counts).ok()) return false;
      token += redacted;
      return true;
    };
    if (!parts.path.empty() && !scanned(parts.path, false, {})) return false;
    if (parts.query.empty()) return true;
    token += '?';
    std::string_view query = parts.query;
    for (bool first = true; ; first = false) {
      const std::size_t amp = query.find('&');
      const std::string_view pair = query.substr(0, amp);
      if (!first) token += '&';
      const std::size_t eq = pair.find('=');
      const std::string_view key = pair.substr(0, eq);
      if (!scanned(key, true, {})) return false;
      if (eq != std::string_view::npos) {
        token += '=';
        // The decoded key is the value's field hint ("email=", "phone=").
        url_key.assign(url_decoded);
        if (!scanned(pair.substr(eq + 1), true, url_key)) return false;
      }
      if (amp == std::string_view::npos) break;
      query.remove_prefix(amp + 1);
    }
    return true;
  }

  // Writes the subtree at `i` with every string (and long number) redacted and
  // object keys scanned. `write_key` is false for array items and the caller-written key.
  // `changed_keys` counts the member names already changed by a scan in
  // the enclosing object (null for array items and keys written by the caller).
  Status WriteRedacted(std::uint32_t i, JsonWriter& w, EntityCounts& counts,
                       unsigned* changed_keys) {
    const JsonNode& node = tree.nodes[i];
    if (changed_keys != nullptr) {
      // Member names below the field: as its rule's `keys` says.
      const KeyAction keys = redact_rule != nullptr ? redact_rule->keys : KeyAction::kRedact;
      SCRUBLINE_RETURN_IF_ERROR(WriteKey(node, false, keys, w, counts, *changed_keys));
    }
    switch (node.kind) {
      case JsonKind::kString:
        SCRUBLINE_RETURN_IF_ERROR(Redact(node.text, node.key, counts));
        w.String(redacted);
        return Status::Ok();
      case JsonKind::kNumber:
        if (CountDigits(node.text) >= kScanNumberDigits) {
          SCRUBLINE_RETURN_IF_ERROR(Redact(node.text, node.key, counts));
          if (!findings.empty() || unscanned) {
            w.String(redacted);
            return Status::Ok();
          }
        }
        w.Raw(node.text);
        return Status::Ok();
      case JsonKind::kBool:
      case JsonKind::kNull:
        w.Raw(node.text);
        return Status::Ok();
      case JsonKind::kObject:
      case JsonKind::kArray: {
        const bool object = node.kind == JsonKind::kObject;
        object ? w.BeginObject() : w.BeginArray();
        unsigned changed = 0;
        for (std::uint32_t c = JsonTree::FirstChild(i); c < node.end; c = tree.NextSibling(c)) {
          SCRUBLINE_RETURN_IF_ERROR(WriteRedacted(c, w, counts, object ? &changed : nullptr));
        }
        object ? w.EndObject() : w.EndArray();
        return Status::Ok();
      }
    }
    return InternalError("unknown JSON node kind");
  }

  // The token of `value` into `out` (cleared). With `token_auto` the type is
  // read from the value's shape (PHONE, EMAIL, else SENDER_ID) and a channel
  // prefix ("whatsapp:") stays in clear. False if tokenising failed.
  bool TokenForText(std::string_view value, bool token_auto, EntityType type, std::string& out) {
    out.clear();
    if (token_auto) {
      const std::size_t prefix = ChannelPrefixLength(value);
      std::string_view rest = value.substr(prefix);
      if (IsPhoneShape(rest)) {
        type = EntityType::kPhone;
      } else if (IsEmailShape(rest)) {
        type = EntityType::kEmail;
      } else {
        type = EntityType::kSenderId;
        rest = value;
      }
      if (rest.data() != value.data()) out.append(value.data(), prefix);
      value = rest;
    }
    Canonicalize(type, value, policy->policy->default_calling_code(), canonical);
    return tok->AppendToken(EntityTypeName(type), canonical, out).ok();
  }

  // The token of a scalar field into `out`. False if the node is not a
  // string or number (the caller falls back to redaction).
  bool TokenFor(const JsonNode& node, const FieldRule& rule, std::string& out) {
    if (node.kind != JsonKind::kString && node.kind != JsonKind::kNumber) return false;
    return TokenForText(node.text, rule.token_auto, rule.token_type, out);
  }

  // A member's name: as written when a selector named it (or the rule keeps
  // names), else scanned or tokenised as the rule's `keys` says.
  // Two names of one object that a scan turned into the same text
  // ("+14155550100" and "+14155550101" both "[PHONE]") would make a
  // duplicate member that most readers silently collapse: the second and
  // later changed names get "#2", "#3", … (`changed_keys` counts them).
  Status WriteKey(const JsonNode& node, bool named, KeyAction keys, JsonWriter& w,
                  EntityCounts& counts, unsigned& changed_keys) {
    if (named || keys == KeyAction::kKeep) {
      w.Key(node.key);
      return Status::Ok();
    }
    if (keys == KeyAction::kToken) {
      if (!TokenForText(node.key, true, EntityType::kSenderId, key_token)) {
        return InternalError("tokenising a member name failed");
      }
      w.Key(key_token);
      return Status::Ok();
    }
    SCRUBLINE_RETURN_IF_ERROR(Redact(node.key, {}, counts));
    if ((!findings.empty() || unscanned) && ++changed_keys > 1) {
      redacted += '#';
      AppendInt(changed_keys, redacted);
    }
    w.Key(redacted);
    return Status::Ok();
  }

  // The tokenizer of the key epoch the record's event time falls in: the
  // newest epoch starting at or before it; a time before every epoch gets
  // the oldest, a missing or unreadable time the newest (the current window).
  Tokenizer* TokenizerForRecord() {
    const Policy& p = *policy->policy;
    if (p.key_epochs().empty()) return &tokenizer;
    const KeyEpoch* chosen = &p.key_epochs().front();
    const std::uint32_t root_end = tree.root().end;
    for (std::uint32_t c = 1; c < root_end; c = tree.NextSibling(c)) {
      const JsonNode& node = tree.nodes[c];
      if (node.key != p.key_epoch_field()) continue;
      std::int64_t t = 0;
      if ((node.kind == JsonKind::kString || node.kind == JsonKind::kNumber) &&
          ParseTimeSeconds(node.text, t)) {
        chosen = &p.key_epochs().back();
        for (const KeyEpoch& epoch : p.key_epochs()) {  // newest first
          if (epoch.from <= t) {
            chosen = &epoch;
            break;
          }
        }
      }
      break;
    }
    for (auto& [id, t] : key_tokenizers) {
      if (id == chosen->key_id) return &t;
    }
    return &tokenizer;  // unreachable: the pipeline checked every epoch key is in the ring
  }

  // The keyed date offset of the record's subject for a shift_date rule:
  // 1..max days, earlier or later, from the HMAC of the subject's canonical
  // value under the token key in its own domain ("SHIFT_DATE"), so nobody
  // can compute it from tokens in the output. False if the record has no
  // such top-level string or number.
  bool ShiftDaysFor(const FieldRule& rule, int& days) {
    const std::uint32_t root_end = tree.root().end;
    for (std::uint32_t c = 1; c < root_end; c = tree.NextSibling(c)) {
      const JsonNode& node = tree.nodes[c];
      if (node.key != rule.shift_subject) continue;
      if (node.kind != JsonKind::kString && node.kind != JsonKind::kNumber) return false;
      std::string_view value = node.text;
      value.remove_prefix(ChannelPrefixLength(value));
      const EntityType type = IsPhoneShape(value)   ? EntityType::kPhone
                              : IsEmailShape(value) ? EntityType::kEmail
                                                    : EntityType::kSenderId;
      Canonicalize(type, value, policy->policy->default_calling_code(), canonical);
      shift_token.clear();
      if (!tok->AppendToken("SHIFT_DATE", canonical, shift_token).ok()) return false;
      // The token ends in 22 base64url characters of the MAC: 8 of them
      // are 48 uniformly random bits.
      if (shift_token.size() < 22) return false;
      std::uint64_t bits = 0;
      for (char ch : std::string_view(shift_token).substr(shift_token.size() - 22, 8)) {
        bits = (bits << 6) | Base64UrlValue(ch);
      }
      const auto span = static_cast<std::uint64_t>(rule.max_shift_days);
      const auto pick = static_cast<int>(bits % (2 * span));  // 0 .. 2*max-1
      days = pick < rule.max_shift_days ? pick - rule.max_shift_days : pick - rule.max_shift_days + 1;
      return true;
    }
    return false;
  }

  // The policy's name rule for member name `key` (null: none), cached per
  // policy and name: records repeat their names, and a vocabulary lookup
  // costs ~1 µs. The cache is cleared when it grows past a bound, so random
  // names cannot grow memory.
  const FieldRule* NameRuleFor(const Policy& p, std::string_view key) {
    auto& cache = name_rule_cache[&p];
    if (auto it = cache.find(key); it != cache.end()) return it->second;
    if (cache.size() >= kNameRuleCacheSize) cache.clear();
    const FieldRule* rule = p.NameRuleFor(key);
    cache.emplace(std::string(key), rule);
    return rule;
  }

  // Writes node `i` (a member when `write_key`, else an array item) under
  // the rule its selector states choose, or `inherited` when none matches.
  // A container below which some selector continues is walked member by
  // member; anything else gets its rule as a whole (ApplyRule).
  Status Walk(std::uint32_t i, std::size_t depth, const FieldRule& inherited,
              unsigned* changed_keys, JsonWriter& w, EntityCounts& counts,
              ActionCounts& actions) {
    const FieldSelectors& selectors = policy->policy->selectors();
    const std::span<const FieldSelectors::State> states(states_by_depth[depth]);
    const FieldSelectors::Match match = selectors.Best(states);
    const Policy& p = *policy->policy;
    const JsonNode& node = tree.nodes[i];
    const FieldRule* chosen =
        match.rule < 0 ? &inherited : &p.rules()[static_cast<std::size_t>(match.rule)];
    // Schemaless territory (no selector covers the node or anything above
    // it): the policy's field-name rules may recognise the member's name.
    const bool unclaimed = chosen == &p.other_fields() && !p.name_rules().empty();
    if (unclaimed && changed_keys != nullptr) {
      if (const FieldRule* by_name = NameRuleFor(p, node.key)) chosen = by_name;
    }
    const FieldRule& rule = *chosen;
    // A name the policy wrote (as a selector's last segment, or on the way
    // to deeper selectors) is no data: it is written as is.
    const bool named = match.rule >= 0 ? match.named : selectors.ReachedByName(states);
    // Explaining: where we are and which selector decided, restored on return.
    TraceScope scope(trace != nullptr ? this : nullptr);
    if (trace != nullptr) {
      if (changed_keys == nullptr) {
        trace_path += "[*]";
      } else {
        // A member name the policy did not write may be data: shown as
        // the output shows it (scanned, or "*" when tokenised or dropped).
        trace_path += '.';
        if (named || rule.keys == KeyAction::kKeep) {
          trace_path += node.key;
        } else if (rule.keys == KeyAction::kRedact) {
          EntityCounts ignored{};
          if (!Redact(node.key, {}, ignored).ok()) redacted = "*";
          trace_path += redacted;
        } else {
          trace_path += '*';
        }
      }
      if (match.rule >= 0) {
        trace_selector = selectors.entries()[static_cast<std::size_t>(match.rule)].text;
      } else if (chosen != &inherited) {
        for (std::size_t n = 0; n < p.name_rules().size(); ++n) {
          if (&p.name_rules()[n].rule == chosen) trace_selector = "names[" + std::to_string(n) + "]";
        }
      }
    }
    const bool object = node.kind == JsonKind::kObject;
    if (cpni_restricted && rule.cpni) {  // the whole subtree goes, whatever is below
      return ApplyRule(i, rule, named, changed_keys, w, counts, actions);
    }
    const bool descend = selectors.HasDescendants(states) || (unclaimed && &rule == &p.other_fields());
    if (!(object || node.kind == JsonKind::kArray) || !descend) {
      return ApplyRule(i, rule, named, changed_keys, w, counts, actions);
    }
    if (depth + 1 >= states_by_depth.size()) return InternalError("record nested too deeply");
    redact_rule = &rule;
    if (changed_keys != nullptr) {
      SCRUBLINE_RETURN_IF_ERROR(WriteKey(node, named, rule.keys, w, counts, *changed_keys));
    }
    object ? w.BeginObject() : w.BeginArray();
    unsigned changed = 0;
    for (std::uint32_t c = JsonTree::FirstChild(i); c < node.end; c = tree.NextSibling(c)) {
      auto& next = states_by_depth[depth + 1];
      next.clear();
      if (object) {
        selectors.StepMember(states, tree.nodes[c].key, next);
      } else {
        selectors.StepItem(states, next);
      }
      SCRUBLINE_RETURN_IF_ERROR(
          Walk(c, depth + 1, rule, object ? &changed : nullptr, w, counts, actions));
    }
    object ? w.EndObject() : w.EndArray();
    return Status::Ok();
  }

  // Writes node `i` (and its key when `write_key`) as `rule` says. An action
  // that cannot read the value (a token of an object, an IP prefix of a
  // word) falls back to redaction: fail closed, never keep.
  Status ApplyRule(std::uint32_t c, const FieldRule& rule, bool named, unsigned* changed_keys,
                   JsonWriter& w, EntityCounts& detections, ActionCounts& actions) {
    const JsonNode& node = tree.nodes[c];
    redact_rule = &rule;  // its token_types apply to every scan of this field
    Action done = rule.action;
    const EntityCounts before = trace != nullptr ? detections : EntityCounts{};
    const std::size_t written_before = w.out().size();  // explain: what this field wrote
    if (cpni_restricted && rule.cpni) {
      // The subject restricted CPNI: this field (and what derives from it) is dropped.
      ++actions[static_cast<std::size_t>(Action::kDrop)];
      if (trace != nullptr) {
        FieldDecision& d = trace->emplace_back();
        d.path = trace_path;
        d.selector = trace_selector + " (cpni_restrict)";
        d.output = trace_output;
        d.action = Action::kDrop;
      }
      redact_rule = nullptr;
      return Status::Ok();
    }
    if (rule.action != Action::kDrop && changed_keys != nullptr) {
      SCRUBLINE_RETURN_IF_ERROR(WriteKey(node, named, rule.keys, w, detections, *changed_keys));
    }
    switch (rule.action) {
      case Action::kDrop:
        break;
      case Action::kKeep:
        WriteTree(tree, c, w);
        break;
      case Action::kToken:
        if ((c == record_key_node || c == join_key_node) && changed_keys != nullptr) {
          // The field's own token, computed first (not a derived member's).
          w.String(c == record_key_node ? record_key_token : join_key_token);
        } else if (TokenFor(node, rule, token)) {
          w.String(token);
        } else {
          done = Action::kRedact;
          SCRUBLINE_RETURN_IF_ERROR(WriteRedacted(c, w, detections, nullptr));
        }
        break;
      case Action::kGeneralize:
        if (Generalized(node, rule, detections)) {
          // A number stays a number (an epoch time, a coordinate).
          if (node.kind == JsonKind::kNumber && rule.method != GeneralizeMethod::kPhoneCountry) {
            w.Raw(token);
          } else {
            w.String(token);
          }
        } else {
          done = Action::kRedact;
          SCRUBLINE_RETURN_IF_ERROR(WriteRedacted(c, w, detections, nullptr));
        }
        break;
      case Action::kMask:
        if (node.kind == JsonKind::kString || node.kind == JsonKind::kNumber) {
          token.clear();
          AppendMasked(node.text, rule.keep_last, token);
          w.String(token);
          break;
        }
        done = Action::kRedact;  // an object or array: its parts are unknown
        SCRUBLINE_RETURN_IF_ERROR(WriteRedacted(c, w, detections, nullptr));
        break;
      case Action::kEncrypt:
        // A scalar becomes its ciphertext (a number or boolean by its JSON
        // text, so it comes back as written); an object or array is
        // redacted instead: encrypting a whole subtree would hide what the
        // policy could not see into.
        if (node.kind != JsonKind::kObject && node.kind != JsonKind::kArray) {
          token.clear();
          // Under the record's key (its key epoch, else the active key), so
          // destroying an old epoch's key shreds its ciphertexts too.
          SCRUBLINE_RETURN_IF_ERROR(value_cipher.Encrypt(node.text, token, tok->key_id()));
          w.String(token);
          break;
        }
        done = Action::kRedact;
        SCRUBLINE_RETURN_IF_ERROR(WriteRedacted(c, w, detections, nullptr));
        break;
      case Action::kRedact:
        SCRUBLINE_RETURN_IF_ERROR(WriteRedacted(c, w, detections, nullptr));
        break;
      case Action::kShiftDate: {
        // Fail closed: no subject, or not a time, and the value is
        // withheld (null) — redaction would keep a date, which is the
        // quasi-identifier this action exists to hide.
        int days = 0;
        token.clear();
        const bool scalar = node.kind == JsonKind::kString || node.kind == JsonKind::kNumber;
        if (scalar && ShiftDaysFor(rule, days) && AppendShiftedTime(node.text, days, token)) {
          node.kind == JsonKind::kNumber ? w.Raw(token) : w.String(token);
        } else {
          done = Action::kDrop;
          w.Null();
        }
        break;
      }
    }
    ++actions[static_cast<std::size_t>(done)];
    redact_rule = nullptr;
    if (trace != nullptr) {
      FieldDecision& d = trace->emplace_back();
      d.path = trace_path;
      d.selector = trace_selector;
      d.output = trace_output;
      d.action = done;
      for (std::size_t t = 0; t < kEntityTypeCount; ++t) d.detections[t] = detections[t] - before[t];
      d.written_hash = std::hash<std::string_view>{}(
          std::string_view(w.out()).substr(written_before));
    }
    if (changed_keys != nullptr) {
      for (const DerivedField& extra : rule.also) {
        TraceScope scope(trace != nullptr ? this : nullptr);
        if (trace != nullptr) {
          trace_path.resize(trace_path.rfind('.') + 1);
          trace_path += extra.name;
          trace_selector += " (also)";
        }
        w.Key(extra.name);
        // Named key, value shaped by the derived rule (never a key of its own).
        SCRUBLINE_RETURN_IF_ERROR(ApplyRule(c, *extra.rule, true, nullptr, w, detections, actions));
      }
    }
    return Status::Ok();
  }

  void AddCommonHeaders(Output& out, OutputKind kind) {
    out.kind = kind;
    out.AddHeader(kHeaderKind, OutputKindName(kind));
    out.AddHeader(kHeaderSrcTopic, in->topic);
    text.clear();
    AppendInt(in->partition, text);
    out.AddHeader(kHeaderSrcPartition, text);
    text.clear();
    AppendInt(in->offset, text);
    out.AddHeader(kHeaderSrcOffset, text);
    out.AddHeader(kHeaderPolicyId, policy->versioned_id);
    out.AddHeader(kHeaderPolicySha, policy->sha256);
    out.AddHeader(kHeaderKeyId, tok->key_id());
  }

  void AddCountHeaders(Output& out, const EntityCounts& detections, const ActionCounts& actions) {
    text.clear();
    AppendCounts<kEntityTypeCount>(detections, kEntityOrder, [](unsigned i) {
      return EntityTypeName(static_cast<EntityType>(i));
    }, text);
    out.AddHeader(kHeaderDetections, text);
    text.clear();
    AppendCounts<kActionCount>(actions, kActionOrder, [](unsigned i) {
      return ActionName(static_cast<Action>(i));
    }, text);
    out.AddHeader(kHeaderActions, text);
  }

  // Builds the usage and content records. On error nothing is published.
  Status TransformRecord(Output& usage, Output& content, PendingVerdict& pending) {
    const Policy& p = *policy->policy;
    PrepareSignatures();
    usage_detections = {};
    content_detections = {};
    usage_actions = {};
    content_actions = {};
    record_key_token.clear();
    join_key_token.clear();
    bool has_record_key = false;
    bool has_join_key = false;
    record_key_node = 0;
    join_key_node = 0;

    // Keys first: the content record leads with the join key's token. The
    // main pass reuses these tokens instead of computing them again.
    const std::uint32_t root_end = tree.root().end;
    for (std::uint32_t c = 1; c < root_end; c = tree.NextSibling(c)) {
      const JsonNode& node = tree.nodes[c];
      if (!has_record_key && !p.record_key_field().empty() && node.key == p.record_key_field()) {
        has_record_key = TokenFor(node, *p.record_key_rule(), record_key_token);
        if (has_record_key) record_key_node = c;
      }
      if (!has_join_key && !p.join_key_field().empty() && node.key == p.join_key_field()) {
        has_join_key = TokenFor(node, *p.join_key_rule(), join_key_token);
        if (has_join_key) join_key_node = c;
      }
    }

    redact_rule = nullptr;
    JsonWriter uw(usage.value);
    JsonWriter cw(content.value);
    uw.BeginObject();
    cw.BeginObject();
    if (has_join_key) {
      cw.Key(p.join_key_field());
      cw.String(join_key_token);
    }
    const FieldSelectors& selectors = p.selectors();
    states_by_depth[0].assign(1, FieldSelectors::kRoot);
    unsigned usage_changed_keys = 0;
    unsigned content_changed_keys = 0;
    for (std::uint32_t c = 1; c < root_end; c = tree.NextSibling(c)) {
      auto& states = states_by_depth[1];
      states.clear();
      selectors.StepMember(states_by_depth[0], tree.nodes[c].key, states);
      // The top-level rule routes the field (and all below it) to a record.
      const FieldSelectors::Match match = selectors.Best(states);
      const FieldRule& top =
          match.rule < 0 ? p.other_fields() : p.rules()[static_cast<std::size_t>(match.rule)];
      const bool to_content = top.output == OutputKind::kContent;
      if (trace != nullptr) {
        trace_output = top.output;
        trace_path = "$";
        trace_selector = "other_fields";
      }
      SCRUBLINE_RETURN_IF_ERROR(Walk(c, 1, p.other_fields(),
                                     to_content ? &content_changed_keys : &usage_changed_keys,
                                     to_content ? cw : uw,
                                     to_content ? content_detections : usage_detections,
                                     to_content ? content_actions : usage_actions));
    }
    uw.EndObject();
    cw.EndObject();

    for (Output* out : {&usage, &content}) {
      out->topic = out == &usage ? std::string_view(pipeline->topics().usage)
                                 : std::string_view(pipeline->topics().content);
      out->has_key = has_record_key;
      if (has_record_key) out->key = record_key_token;
    }
    AddCommonHeaders(usage, OutputKind::kUsage);
    AddCountHeaders(usage, usage_detections, usage_actions);
    AddCommonHeaders(content, OutputKind::kContent);
    AddCountHeaders(content, content_detections, content_actions);
    // After the skeleton's pinned headers: the version of the records'
    // shape (dead letters carry the input, not a shaped record).
    usage.AddHeader(kHeaderSchema, policy->policy->schema());
    content.AddHeader(kHeaderSchema, policy->policy->schema());
    return ScoreContent(pending);
  }

  // The scored fields whose signature Redact should take: only when the
  // policy scores velocity and the pipeline's catalog weighs it.
  void PrepareSignatures() {
    signature_targets.clear();
    const AupDetector* detector = pipeline->aup();
    const AupSettings& settings = policy->policy->aup();
    if (detector == nullptr || settings.velocity_sender.empty() ||
        !detector->catalog().scoring.velocity_on()) {
      return;
    }
    signatures.resize(settings.fields.size());
    signature_taken.assign(settings.fields.size(), false);
    const std::uint32_t root_end = tree.root().end;
    for (std::uint32_t c = 1; c < root_end; c = tree.NextSibling(c)) {
      const JsonNode& node = tree.nodes[c];
      if (node.kind != JsonKind::kString) continue;
      auto field = std::find(settings.fields.begin(), settings.fields.end(), node.key);
      if (field == settings.fields.end()) continue;
      signature_targets.push_back({node.text, static_cast<std::size_t>(field - settings.fields.begin())});
    }
  }

  // Acceptable-use scoring of the policy's `aup:` fields, on their original
  // text in memory (nothing read here is written out): the best verdict,
  // and what the velocity signal reads, are left in `pending` for Conclude.
  Status ScoreContent(PendingVerdict& pending) {
    const AupDetector* detector = pipeline->aup();
    const AupSettings& settings = policy->policy->aup();
    if (detector == nullptr || settings.fields.empty()) return Status::Ok();
    pending.settings = &settings;
    bool scored = false;
    std::size_t best_field = 0;
    const JsonNode* sender = nullptr;
    const JsonNode* recipient = nullptr;
    const JsonNode* time = nullptr;
    const std::uint32_t root_end = tree.root().end;
    for (std::uint32_t c = 1; c < root_end; c = tree.NextSibling(c)) {
      const JsonNode& node = tree.nodes[c];
      const bool scalar = node.kind == JsonKind::kString || node.kind == JsonKind::kNumber;
      if (scalar && !settings.velocity_sender.empty()) {
        if (sender == nullptr && node.key == settings.velocity_sender) sender = &node;
        if (recipient == nullptr && node.key == settings.velocity_recipient) recipient = &node;
        if (time == nullptr && node.key == settings.velocity_time) time = &node;
      }
      if (node.kind != JsonKind::kString) continue;
      auto field = std::find(settings.fields.begin(), settings.fields.end(), node.key);
      if (field == settings.fields.end()) continue;
      SCRUBLINE_RETURN_IF_ERROR(detector->Evaluate(node.text, *aup_scratch, aup_current));
      if (!scored || aup_current.score > pending.verdict.score) {
        std::swap(pending.verdict, aup_current);  // keeps both reason buffers
        pending.field = *field;
        best_field = static_cast<std::size_t>(field - settings.fields.begin());
      }
      scored = true;
    }
    pending.scored = scored;
    if (!scored || signature_targets.empty() || pending.verdict.keyword != MessageKeyword::kNone) {
      return Status::Ok();
    }
    // Velocity: a sender, a recipient, a time and the body's signature.
    if (sender == nullptr || recipient == nullptr) return Status::Ok();
    std::int64_t seconds = 0;
    if (time == nullptr || !ParseTimeSeconds(time->text, seconds)) {
      if (in->timestamp_ms < 0) {
        if (stats) Stats::Add(stats->aup_velocity_untimed);
        return Status::Ok();
      }
      seconds = in->timestamp_ms / 1000;
    }
    if (!signature_taken[best_field]) {
      // The field was not scanned for the output (kept, dropped or
      // tokenised by the policy): scan it now for its tags. Over the scan
      // budget, it has no signature (its tags are unknown).
      std::string_view text;
      for (const SignatureTarget& target : signature_targets) {
        if (target.field == best_field) text = target.text;
      }
      const Status status = policy->classifier->Classify(
          text, FieldHint{pending.field}, *scratches[policy->classifier_index], findings);
      if (IsOverBudget(status)) return Status::Ok();
      SCRUBLINE_RETURN_IF_ERROR(status);
      signatures[best_field] = SignatureOf(text);
    }
    if (in->has_key && in->key != sender->text && stats) Stats::Add(stats->aup_velocity_key_mismatch);
    pending.velocity = true;
    pending.sender = Fnv1a64(sender->text);
    pending.recipient = Fnv1a64(recipient->text);
    pending.time_seconds = seconds;
    pending.signature = signatures[best_field];
    return Status::Ok();
  }

  // The serial half of a record (Transformer::Conclude): the velocity
  // signal, then the verdict's headers on the content record and, at the
  // threshold, the alert. Reads only `input` and `batch`.
  void Conclude(const InputRecord& input, OutputBatch& batch, VelocityTracker* velocity) {
    PendingVerdict& pending = batch.pending;
    if (!pending.scored || batch.size() < 2) return;
    const AupDetector& detector = *pipeline->aup();
    AupVerdict& verdict = pending.verdict;
    if (pending.velocity && velocity != nullptr) {
      const VelocityObservation seen = velocity->Observe(input.topic, input.partition, pending.sender,
                                                         pending.recipient, pending.time_seconds,
                                                         pending.signature);
      if (seen.fired) {
        detector.AddVelocity(seen.recipients, verdict);
        if (stats) Stats::Add(stats->aup_velocity_signals);
      }
    }
    Output& content = batch[1];
    const AupSettings& settings = *pending.settings;
    const AupCategory category = verdict.category;
    const double per = settings.thresholds[static_cast<std::size_t>(category)];
    const double threshold = per > 0 ? per
                             : settings.threshold > 0 ? settings.threshold
                                                      : detector.catalog().scoring.ThresholdFor(category);
    if (verdict.keyword != MessageKeyword::kNone) {
      content.AddHeader(kHeaderAupKeyword, MessageKeywordName(verdict.keyword));
      if (stats) Stats::Add(stats->aup_keywords[static_cast<std::size_t>(verdict.keyword)]);
    } else if (stats) {
      Stats::Add(stats->aup_scored);
    }
    text.clear();
    AppendFixed2(verdict.score, text);
    content.AddHeader(kHeaderAupScore, text);
    content.AddHeader(kHeaderAupCategory, AupCategoryName(category));
    text.clear();
    for (const AupContribution& r : verdict.reasons) {
      if (!text.empty()) text += ',';
      text += detector.ReasonId(r);
      text += '=';
      AppendFixed2(r.weight, text);
    }
    content.AddHeader(kHeaderAupReasons, text);
    text.assign(detector.ruleset_version());
    text += '/';
    text += detector.model_version();
    content.AddHeader(kHeaderAupVersion, text);
    if (verdict.keyword != MessageKeyword::kNone || verdict.score < threshold) return;
    // An opaque id that links the reviewer's verdict back to this input:
    // 128 bits mixed from the input's coordinates, nothing of its content,
    // written as letters only (a-p per 4 bits) so that it can neither be
    // read as a number nor contain one. No allocation.
    text.assign(input.topic);
    text += '\0';
    AppendInt(input.partition, text);
    text += '\0';
    AppendInt(input.offset, text);
    aup_alert_id.assign("al_");
    for (std::uint64_t seed : {0x9e3779b97f4a7c15ull, 0xc2b2ae3d27d4eb4full}) {
      const std::uint64_t h = SplitMix64(Fnv1a64(text, kFnv64Offset ^ seed));
      for (int i = 0; i < 16; ++i) aup_alert_id += static_cast<char>('a' + (h >> (4 * i) & 0xF));
    }
    content.AddHeader(kHeaderAupAlert, aup_alert_id);
    batch.Add();  // may grow the batch: index after the Add
    BuildAlert(pending, threshold, batch[0], batch[1], batch[2]);
    if (stats) {
      Stats::Add(stats->aup_alerts[static_cast<std::size_t>(category)]);
      Stats::Add(stats->records_out[static_cast<std::size_t>(OutputKind::kAlert)]);
      Stats::Add(stats->bytes_out, batch[2].value.size());
    }
  }

  // The alert for a record whose verdict reached its threshold: the
  // verdict with its reasons (catalog ids and weights, never text), the
  // rule-set and model versions, and the record's own usage and content
  // values, already de-identified (tokens for identifiers, the redacted
  // body with URL hosts kept), so a reviewer can judge it.
  void BuildAlert(const PendingVerdict& pending, double threshold, const Output& usage,
                  const Output& content, Output& alert) {
    const AupVerdict& verdict = pending.verdict;
    const AupDetector& detector = *pipeline->aup();
    alert.topic = pipeline->topics().alerts;
    alert.has_key = usage.has_key;
    if (usage.has_key) alert.key = usage.key;
    alert.value.clear();
    JsonWriter w(alert.value);
    w.BeginObject();
    w.Key("alert");
    w.String(aup_alert_id);
    w.Key("category");
    w.String(AupCategoryName(verdict.category));
    text.clear();
    AppendFixed2(verdict.score, text);
    w.Key("score");
    w.Raw(text);
    text.clear();
    AppendFixed2(threshold, text);
    w.Key("threshold");
    w.Raw(text);
    w.Key("field");
    w.String(pending.field);
    w.Key("reasons");
    w.BeginArray();
    for (const AupContribution& r : verdict.reasons) {
      w.BeginObject();
      w.Key("id");
      w.String(detector.ReasonId(r));
      w.Key("category");
      w.String(AupCategoryName(detector.ReasonCategory(r)));
      text.clear();
      AppendFixed2(r.weight, text);
      w.Key("weight");
      w.Raw(text);
      if (r.source != AupContribution::Source::kRule) {
        text.clear();
        AppendFixed2(r.value, text);
        w.Key(r.source == AupContribution::Source::kModel      ? "log_odds"
              : r.source == AupContribution::Source::kVelocity ? "recipients"
                                                               : "value");
        w.Raw(text);
      }
      w.EndObject();
    }
    w.EndArray();
    w.Key("ruleset");
    w.String(detector.ruleset_version());
    w.Key("model");
    w.String(detector.model_version());
    w.Key("usage");
    w.Raw(usage.value);
    w.Key("content");
    w.Raw(content.value);
    w.EndObject();
    // The content record's common headers (this transformer may not be the
    // one that classified the record), with this record's kind.
    alert.kind = OutputKind::kAlert;
    alert.AddHeader(kHeaderKind, OutputKindName(OutputKind::kAlert));
    for (std::string_view name : {kHeaderSrcTopic, kHeaderSrcPartition, kHeaderSrcOffset,
                                  kHeaderPolicyId, kHeaderPolicySha, kHeaderKeyId}) {
      if (const std::string* value = content.FindHeader(name)) alert.AddHeader(name, *value);
    }
    for (std::string_view name : {kHeaderAupScore, kHeaderAupCategory, kHeaderAupReasons,
                                  kHeaderAupVersion, kHeaderAupAlert}) {
      if (const std::string* value = content.FindHeader(name)) alert.AddHeader(name, *value);
    }
    alert.AddHeader(kHeaderSchema, kAlertSchema);
  }

  void DeadLetter(ErrorCode code, std::string_view reason, OutputBatch& batch) {
    batch.Clear();
    tok = &tokenizer;  // the dead-letter cipher's key is the active one
    Output& out = batch.Add();
    out.topic = pipeline->topics().dead_letter;
    out.value_is_json = false;
    BuildDeadLetterAssociatedData(in->topic, in->partition, in->offset, associated_data);
    std::string why(reason);
    if (!dead_letter_cipher.Encrypt(in->value, associated_data, out.value).ok()) {
      // Fail closed: never the clear payload. The reason says it is lost.
      out.value.clear();
      why += "; payload could not be encrypted and was discarded";
    }
    AddCommonHeaders(out, OutputKind::kDeadLetter);
    AddCountHeaders(out, EntityCounts{}, ActionCounts{});
    out.AddHeader(kHeaderErrorCode, ErrorCodeName(code));
    out.AddHeader(kHeaderErrorReason, why);
    if (stats) Stats::Add(stats->dead_letters[static_cast<std::size_t>(code)]);
  }

  // The strongest opt-out reason among the record's subject fields
  // (deletion > opt_out > cpni_restrict), or nullopt. A subject value that
  // cannot be read as its type (no phone number, no address) is not one.
  std::optional<OptOutReason> OptOutOf(const OptOutTable& table) {
    std::optional<OptOutReason> strongest;
    const Policy& p = *policy->policy;
    for (const SubjectField& subject : p.subjects()) {
      std::uint32_t at = 0;  // the root
      for (const std::string& name : subject.path) {
        const JsonNode& parent = tree.nodes[at];
        std::uint32_t found = 0;
        if (parent.kind == JsonKind::kObject) {
          for (std::uint32_t c = JsonTree::FirstChild(at); c < parent.end; c = tree.NextSibling(c)) {
            if (tree.nodes[c].key == name) {
              found = c;
              break;
            }
          }
        }
        at = found;
        if (at == 0) break;
      }
      if (at == 0) continue;
      const JsonNode& node = tree.nodes[at];
      if (node.kind != JsonKind::kString && node.kind != JsonKind::kNumber) continue;
      std::string_view value = node.text;
      SubjectType type;
      if (subject.type.empty()) {  // auto: a phone number or an e-mail address by shape
        value.remove_prefix(ChannelPrefixLength(value));
        if (IsPhoneShape(value)) {
          type = SubjectType::kPhone;
        } else if (IsEmailShape(value)) {
          type = SubjectType::kEmail;
        } else {
          continue;
        }
      } else {
        type = *ParseSubjectType(subject.type);
      }
      if (!subject_ids->Compute(type, value, p.default_calling_code(), subject_digest).ok()) continue;
      const auto reason = table.Find(type, subject_digest);
      if (!reason) continue;
      const auto rank = [](OptOutReason r) {
        return r == OptOutReason::kDeletion ? 3 : r == OptOutReason::kOptOut ? 2 : 1;
      };
      if (!strongest || rank(*reason) > rank(*strongest)) strongest = reason;
    }
    return strongest;
  }

  // The policy of the record's shape (its top-level member names and, where
  // a condition asks, string values), or the router's fallback.
  const PolicyContext& ChooseShape(const PolicyBinding& binding) {
    const PolicyRouter& router = *binding.router;
    probe.Reset();
    const std::uint32_t root_end = tree.root().end;
    for (std::uint32_t c = 1; c < root_end; c = tree.NextSibling(c)) {
      const JsonNode& node = tree.nodes[c];
      router.See(node.key, node.kind == JsonKind::kString ? node.text : std::string_view(), probe);
    }
    const int shape = router.Choose(probe);
    return shape < 0 ? binding.fallback : binding.shapes[static_cast<std::size_t>(shape)];
  }

  void Count(const OutputBatch& batch) {
    if (!stats) return;
    for (const Output& out : batch) {
      Stats::Add(stats->records_out[static_cast<std::size_t>(out.kind)]);
      Stats::Add(stats->bytes_out, out.value.size());
    }
    for (std::size_t t = 0; t < kEntityTypeCount; ++t) {
      if (auto n = usage_detections[t] + content_detections[t]) Stats::Add(stats->detections[t], n);
    }
    for (std::size_t a = 0; a < kActionCount; ++a) {
      if (auto n = usage_actions[a] + content_actions[a]) Stats::Add(stats->actions[a], n);
    }
  }

  // A reviewer's verdict from topics.feedback (review_feedback.h): counted
  // for the per-rule precision metrics; nothing is produced (the offset
  // commits like an intentionally dropped record). A record that is no
  // verdict is a dead letter, never silently skipped.
  void ReadFeedback(OutputBatch& batch) {
    usage_detections = {};
    content_detections = {};
    usage_actions = {};
    content_actions = {};
    policy = &pipeline->BindingFor(in->topic).identity;  // the dead letter's policy headers
    if (auto error = decoder.Decode(in->value, tree)) {
      DeadLetter(error->code, error->reason, batch);
      return;
    }
    if (auto error = ReadReviewFeedback(tree, feedback)) {
      DeadLetter(ErrorCode::kInvalidFeedback, *error, batch);
      return;
    }
    if (!stats) return;
    const bool spam = feedback.verdict == ReviewVerdict::kSpam;
    Stats::Add(stats->aup_feedback[static_cast<std::size_t>(feedback.category)][spam ? 0 : 1]);
    const AupDetector* detector = pipeline->aup();
    for (std::string_view rule : feedback.rules) {
      const bool known = detector != nullptr && detector->KnowsReasonId(rule);
      stats->aup_rule_feedback.Record(known ? rule : ReviewTally::kOtherRule, spam);
    }
  }

  void Classify(const InputRecord& input, OutputBatch& batch) {
    batch.Clear();
    tok = &tokenizer;  // dead letters: the active key
    in = &input;
    const PolicyBinding& binding = pipeline->BindingFor(input.topic);
    policy = &binding.identity;
    if (stats) {
      Stats::Add(stats->records_in);
      Stats::Add(stats->bytes_in, input.value.size());
    }
    if (input.topic == pipeline->topics().feedback) {
      ReadFeedback(batch);
      Count(batch);
      return;
    }
    usage_detections = {};
    content_detections = {};
    usage_actions = {};
    content_actions = {};
    if (auto error = decoder.Decode(input.value, tree)) {
      DeadLetter(error->code, error->reason, batch);
    } else {
      if (binding.router) policy = &ChooseShape(binding);
      tok = TokenizerForRecord();
      cpni_restricted = false;
      if (const OptOutTable* table = opt_outs) {
        const auto reason = OptOutOf(*table);
        if (reason == OptOutReason::kOptOut || reason == OptOutReason::kDeletion) {
          // Their records stop flowing: nothing is produced, and the input
          // offset is committed like any other (intentionally dropped).
          if (stats) {
            Stats::Add(reason == OptOutReason::kDeletion ? stats->deleted_records
                                                         : stats->opted_out_records);
          }
          Count(batch);
          return;
        }
        cpni_restricted = reason == OptOutReason::kCpniRestrict;
        if (cpni_restricted && stats) Stats::Add(stats->cpni_restricted_records);
      }
      batch.Add();
      batch.Add();  // may grow the batch: take references only after both Adds
      Status status = TransformRecord(batch[0], batch[1], batch.pending);
      if (!status.ok()) {
        batch.pending.scored = false;
        batch.pending.velocity = false;
        if (stats) Stats::Add(stats->classify_errors);
        usage_detections = {};
        content_detections = {};
        usage_actions = {};
        content_actions = {};
        DeadLetter(ErrorCode::kTransformFailed,
                   "transform failed: " + std::string(StatusCodeName(status.code())) + ": " +
                       status.message(),
                   batch);
      }
    }
    Count(batch);
  }
};

StatusOr<std::unique_ptr<Transformer>> Transformer::Create(
    std::shared_ptr<const CompiledPipeline> pipeline, Stats* stats) {
  auto tokenizer = Tokenizer::Create(pipeline->keys());
  if (!tokenizer.ok()) return tokenizer.status();
  auto cipher = SivCipher::Create(pipeline->keys().active().Subkey(KeyPurpose::kDeadLetter));
  if (!cipher.ok()) return cipher.status();
  auto value_cipher = ValueCipher::Create(pipeline->keys());
  if (!value_cipher.ok()) return value_cipher.status();
  std::vector<std::unique_ptr<PiiClassifier::Scratch>> scratches;
  for (const auto& classifier : pipeline->classifiers()) {
    auto scratch = classifier->NewScratch();
    if (!scratch.ok()) return scratch.status();
    scratches.push_back(std::move(*scratch));
  }
  std::optional<SubjectIdBuilder> subject_ids;
  if (pipeline->opt_outs() != nullptr) {
    auto ids = SubjectIdBuilder::Create(pipeline->keys());
    if (!ids.ok()) return ids.status();
    subject_ids.emplace(std::move(*ids));
  }
  auto impl = std::make_unique<Impl>(std::move(pipeline), stats, std::move(*tokenizer),
                                     std::move(*value_cipher), std::move(*cipher),
                                     std::move(scratches));
  impl->subject_ids = std::move(subject_ids);
  impl->opt_outs = impl->pipeline->opt_outs();
  for (const Key& key : impl->pipeline->keys().keys()) {
    auto for_key = Tokenizer::ForKey(key);
    if (!for_key.ok()) return for_key.status();
    impl->key_tokenizers.emplace_back(key.id, std::move(*for_key));
  }
  if (const AupDetector* aup = impl->pipeline->aup()) {
    auto scratch = aup->NewScratch();
    if (!scratch.ok()) return scratch.status();
    impl->aup_scratch = std::move(*scratch);
  }
  impl->own_velocity = NewVelocityTracker(*impl->pipeline);
  impl->tok = &impl->tokenizer;
  return std::unique_ptr<Transformer>(new Transformer(std::move(impl)));
}

std::unique_ptr<VelocityTracker> NewVelocityTracker(const CompiledPipeline& pipeline) {
  const AupDetector* aup = pipeline.aup();
  if (aup == nullptr || !aup->catalog().scoring.velocity_on()) return nullptr;
  return std::make_unique<VelocityTracker>(aup->catalog().scoring.velocity);
}

Transformer::Transformer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Transformer::~Transformer() = default;

void Transformer::Process(const InputRecord& in, OutputBatch& out) {
  impl_->Classify(in, out);
  impl_->Conclude(in, out, impl_->own_velocity.get());
}

void Transformer::Classify(const InputRecord& in, OutputBatch& out) { impl_->Classify(in, out); }

void Transformer::Conclude(const InputRecord& in, OutputBatch& out, VelocityTracker* velocity) {
  impl_->Conclude(in, out, velocity);
}

Status Transformer::UseOptOuts(const OptOutTable* table) {
  if (!impl_->subject_ids) {
    auto ids = SubjectIdBuilder::Create(impl_->pipeline->keys());
    if (!ids.ok()) return ids.status();
    impl_->subject_ids.emplace(std::move(*ids));
  }
  impl_->opt_outs = table;
  return Status::Ok();
}

void Transformer::Explain(const InputRecord& in, OutputBatch& out,
                          std::vector<FieldDecision>& decisions) {
  decisions.clear();
  impl_->trace = &decisions;
  Process(in, out);
  impl_->trace = nullptr;
  // A record that failed has no field decisions worth showing.
  if (out.size() == 1 && out[0].kind == OutputKind::kDeadLetter) decisions.clear();
}

}  // namespace scrubline
