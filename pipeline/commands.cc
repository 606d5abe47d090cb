#include "pipeline/commands.h"

#include <unistd.h>

#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>

#include "classifiers/crypto/key_ring.h"
#include "classifiers/crypto/subject_id.h"
#include "classifiers/crypto/value_cipher.h"
#include "pipeline/compiled_pipeline.h"
#include "pipeline/config/config.h"
#include "classifiers/policy/generalize.h"
#include "pipeline/demo.h"
#include "pipeline/dlq_replay.h"
#include "pipeline/erasure_notice.h"
#include "pipeline/explain.h"
#include "pipeline/file_scan.h"
#include "pipeline/flags.h"
#include "pipeline/log.h"
#include "pipeline/metrics/metrics_server.h"
#include "pipeline/opt_out_record.h"
#include "pipeline/patterns_dir.h"
#include "pipeline/policy_check.h"
#include "pipeline/reidentify.h"
#include "pipeline/shadow.h"
#include "pipeline/signals.h"
#include "pipeline/train_spam.h"
#include "pipeline/transform.h"
#include "pipeline/worker.h"

namespace scrubline {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

constexpr char kScanUsage[] =
    "usage: scrubline scan [--policy FILE|NAME] [--key-file FILE] [--topic NAME]\n"
    "                      [--opt-outs FILE [--calling-code CC]] [--patterns DIR]\n"
    "                      < records.jsonl > out.jsonl\n"
    "\n"
    "Runs the worker's transform on a file: each input line is one record (offsets from 0,\n"
    "partition 0 of --topic, default 'stdin'); each produced Kafka record is printed as\n"
    "{\"topic\":..,\"partition\":null,\"key\":..,\"headers\":{..},\"value\":{..}} (dead letters:\n"
    "\"value_b64\"). Deterministic for a given input, key ring and policy.\n"
    "  --policy    policy file, or a name under patterns/policies/ (default: default)\n"
    "  --key-file  key ring file (else SCRUBLINE_KEY); see 'scrubline keygen'\n"
    "  --topic     source topic name recorded in the headers (default: stdin)\n"
    "  --opt-outs  subjects who opted out or asked for deletion, one 'TYPE VALUE [REASON]'\n"
    "              per line (TYPE phone|email|account|user; REASON opt_out (default),\n"
    "              deletion or cpni_restrict), hashed at load with the ring's subjects\n"
    "              key and never kept in clear; records of such subjects produce nothing\n"
    "              (cpni_restrict: their CPNI fields are dropped)\n"
    "  --calling-code  country calling code for national numbers in --opt-outs (default 1)\n"
    "  --shadow    a candidate policy run beside --policy without producing: each record's\n"
    "              live outputs are followed by a review record when the candidate would\n"
    "              change them (at most 100); stderr gets the counts per selector and type\n"
    "  --patterns  patterns directory (else SCRUBLINE_PATTERNS, else the source tree's)\n";

constexpr char kRunUsage[] =
    "usage: scrubline run --config FILE [--key-file FILE] [--patterns DIR]\n"
    "\n"
    "The stream worker: joins the consumer group on the input topics, writes usage,\n"
    "content and dead-letter records, commits an input only after all its outputs are\n"
    "delivered, and serves Prometheus metrics at metrics.listen. SIGINT/SIGTERM drain\n"
    "and exit 0; a second signal exits at once. SIGHUP reloads the policies (and the\n"
    "shadow candidate), the PII catalog and the opt-out file between batches; a set\n"
    "that fails its checks is refused (logged, counted) and the running one stays.\n"
    "Config keys:\n\n";

constexpr char kKeygenUsage[] =
    "usage: scrubline keygen [--subjects]\n"
    "\n"
    "Prints a new key-ring line 'ID:BASE64URL' (32 random bytes). Put it first in a key\n"
    "file (--key-file / keys.file) or in SCRUBLINE_KEY; keep older lines below it to\n"
    "read data written with them.\n"
    "  --subjects  print a subjects key line 'subjects ID:BASE64URL' instead: the key of\n"
    "              opt-out subject ids (scrubline optout). Add it once, anywhere in the\n"
    "              ring, and keep it: unlike token keys it is never rotated, since every\n"
    "              key on the opt-out topic is derived from it.\n";

constexpr char kOptOutUsage[] =
    "usage: scrubline optout --type phone|email|account|user VALUE|- --reason REASON\n"
    "                        [--at RFC3339] [--calling-code CC] [--key-file FILE]\n"
    "       scrubline optout --type TYPE VALUE|- --tombstone [--calling-code CC]\n"
    "                        [--key-file FILE]\n"
    "       scrubline optout --type TYPE VALUE|- --erasure-notice [--at RFC3339]\n"
    "                        [--calling-code CC] [--key-file FILE]\n"
    "\n"
    "Prints one record of the opt-out topic as KEY<TAB>VALUE, for\n"
    "  scrubline optout ... | kcat -P -b BROKERS -t OPT_OUT_TOPIC -K'\\t'\n"
    "KEY is the subject id, TYPE:<22 base64url chars>, a keyed hash of the value's\n"
    "canonical form under the ring's subjects key (see 'scrubline keygen --subjects');\n"
    "VALUE is {\"reason\":REASON,\"at\":AT}. The clear value is never printed.\n"
    "With --tombstone the line is KEY<TAB> and the record lifts the opt-out: produce it\n"
    "with kcat -Z, which sends the empty value as NULL (a tombstone).\n"
    "With --erasure-notice the line is the record for the erasures topic that goes with a\n"
    "deletion: {\"subject\":KEY,\"at\":AT,\"type\":T,\"tokens\":{KEY_ID:TOKEN,...}}, the subject's\n"
    "token under every key of the ring, so downstream stores delete what they hold.\n"
    "  --type          phone, email, account or user\n"
    "  VALUE           the subject in clear; '-' reads it from the first line of stdin,\n"
    "                  which keeps it out of shell history and the process list\n"
    "  --reason        opt_out, deletion or cpni_restrict\n"
    "  --at            when it was asked for, RFC 3339 (default: now, UTC, whole seconds)\n"
    "  --calling-code  country calling code for national phone numbers; must match the\n"
    "                  policy's default_calling_code (default: 1, as the shipped policies)\n"
    "  --key-file      key ring file (else SCRUBLINE_KEY)\n";

constexpr char kReidentifyUsage[] =
    "usage: scrubline reidentify [--key-file FILE] < values.txt\n"
    "\n"
    "For an authorised operator: decrypts values written by the 'encrypt' policy action\n"
    "('enc_<key id>_<data>', one per input line) with the key ring, and prints each\n"
    "original as a JSON string on its own line. A value that was changed, cut short or\n"
    "written under a key the ring no longer holds is rejected: the command stops with\n"
    "exit code 1 and names the line (never the value).\n"
    "  --key-file  key ring file (else SCRUBLINE_KEY)\n";

constexpr char kDlqReplayUsage[] =
    "usage: scrubline dlq replay --config FILE [--key-file FILE]\n"
    "                            [--from-offset N | --since TIME] [--max-replays N] [--dry-run]\n"
    "\n"
    "Sends dead letters back to their source topics, after a policy or catalog fix.\n"
    "Reads topics.dead_letter (no consumer group) from --from-offset N in every\n"
    "partition, or from the first record at or after --since TIME (RFC 3339, a date,\n"
    "or epoch seconds), or from the beginning, up to its end now. Each payload is\n"
    "decrypted with the key ring and produced to its source topic with headers\n"
    "scrubline.replay.count (+1) and scrubline.replay.source. Dead letters replayed\n"
    "--max-replays times already (default 3) are skipped, as are those that do not\n"
    "decrypt. Prints the counts; never a payload.\n"
    "  --config       the worker's config (kafka.*, topics.dead_letter, keys.file)\n"
    "  --key-file     key ring file (else keys.file, else SCRUBLINE_KEY)\n"
    "  --dry-run      count what would be replayed, produce nothing\n";

constexpr char kPolicyCheckUsage[] =
    "usage: scrubline policy check [--patterns DIR] FILE|NAME...\n"
    "\n"
    "Checks policies without running anything: the schema (every problem named with file,\n"
    "line and field), the actions and their options, and a 'pii:' section compiled\n"
    "against the catalog. Prints one summary line per good policy (id, version, fields\n"
    "per action, other_fields); exit 0 if every policy is good, 1 otherwise.\n"
    "  --patterns  patterns directory (else SCRUBLINE_PATTERNS, else the source tree's);\n"
    "              a NAME is patterns/policies/NAME.yaml\n";

constexpr char kExplainUsage[] =
    "usage: scrubline explain [--policy P] [--patterns DIR] < records.jsonl\n"
    "       scrubline explain [--patterns DIR] [--field NAME] < texts.txt\n"
    "\n"
    "Records (input starting with '{'): for each JSON record prints one line with the\n"
    "policy that shaped it and, per field, its path, the selector that decided, the\n"
    "output record (usage/content), the action done and the entity types detected.\n"
    "Member names no selector names print as '*'. Records are processed exactly as\n"
    "scan would, under a throw-away key.\n"
    "Texts (any other input, or --field): for each line (a message body, not a record)\n"
    "prints every candidate span the PII catalog considered: rule, type, byte offsets,\n"
    "validator, verdict (reported, validator_rejected, context_missing, lost_overlap,\n"
    "allow_listed, ...), score and the catalog context words involved.\n"
    "Values are never printed, so the output is safe to share when debugging.\n"
    "  --policy    policy or router for records (default: default)\n"
    "  --patterns  patterns directory (else SCRUBLINE_PATTERNS, else the source tree's)\n"
    "  --field     field name hint for texts, as the transform passes it (e.g. from)\n";

constexpr char kTrainSpamUsage[] =
    "usage: scrubline train-spam [--data labelled.jsonl] [--feedback FEEDBACK.jsonl\n"
    "                            --alerts ALERTS.jsonl] --out model.bin [--seed N]\n"
    "                            [--bucket-bits B] [--no-char-trigrams]\n"
    "\n"
    "Trains the statistical spam model of acceptable-use scoring (naive Bayes over\n"
    "hashed words, word pairs and character trigrams) from JSON lines with \"text\" and\n"
    "\"label\" (spam/ham), or \"text\" and \"verdict\", and/or from reviewers' verdicts\n"
    "on alerts: each feedback line {\"alert\":\"al_...\",\"verdict\":\"spam\"|\"ham\",...}\n"
    "is joined by alert id with its alert, and the alert's redacted content (the\n"
    "body with entity tags, never clear values) is the text. The alerts file holds\n"
    "'scrubline scan' output (lines of other kinds are skipped) or alert values as\n"
    "saved from the alerts topic. The last verdict on an alert wins; a verdict whose\n"
    "alert is not in the file is skipped and counted. The same inputs, seed and\n"
    "options give a byte-identical model, which records the SHA-256 of its inputs.\n"
    "The shipped model is patterns/aup/model.bin (see patterns/aup/MODEL.md).\n"
    "  --data      labelled JSON lines ('-' for stdin)\n"
    "  --feedback  reviewers' verdicts, JSON lines of topics.feedback (with --alerts)\n"
    "  --alerts    the alerts the verdicts judge, JSON lines (with --feedback)\n"
    "  --out       the model file to write\n"
    "  --seed      hash seed (default 1)\n"
    "  --bucket-bits  log2 of the number of feature buckets, 10-24 (default 17)\n"
    "  --no-char-trigrams  words and word pairs only\n"
    "At least --data or --feedback is required; at most one input may be '-'.\n";

int Usage(const std::string& text, const std::string& error) {
  std::cerr << "scrubline: " << error << "\n\n" << text;
  return kExitUsage;
}

int Fail(const Status& status) {
  LogError(status.ToString());
  return kExitFailure;
}

int Scan(const std::vector<std::string>& args) {
  std::string error;
  auto flags = Flags::Parse(
      args, {"policy", "key-file", "topic", "patterns", "opt-outs", "calling-code", "shadow"}, {},
      error);
  if (!flags) return Usage(kScanUsage, error);
  if (flags->Has("help")) {
    std::cout << kScanUsage;
    return kExitOk;
  }
  auto keys = KeyRing::FromFileOrEnv(flags->Get("key-file"));
  if (!keys.ok()) return Fail(keys.status());
  auto patterns = ResolvePatternsDir(flags->Get("patterns"));
  if (!patterns.ok()) return Fail(patterns.status());
  PipelineOptions options;
  options.patterns_dir = *patterns;
  options.policy_default = flags->Get("policy", "default");
  options.opt_outs_file = flags->Get("opt-outs");
  options.opt_outs_calling_code = flags->Get("calling-code", "1");
  auto pipeline = CompiledPipeline::Create(options, *keys);
  if (!pipeline.ok()) return Fail(pipeline.status());
  std::ios::sync_with_stdio(false);
  if (flags->Has("shadow")) {
    PipelineOptions shadow_options = options;
    shadow_options.policy_default = flags->Get("shadow");
    auto shadow_pipeline = CompiledPipeline::Create(shadow_options, *keys);
    if (!shadow_pipeline.ok()) return Fail(shadow_pipeline.status());
    auto runner = ShadowRunner::Create(*pipeline, *shadow_pipeline, nullptr, 100);
    if (!runner.ok()) return Fail(runner.status());
    auto summary =
        ScanStreamWithShadow(std::cin, std::cout, flags->Get("topic", "stdin"), **runner);
    if (!summary.ok()) return Fail(summary.status());
    std::cerr << "shadow: " << (*runner)->records_changed() << " of "
              << (*runner)->records_compared() << " records would change\n";
    for (const auto& [labels, n] : (*runner)->Counts()) {
      std::cerr << "shadow: " << labels.first << " " << labels.second << " " << n << "\n";
    }
    return kExitOk;
  }
  auto transformer = Transformer::Create(*pipeline, nullptr);
  if (!transformer.ok()) return Fail(transformer.status());
  auto summary = ScanStream(std::cin, std::cout, flags->Get("topic", "stdin"), **transformer);
  if (!summary.ok()) return Fail(summary.status());
  return kExitOk;
}

int Explain(const std::vector<std::string>& args) {
  std::string error;
  auto flags = Flags::Parse(args, {"patterns", "field", "policy"}, {}, error);
  if (!flags) return Usage(kExplainUsage, error);
  if (flags->Has("help")) {
    std::cout << kExplainUsage;
    return kExitOk;
  }
  auto patterns = ResolvePatternsDir(flags->Get("patterns"));
  if (!patterns.ok()) return Fail(patterns.status());
  std::ios::sync_with_stdio(false);
  std::cin >> std::ws;
  const bool records = !flags->Has("field") && (flags->Has("policy") || std::cin.peek() == '{');
  if (records) {
    // Tokens and ciphertexts are computed but never printed: any key will do.
    auto line = KeyRing::GenerateLine();
    if (!line.ok()) return Fail(line.status());
    auto keys = KeyRing::Parse(*line);
    if (!keys.ok()) return Fail(keys.status());
    PipelineOptions options;
    options.patterns_dir = *patterns;
    if (flags->Has("policy")) options.policy_default = flags->Get("policy");
    auto pipeline = CompiledPipeline::Create(options, std::move(*keys));
    if (!pipeline.ok()) return Fail(pipeline.status());
    auto transformer = Transformer::Create(*pipeline, nullptr);
    if (!transformer.ok()) return Fail(transformer.status());
    ExplainRecords(std::cin, std::cout, **transformer);
    return kExitOk;
  }
  auto classifier = PiiClassifier::Create(*patterns + "/pii");
  if (!classifier.ok()) return Fail(classifier.status());
  Status st = ExplainStream(std::cin, std::cout, **classifier, flags->Get("field"));
  if (!st.ok()) return Fail(st);
  return kExitOk;
}

int Keygen(const std::vector<std::string>& args) {
  std::string error;
  auto flags = Flags::Parse(args, {}, {"subjects"}, error);
  if (!flags) return Usage(kKeygenUsage, error);
  if (flags->Has("help")) {
    std::cout << kKeygenUsage;
    return kExitOk;
  }
  auto line = flags->Has("subjects") ? KeyRing::GenerateSubjectsLine() : KeyRing::GenerateLine();
  if (!line.ok()) return Fail(line.status());
  std::cout << *line << "\n";
  return kExitOk;
}

// Empty, or 1-3 digits with an optional leading '+', as a policy's default_calling_code.
bool IsCallingCode(std::string_view code) {
  if (!code.empty() && code.front() == '+') code.remove_prefix(1);
  if (code.size() > 3) return false;
  for (const char c : code) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int OptOut(const std::vector<std::string>& args) {
  std::string error;
  std::vector<std::string> values;
  auto flags = Flags::Parse(args, {"type", "reason", "at", "calling-code", "key-file"},
                            {"tombstone", "erasure-notice"}, error, &values);
  if (!flags) return Usage(kOptOutUsage, error);
  if (flags->Has("help")) {
    std::cout << kOptOutUsage;
    return kExitOk;
  }
  // Usage errors never repeat VALUE: it is the personal data being protected.
  const std::optional<SubjectType> type = ParseSubjectType(flags->Get("type"));
  if (!type) return Usage(kOptOutUsage, "--type must be phone, email, account or user");
  if (values.size() != 1) return Usage(kOptOutUsage, "expected exactly one VALUE (or '-')");
  const bool tombstone = flags->Has("tombstone");
  const bool erasure_notice = flags->Has("erasure-notice");
  std::optional<OptOutReason> reason;
  if (erasure_notice) {
    if (tombstone || flags->Has("reason")) {
      return Usage(kOptOutUsage, "--erasure-notice takes no --reason or --tombstone");
    }
  } else if (tombstone) {
    if (flags->Has("reason") || flags->Has("at")) {
      return Usage(kOptOutUsage, "--tombstone takes no --reason or --at");
    }
  } else {
    reason = ParseOptOutReason(flags->Get("reason"));
    if (!reason) return Usage(kOptOutUsage, "--reason must be opt_out, deletion or cpni_restrict");
  }
  const std::string at = flags->Has("at") ? flags->Get("at") : Rfc3339UtcNow();
  if (!IsRfc3339DateTime(at)) {
    return Usage(kOptOutUsage, "--at must be an RFC 3339 date-time, e.g. 2026-11-01T10:00:00Z");
  }
  const std::string calling_code = flags->Get("calling-code", "1");
  if (!IsCallingCode(calling_code)) {
    return Usage(kOptOutUsage, "--calling-code must be 1-3 digits, e.g. 1 or 44");
  }
  std::string value = values.front();
  if (value == "-") {
    if (!std::getline(std::cin, value)) {
      return Fail(InvalidArgumentError("optout: no value on stdin"));
    }
  }

  auto keys = KeyRing::FromFileOrEnv(flags->Get("key-file"));
  if (!keys.ok()) return Fail(keys.status());
  auto ids = SubjectIdBuilder::Create(*keys);
  if (!ids.ok()) return Fail(ids.status());
  std::string line;
  if (Status st = ids->Append(*type, value, calling_code, line); !st.ok()) return Fail(st);
  const std::string subject_id = line;
  line.push_back('\t');
  if (erasure_notice) {
    if (Status st = AppendErasureNotice(*keys, *type, value, calling_code, subject_id, at, line);
        !st.ok()) {
      return Fail(st);
    }
  }
  if (reason) AppendOptOutValue(*reason, at, line);
  std::cout << line << "\n";
  if (tombstone) {
    std::cerr << "scrubline: a tombstone: produce it with kcat -Z (the empty value as NULL)\n";
  }
  return kExitOk;
}

int Reidentify(const std::vector<std::string>& args) {
  std::string error;
  auto flags = Flags::Parse(args, {"key-file"}, {}, error);
  if (!flags) return Usage(kReidentifyUsage, error);
  if (flags->Has("help")) {
    std::cout << kReidentifyUsage;
    return kExitOk;
  }
  auto keys = KeyRing::FromFileOrEnv(flags->Get("key-file"));
  if (!keys.ok()) return Fail(keys.status());
  auto cipher = ValueCipher::Create(*keys);
  if (!cipher.ok()) return Fail(cipher.status());
  std::ios::sync_with_stdio(false);
  auto written = ReidentifyStream(std::cin, std::cout, *cipher);
  std::cout.flush();
  if (!written.ok()) return Fail(written.status());
  return kExitOk;
}

int TrainSpam(const std::vector<std::string>& args) {
  std::string error;
  auto flags = Flags::Parse(args, {"data", "feedback", "alerts", "out", "seed", "bucket-bits"},
                            {"no-char-trigrams"}, error);
  if (!flags) return Usage(kTrainSpamUsage, error);
  if (flags->Has("help")) {
    std::cout << kTrainSpamUsage;
    return kExitOk;
  }
  const std::string data = flags->Get("data"), feedback = flags->Get("feedback"),
                    alerts = flags->Get("alerts");
  if (feedback.empty() != alerts.empty()) {
    return Usage(kTrainSpamUsage, "--feedback and --alerts go together");
  }
  if ((data.empty() && feedback.empty()) || flags->Get("out").empty()) {
    return Usage(kTrainSpamUsage, "--out and --data or --feedback (with --alerts) are required");
  }
  if (int{data == "-"} + int{feedback == "-"} + int{alerts == "-"} > 1) {
    return Usage(kTrainSpamUsage, "at most one of --data, --feedback and --alerts may be '-'");
  }
  SpamModelOptions options;
  const auto number = [&](const char* name, std::uint32_t low, std::uint32_t high,
                          std::uint32_t& out) {
    const std::string text = flags->Get(name);
    if (text.empty()) return true;
    if (text.size() > 10 || text.find_first_not_of("0123456789") != std::string::npos) return false;
    const unsigned long long v = std::stoull(text);
    if (v < low || v > high) return false;
    out = static_cast<std::uint32_t>(v);
    return true;
  };
  if (!number("seed", 0, 0xFFFFFFFFu, options.seed)) {
    return Usage(kTrainSpamUsage, "--seed: 0-4294967295");
  }
  if (!number("bucket-bits", 10, 24, options.bucket_bits)) {
    return Usage(kTrainSpamUsage, "--bucket-bits: 10-24");
  }
  options.char_trigrams = !flags->Has("no-char-trigrams");
  // Each input read whole ('-': stdin), named in errors by its role and path.
  TrainSpamSources sources;
  const struct {
    const char* role;
    const std::string& path;
    std::optional<TrainSpamSource>& source;
  } inputs[] = {{"training data", data, sources.data},
                {"feedback", feedback, sources.feedback},
                {"alerts", alerts, sources.alerts}};
  for (const auto& input : inputs) {
    if (input.path.empty()) continue;
    auto read = ReadTrainSpamSource(input.role, input.path);
    if (!read.ok()) return Fail(read.status());
    input.source = std::move(*read);
  }
  TrainSpamSummary summary;
  StatusOr<SpamModel> model = TrainSpamModel(sources, options, summary);
  if (!model.ok()) return Fail(model.status());
  const std::string bytes = model->Serialize();
  std::ofstream out(flags->Get("out"), std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return Fail(InternalError("cannot write " + flags->Get("out")));
  std::cout << "trained on " << summary.spam << " spam and " << summary.ham << " ham texts (";
  if (sources.feedback) {
    std::cout << summary.from_data << " from data, " << summary.from_feedback
              << " from feedback; verdicts skipped: " << summary.feedback_unmatched
              << " without their alert, " << summary.feedback_overridden
              << " overridden by a later one; ";
  }
  std::cout << "data sha256 " << summary.data_sha256 << "); wrote " << bytes.size() << " bytes to "
            << flags->Get("out") << "\n";
  return kExitOk;
}

// "COMMAND SUB [flags]" (policy check, dlq replay): the arguments after SUB
// go to `rest`; nullopt then. Otherwise the exit code: help printed, or a
// usage error naming the expected form.
std::optional<int> TakeSubcommand(const std::vector<std::string>& args, const std::string& form,
                                  const char* usage, std::vector<std::string>& rest) {
  const std::string sub = form.substr(form.find(' ') + 1);
  if (args.empty() || args[0] != sub) {
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
      std::cout << usage;
      return kExitOk;
    }
    return Usage(usage, "expected '" + form + "'");
  }
  rest.assign(args.begin() + 1, args.end());
  return std::nullopt;
}

int DlqCommand(const std::vector<std::string>& args) {
  std::string error;
  std::vector<std::string> rest;
  if (auto done = TakeSubcommand(args, "dlq replay", kDlqReplayUsage, rest)) return *done;
  auto flags = Flags::Parse(rest, {"config", "key-file", "from-offset", "since", "max-replays"},
                            {"dry-run"}, error);
  if (!flags) return Usage(kDlqReplayUsage, error);
  if (flags->Has("help")) {
    std::cout << kDlqReplayUsage;
    return kExitOk;
  }
  if (!flags->Has("config")) return Usage(kDlqReplayUsage, "--config is required");
  if (flags->Has("from-offset") && flags->Has("since")) {
    return Usage(kDlqReplayUsage, "--from-offset and --since exclude each other");
  }
  auto config = LoadConfigFile(flags->Get("config"));
  if (!config.ok()) return Fail(config.status());
  const std::string key_file = flags->Has("key-file") ? flags->Get("key-file") : config->keys_file;
  auto keys = KeyRing::FromFileOrEnv(key_file);
  if (!keys.ok()) return Fail(keys.status());
  DlqReplayOptions options;
  options.client = KafkaClientOptions{config->bootstrap, config->kafka_properties};
  options.dead_letter_topic = config->topics.dead_letter;
  options.dry_run = flags->Has("dry-run");
  const auto number = [&](const std::string& name, std::int64_t& out) {
    const std::string text = flags->Get(name);
    std::size_t used = 0;
    try {
      out = std::stoll(text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    return used == text.size() && !text.empty() && out >= 0;
  };
  if (flags->Has("from-offset")) {
    options.from.kind = ReadFrom::Kind::kOffset;
    if (!number("from-offset", options.from.value)) {
      return Usage(kDlqReplayUsage, "--from-offset: expected an offset (0 or more)");
    }
  } else if (flags->Has("since")) {
    std::int64_t seconds = 0;
    if (!ParseTimeSeconds(flags->Get("since"), seconds)) {
      return Usage(kDlqReplayUsage, "--since: expected RFC 3339, a date or epoch seconds");
    }
    options.from = {ReadFrom::Kind::kTime, seconds * 1000};
  }
  if (flags->Has("max-replays")) {
    std::int64_t max = 0;
    if (!number("max-replays", max) || max > 1000) {
      return Usage(kDlqReplayUsage, "--max-replays: expected 0..1000");
    }
    options.max_replays = static_cast<int>(max);
  }
  auto report = ReplayDeadLetters(options, *keys);
  if (!report.ok()) return Fail(report.status());
  std::cout << "dlq replay: read " << report->read << ", "
            << (options.dry_run ? "would replay " : "replayed ") << report->replayed
            << ", over the replay limit " << report->over_limit << ", unreadable "
            << report->unreadable << "\n";
  return kExitOk;
}

int PolicyCommand(const std::vector<std::string>& args) {
  std::string error;
  std::vector<std::string> rest;
  if (auto done = TakeSubcommand(args, "policy check", kPolicyCheckUsage, rest)) return *done;
  std::vector<std::string> references;
  auto flags = Flags::Parse(rest, {"patterns"}, {}, error, &references);
  if (!flags) return Usage(kPolicyCheckUsage, error);
  if (flags->Has("help")) {
    std::cout << kPolicyCheckUsage;
    return kExitOk;
  }
  if (references.empty()) return Usage(kPolicyCheckUsage, "no policy given");
  auto patterns = ResolvePatternsDir(flags->Get("patterns"));
  if (!patterns.ok()) return Fail(patterns.status());
  int result = kExitOk;
  for (const std::string& reference : references) {
    if (!CheckPolicyReference(*patterns, reference, std::cout, std::cerr)) result = kExitFailure;
  }
  return result;
}

int Run(const std::vector<std::string>& args) {
  std::string error;
  auto flags = Flags::Parse(args, {"config", "key-file", "patterns"}, {}, error);
  const std::string usage = std::string(kRunUsage) + RenderConfigKeyTable();
  if (!flags) return Usage(usage, error);
  if (flags->Has("help")) {
    std::cout << usage;
    return kExitOk;
  }
  if (!flags->Has("config")) return Usage(usage, "--config is required");
  auto config = LoadConfigFile(flags->Get("config"));
  if (!config.ok()) return Fail(config.status());
  const std::string key_file = flags->Has("key-file") ? flags->Get("key-file") : config->keys_file;
  auto keys = KeyRing::FromFileOrEnv(key_file);
  if (!keys.ok()) return Fail(keys.status());
  auto patterns = ResolvePatternsDir(flags->Get("patterns"));
  if (!patterns.ok()) return Fail(patterns.status());
  PipelineOptions options;
  options.patterns_dir = *patterns;
  options.policy_default = config->policy_default;
  options.policy_bindings = config->policy_bindings;
  options.opt_outs_file = config->opt_outs_file;
  options.opt_outs_calling_code = config->opt_outs_calling_code;
  options.topics = config->topics;
  options.scan_budget.max_text_bytes = config->limits.max_scan_bytes;
  options.limits = {config->limits.max_record_bytes, config->limits.max_depth,
                    config->limits.max_fields};
  auto pipeline = CompiledPipeline::Create(options, *keys);
  if (!pipeline.ok()) return Fail(pipeline.status());

  Stats stats;
  auto metrics = MetricsServer::Create(config->metrics_listen, stats, SCRUBLINE_VERSION);
  if (!metrics.ok()) return Fail(metrics.status());
  (void)(*metrics)->AddGauge("scrubline_in_flight_records",
                             "Inputs whose outputs are not all delivered yet", &WorkerInFlight);
  std::shared_ptr<ShadowRunner> shadow;
  // The candidate sees every input topic (bindings are the live side's).
  PipelineOptions shadow_options = options;
  shadow_options.policy_default = config->policy_shadow;
  shadow_options.policy_bindings.clear();
  if (!config->policy_shadow.empty()) {
    auto shadow_pipeline = CompiledPipeline::Create(shadow_options, *keys);
    if (!shadow_pipeline.ok()) return Fail(shadow_pipeline.status());
    auto runner = ShadowRunner::Create(*pipeline, *shadow_pipeline, &stats,
                                       static_cast<std::size_t>(config->policy_shadow_samples));
    if (!runner.ok()) return Fail(runner.status());
    shadow = std::move(*runner);
    (void)(*metrics)->AddCounterFamily(
        "scrubline_shadow_changes_total",
        "Field decisions the shadow policy would change, by its selector and detected type",
        [shadow] {
          std::vector<MetricsServer::LabelledValue> series;
          for (const auto& [labels, n] : shadow->Counts()) {
            series.push_back({{{"selector", labels.first}, {"type", labels.second}},
                              static_cast<double>(n)});
          }
          return series;
        });
    (void)(*metrics)->AddGauge("scrubline_shadow_records_changed",
                               "Records the shadow policy would produce differently",
                               [shadow] { return static_cast<double>(shadow->records_changed()); });
    LogInfo("shadow policy " + config->policy_shadow + " runs beside the live one");
  }
  // /readyz: partitions assigned, opt-out topic read, producer connected,
  // not stalled (worker_health.h); /healthz: the process answers.
  WorkerHealth health;
  if (auto st = (*metrics)->SetReadiness([&health] { return health.Check(WorkerHealth::NowMs()); });
      !st.ok()) {
    return Fail(st);
  }
  if (auto st = (*metrics)->Start(); !st.ok()) return Fail(st);
  LogInfo("metrics at http://" + (*metrics)->address() + "/metrics (/healthz, /readyz)");

  WorkerOptions worker;
  worker.health = &health;
  worker.shadow = shadow;
  worker.config = *config;
  worker.pipeline = *pipeline;
  worker.stats = &stats;
  worker.stop = &InstallStopSignals();
  // SIGHUP: policies, catalog and opt-out file are read again (same config
  // and keys); a set that fails its checks is refused and the old one stays.
  worker.reload = &InstallReloadSignal();
  worker.rebuild = [options, ring = *keys]() { return CompiledPipeline::Create(options, ring); };
  if (shadow) {  // the candidate file is read again on the same signal
    worker.rebuild_shadow = [shadow_options, ring = *keys]() {
      return CompiledPipeline::Create(shadow_options, ring);
    };
  }
  Status result = RunWorker(worker);
  if (!result.ok()) return Fail(result);
  return kExitOk;
}

}  // namespace

std::string MainUsage() {
  return "usage: scrubline <command> [flags]   (scrubline <command> --help)\n"
         "\n"
         "  scan         transform a JSON-lines file exactly as the worker would\n"
         "  run          the stream worker (--config FILE)\n"
         "  demo         embedded Kafka + generated traffic + the worker, with a live summary\n"
         "  dev-cluster  the embedded Kafka mock cluster alone, for kcat and other clients\n"
         "  keygen       print a new key-ring line (--subjects: the opt-out subjects key)\n"
         "  optout       print an opt-out / deletion record (subject id, value) for kcat\n"
         "  explain      why the PII catalog reported (or not) each span of each input line\n"
         "  reidentify   decrypt values of the 'encrypt' policy action (authorised operators)\n"
         "  policy check check policy files (schema, actions, options, pii section)\n"
         "  dlq replay   send dead letters back to their source topics (after a fix)\n"
         "  train-spam   train the statistical spam model of acceptable-use scoring\n";
}

int RunCommand(const std::string& command, const std::vector<std::string>& args) {
  if (command == "scan") return Scan(args);
  if (command == "run") return Run(args);
  if (command == "demo") return RunDemo(args);
  if (command == "dev-cluster") return RunDevCluster(args);
  if (command == "keygen") return Keygen(args);
  if (command == "optout") return OptOut(args);
  if (command == "explain") return Explain(args);
  if (command == "reidentify") return Reidentify(args);
  if (command == "policy") return PolicyCommand(args);
  if (command == "dlq") return DlqCommand(args);
  if (command == "train-spam") return TrainSpam(args);
  std::cerr << "scrubline: unknown command '" << command << "'\n\n" << MainUsage();
  return kExitUsage;
}

}  // namespace scrubline
