// Policy: what leaves for analytics, field by field, and in what form.
//
// A policy is data (patterns/policies/*.yaml, schema in patterns/README.md),
// parsed and checked once into an immutable object shared by all threads.
// It knows field names and actions, not JSON trees or Kafka: the pipeline's
// transform applies the rules to a record.
//
//   id: message_log
//   version: 1
//   schema: 1                    # output shape version: the scrubline.schema header
//   record_key: account_sid      # output Kafka key = token of this field
//   join_key: sid                # its token joins the usage and content records
//   default_calling_code: "1"    # for national phone numbers when tokenising
//   fields:                      # selectors (field_selector.h) -> rules
//     from: {action: token, type: auto}
//     $.context.traits.*: {action: token, type: auto, keys: keep}
//     media_urls[*]: drop
//     client_ip: {action: generalize, method: ip_prefix, ipv4_bits: 24, ipv6_bits: 48}
//     date_sent: {action: generalize, method: time_bucket, unit: hour}
//     to: {action: mask, keep_last: 4}
//     body: {action: redact, output: content}
//   other_fields: redact         # fail closed: strings scanned and redacted
//   pii:                         # optional: added to the catalog's lists
//     allow: [{type: PHONE, value: "+1 888 555 0142", note: support line}]
//     deny: [{term: Project Nightingale}]
//
// Errors name the source, the field and the problem. Thread-safe (immutable).
#pragma once

#include <array>
#include <bitset>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/aup/aup_vocabulary.h"
#include "classifiers/base/entity_type.h"
#include "classifiers/base/status.h"
#include "classifiers/base/vocabulary.h"
#include "classifiers/pii/value_lists.h"
#include "classifiers/policy/field_names.h"
#include "classifiers/policy/field_selector.h"
#include "classifiers/policy/generalize.h"

namespace re2 {
class RE2;
}

namespace scrubline {

enum class GeneralizeMethod : std::uint8_t {
  kIpPrefix,
  kTimeBucket,
  kRound,
  kTruncate,
  kPhoneCountry,
  kUrl,
  kUserAgent,
};

// What happens to the name of a member that a selector did not name
// literally (matched by a glob or wildcard, or by no selector at all): the
// name of a map keyed by phone numbers is data too.
enum class KeyAction : std::uint8_t {
  kRedact,  // scanned like a value; findings become tags (the default)
  kKeep,    // written as is
  kToken,   // the whole name becomes its token (type auto: phone, e-mail or sender id)
};

struct FieldRule;

// An extra member written next to a field, from the same value: `from` is
// tokenised and `from_line` carries its calling code and line type.
struct DerivedField {
  std::string name;
  std::shared_ptr<const FieldRule> rule;  // never drop, no `also` of its own
};

struct FieldRule {
  Action action = Action::kRedact;
  int line = 0;  // of its selector or name rule in the policy file (messages only)
  KeyAction keys = KeyAction::kRedact;
  OutputKind output = OutputKind::kUsage;  // kUsage or kContent
  // token: the entity type whose canonical form is hashed; `token_auto` picks
  // PHONE / EMAIL / SENDER_ID from the value's shape.
  bool token_auto = false;
  EntityType token_type = EntityType::kSenderId;
  // generalize (generalize.h)
  GeneralizeMethod method = GeneralizeMethod::kIpPrefix;
  int ipv4_bits = 24;            // ip_prefix
  int ipv6_bits = 48;            // ip_prefix
  TimeUnit time_unit = TimeUnit::kHour;  // time_bucket
  int decimals = 2;              // round
  int keep = 3;                  // truncate: leading code points kept
  // mask: trailing code points kept
  int keep_last = 4;
  // shift_date: every date of one subject moves by the same keyed offset of
  // 1..max_days days, earlier or later (never 0), so intervals between a
  // subject's events survive and calendar dates do not. The subject is the
  // value of a top-level field (canonicalised like a token: phone, e-mail or
  // sender id by shape).
  std::string shift_subject;
  int max_shift_days = 30;
  // redact: findings of these types become their token (as `token` would
  // write it for the value) instead of their tag, so a phone number inside a
  // body joins with the same number in `from`.
  std::bitset<kEntityTypeCount> token_types;
  // `cpni: true`: customer proprietary network information (call
  // destinations, locations): dropped from records whose subject asked for
  // cpni_restrict; everything else of such a record still flows.
  bool cpni = false;
  // `also: {NAME: RULE, ...}`: extra members after this one (objects only:
  // an array item has no name to put them beside).
  std::vector<DerivedField> also;
};

// A field whose value identifies the person a record is about, for
// opt-outs and deletions (the policy's `subjects:` list).
struct SubjectField {
  std::vector<std::string> path;  // member names from the root: {"context", "traits", "email"}
  std::string selector;           // as written
  // "phone", "email", "account", "user", or "auto" (empty): phone or e-mail
  // by the value's shape, else not a subject.
  std::string type;
};

// Key epochs (the policy's `key_epochs:`): tokens of a record are made with
// the key of the window its own event time falls in, so they join inside a
// window and cannot be linked across windows once an old key is destroyed.
struct KeyEpoch {
  std::string key_id;     // a key of the ring (checked when the pipeline is built)
  std::int64_t from = 0;  // seconds since the epoch, UTC: the window's start
};

// A field-name rule (the policy's `names:` list): applies to members that no
// selector covers, neither them nor anything above them — schemaless data.
// Exactly one of: a concept of the field-name vocabulary (fuzzy: emailAddr,
// e_mail, mail_address are all `email`), a list of names (compared
// case-insensitively), or an RE2 pattern searched in the name.
struct NameRule {
  int concept_index = -1;
  std::vector<std::string> names;     // lower case
  std::shared_ptr<const re2::RE2> pattern;
  FieldRule rule;
};

// The `aup:` section: which content fields acceptable-use scoring reads
// (classifiers/aup/aup_detector.h) and the alert thresholds that override
// the catalog's (patterns/aup/scoring.yaml) for records under this policy.
struct AupSettings {
  std::vector<std::string> fields;  // top-level member names; empty: not scored
  double threshold = 0;             // 0: the catalog's
  std::array<double, kAupCategoryCount> thresholds{};  // per category; 0: not overridden
  // `velocity: {sender, recipient, time}`: the top-level fields the
  // bulk-messaging signal reads (classifiers/aup/velocity_tracker.h); empty
  // sender: no velocity. `time` is optional (then the Kafka timestamp).
  std::string velocity_sender;
  std::string velocity_recipient;
  std::string velocity_time;
};

class Policy {
 public:
  // `source_name` is used in error messages and fingerprints (e.g. "default.yaml").
  // `vocabulary` (patterns/fields/names.yaml) is needed by `names:` rules
  // that name a concept; without it such a policy is refused.
  static StatusOr<std::shared_ptr<const Policy>> Parse(
      std::string_view yaml_text, std::string source_name,
      std::shared_ptr<const FieldNameVocabulary> vocabulary = nullptr);
  static StatusOr<std::shared_ptr<const Policy>> LoadFile(
      const std::string& path, std::shared_ptr<const FieldNameVocabulary> vocabulary = nullptr);

  const std::string& id() const { return id_; }
  int version() const { return version_; }
  // "message_log@1": the scrubline.policy.id header.
  const std::string& versioned_id() const { return versioned_id_; }
  // "message_log/1": the scrubline.schema header. The policy's `schema`
  // (default 1) names the shape of its output records; a policy bumps it
  // when a field appears, disappears or changes form, and not for a
  // change that keeps the shape (a new allow-list entry, a new catalog).
  const std::string& schema() const { return schema_; }
  const std::string& source_name() const { return source_name_; }
  const std::string& source_text() const { return source_text_; }

  // The rule for a top-level field; the `other_fields` rule if no selector
  // matches it.
  const FieldRule& RuleFor(std::string_view field_name) const;
  const FieldRule& other_fields() const { return other_fields_; }
  // The `fields:` selectors (field_selector.h); Match::rule indexes rules().
  const FieldSelectors& selectors() const { return selectors_; }
  // One rule per selector, in the order written.
  const std::vector<FieldRule>& rules() const { return rules_; }
  // The key epochs, newest first (empty: tokens use the ring's active key),
  // and the top-level field holding the record's event time.
  const std::vector<KeyEpoch>& key_epochs() const { return key_epochs_; }
  const std::string& key_epoch_field() const { return key_epoch_field_; }
  // The `subjects:` fields (opt-outs and deletions), in the order written.
  const std::vector<SubjectField>& subjects() const { return subjects_; }
  // The `names:` rules, in the order written (the first that matches wins).
  const std::vector<NameRule>& name_rules() const { return name_rules_; }
  // The first name rule matching member name `key`, or null. Costs a
  // vocabulary lookup (~1 µs) when a concept rule is reached: callers that
  // see the same names again cache the answer.
  const FieldRule* NameRuleFor(std::string_view key) const;
  const std::string& record_key_field() const { return record_key_; }
  const std::string& join_key_field() const { return join_key_; }
  // Their rules (token rules; null when the field is not set), looked up
  // once at parse time: RuleFor allocates, the transform must not.
  const FieldRule* record_key_rule() const { return record_key_rule_; }
  const FieldRule* join_key_rule() const { return join_key_rule_; }
  const std::string& default_calling_code() const { return default_calling_code_; }
  // The `pii:` section: allow and deny entries added to the catalog's lists
  // for records under this policy (PiiClassifierOptions::extra_allow/deny).
  const std::vector<AllowEntry>& pii_allow() const { return pii_allow_; }
  const std::vector<DenyEntry>& pii_deny() const { return pii_deny_; }
  const AupSettings& aup() const { return aup_; }

 private:
  Policy() = default;
  std::string id_;
  int version_ = 0;
  std::string versioned_id_;
  std::string schema_;
  std::string source_name_;
  std::string source_text_;
  std::string record_key_;
  std::string join_key_;
  const FieldRule* record_key_rule_ = nullptr;  // into rules_, fixed after Parse
  const FieldRule* join_key_rule_ = nullptr;
  std::string default_calling_code_;
  FieldSelectors selectors_;
  std::vector<FieldRule> rules_;
  std::vector<NameRule> name_rules_;
  std::vector<SubjectField> subjects_;
  std::vector<KeyEpoch> key_epochs_;
  std::string key_epoch_field_;
  std::shared_ptr<const FieldNameVocabulary> vocabulary_;
  FieldRule other_fields_;
  std::vector<AllowEntry> pii_allow_;
  std::vector<DenyEntry> pii_deny_;
  AupSettings aup_;
};

}  // namespace scrubline
