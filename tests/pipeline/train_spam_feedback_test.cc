// train-spam from reviewers' verdicts: feedback lines joined with their
// alerts by alert id (both alert-line forms), unmatched verdicts skipped and
// counted, the last verdict on an alert winning, errors naming file and line
// without the line's text, verdicts that really move the model, determinism,
// the provenance hash over all inputs, and --data alone unchanged.
#include "pipeline/train_spam.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "classifiers/crypto/digest.h"

namespace scrubline {
namespace {

const std::string kSpamBody =
    "WINNER! Claim your FREE prize now, call [PHONE] or visit http://prize.example.net/claim";
const std::string kHamBody = "running late, see you at the station with [PERSON] for lunch";
const std::string kSpamBody2 =
    "URGENT your card [CREDIT_CARD] is blocked, verify now at http://x.example/login";
const std::string kHamBody2 = "can you pick up milk on the way home, thanks";

std::string Id(char letter) { return "al_" + std::string(32, letter); }

// An alert value as a consumer of topics.alerts saves it.
std::string AlertValue(const std::string& id, const std::string& body,
                       const std::string& field = "body") {
  return "{\"alert\":\"" + id +
         "\",\"category\":\"phishing\",\"score\":15.00,\"threshold\":6.00,\"field\":\"" + field +
         "\",\"reasons\":[{\"id\":\"model.naive_bayes\",\"category\":\"spam\",\"weight\":4.00,"
         "\"log_odds\":9.81},{\"id\":\"feature.link\",\"category\":\"spam\",\"weight\":1.00,"
         "\"value\":1.00}],\"ruleset\":\"aup-1250c2368768\",\"model\":\"nb-fa001940c3f4\","
         "\"usage\":{\"sid\":\"tok_test1_s\",\"from\":\"tok_test1_f\"},"
         "\"content\":{\"sid\":\"tok_test1_s\",\"" +
         field + "\":\"" + body + "\"}}";
}

// The same alert as a line of `scrubline scan` output.
std::string ScanAlertLine(const std::string& id, const std::string& body) {
  return "{\"topic\":\"scrubline.alerts\",\"partition\":null,\"key\":\"tok_test1_k\","
         "\"headers\":{\"scrubline.kind\":\"alert\",\"scrubline.aup.alert\":\"" +
         id + "\",\"scrubline.schema\":\"alert/1\"},\"value\":" + AlertValue(id, body) + "}";
}

// Scan output lines of the other kinds, which an alerts file may hold too.
std::string ScanOtherLines(const std::string& body) {
  return "{\"topic\":\"scrubline.usage\",\"partition\":null,\"key\":\"tok_test1_k\","
         "\"headers\":{\"scrubline.kind\":\"usage\"},\"value\":{\"sid\":\"tok_test1_s\"}}\n"
         "{\"topic\":\"scrubline.content\",\"partition\":null,\"key\":\"tok_test1_k\","
         "\"headers\":{\"scrubline.kind\":\"content\",\"scrubline.aup.alert\":\"" +
         Id('p') + "\"},\"value\":{\"sid\":\"tok_test1_s\",\"body\":\"" + body +
         "\"}}\n"
         "{\"topic\":\"scrubline.dead_letter\",\"partition\":null,\"key\":null,"
         "\"headers\":{\"scrubline.kind\":\"dead_letter\",\"scrubline.error.code\":\"invalid_"
         "json\"},"
         "\"value_b64\":\"Hh73cq8Kx0MPHwPXS/WrDkfqkMbof5nh\"}\n";
}

std::string Verdict(const std::string& id, const std::string& verdict) {
  return "{\"alert\":\"" + id + "\",\"verdict\":\"" + verdict +
         "\",\"category\":\"phishing\",\"rules\":[\"smishing.bank_link\",\"feature.link\"]}";
}

TrainSpamSources FeedbackSources(const std::string& feedback, const std::string& alerts) {
  TrainSpamSources sources;
  sources.feedback = TrainSpamSource{"feedback fb.jsonl", feedback};
  sources.alerts = TrainSpamSource{"alerts al.jsonl", alerts};
  return sources;
}

struct Joined {
  Status status;
  LabelledSet set;
  FeedbackJoinCounts counts;
};

Joined Join(const std::string& feedback, const std::string& alerts) {
  Joined j;
  j.status = JoinFeedbackWithAlerts(TrainSpamSource{"feedback fb.jsonl", feedback},
                                    TrainSpamSource{"alerts al.jsonl", alerts}, j.set, j.counts);
  return j;
}

std::string Sha256(std::string_view bytes) {
  Sha256Digest d;
  d.Update(bytes);
  return d.FinalHex();
}

TEST(TrainSpamFeedback, JoinsVerdictsWithAlertsOfBothForms) {
  const std::string alerts = ScanOtherLines("hello there") +             //
                             ScanAlertLine(Id('a'), kSpamBody) + "\n" +  // scan output
                             "\n" +                                      // blank
                             AlertValue(Id('b'), kHamBody) + "\r\n" +    // saved value
                             AlertValue(Id('c'), kHamBody2, "transcription_text") + "\n" +
                             ScanAlertLine(Id('a'), "a later copy of the same id") + "\n";
  // Feedback order, not alerts order, is training order.
  const std::string feedback = Verdict(Id('c'), "ham") + "\n" + Verdict(Id('b'), "ham") + "\n" +
                               Verdict(Id('a'), "spam") + "\n";
  Joined j = Join(feedback, alerts);
  ASSERT_TRUE(j.status.ok()) << j.status.ToString();
  EXPECT_EQ(j.counts.joined, 3u);
  EXPECT_EQ(j.counts.unmatched, 0u);
  EXPECT_EQ(j.counts.overridden, 0u);
  ASSERT_EQ(j.set.examples.size(), 3u);
  EXPECT_EQ(j.set.examples[0].text, kHamBody2);  // content[field], the field the alert names
  EXPECT_FALSE(j.set.examples[0].spam);
  EXPECT_EQ(j.set.examples[1].text, kHamBody);
  EXPECT_FALSE(j.set.examples[1].spam);
  EXPECT_EQ(j.set.examples[2].text, kSpamBody);  // the first alert line of an id counts
  EXPECT_TRUE(j.set.examples[2].spam);
  EXPECT_EQ(j.set.spam, 1u);
  EXPECT_EQ(j.set.ham, 2u);
}

TEST(TrainSpamFeedback, VerdictsWithoutTheirAlertAreSkippedAndCounted) {
  const std::string alerts = AlertValue(Id('a'), kSpamBody) + "\n" + AlertValue(Id('b'), kHamBody);
  const std::string feedback = Verdict(Id('m'), "spam") + "\n" + Verdict(Id('a'), "spam") + "\n" +
                               Verdict(Id('n'), "ham") + "\n" + Verdict(Id('b'), "ham") + "\n";
  Joined j = Join(feedback, alerts);
  ASSERT_TRUE(j.status.ok()) << j.status.ToString();
  EXPECT_EQ(j.counts.joined, 2u);
  EXPECT_EQ(j.counts.unmatched, 2u);
  ASSERT_EQ(j.set.examples.size(), 2u);
  EXPECT_EQ(j.set.examples[0].text, kSpamBody);
  EXPECT_EQ(j.set.examples[1].text, kHamBody);

  TrainSpamSummary summary;
  auto model = TrainSpamModel(FeedbackSources(feedback, alerts), SpamModelOptions{}, summary);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_EQ(summary.from_data, 0u);
  EXPECT_EQ(summary.from_feedback, 2u);
  EXPECT_EQ(summary.feedback_unmatched, 2u);
  EXPECT_EQ(summary.feedback_overridden, 0u);
  EXPECT_EQ(summary.spam, 1u);
  EXPECT_EQ(summary.ham, 1u);
  EXPECT_EQ(model->spam_texts(), 1u);
  EXPECT_EQ(model->ham_texts(), 1u);
}

TEST(TrainSpamFeedback, TheLastVerdictOnAnAlertWins) {
  const std::string alerts = AlertValue(Id('a'), kSpamBody) + "\n" + AlertValue(Id('b'), kHamBody) +
                             "\n" + AlertValue(Id('c'), kHamBody2) + "\n";
  const std::string feedback = Verdict(Id('a'), "ham") + "\n" +   // corrected below
                               Verdict(Id('b'), "ham") + "\n" +   //
                               Verdict(Id('a'), "ham") + "\n" +   // corrected again
                               Verdict(Id('c'), "ham") + "\n" +   //
                               Verdict(Id('a'), "spam") + "\n" +  // the one that counts
                               Verdict(Id('o'), "ham") + "\n" +   // no alert
                               Verdict(Id('o'), "spam") + "\n";   // overrides, still no alert
  Joined j = Join(feedback, alerts);
  ASSERT_TRUE(j.status.ok()) << j.status.ToString();
  EXPECT_EQ(j.counts.overridden, 3u);
  EXPECT_EQ(j.counts.unmatched, 1u);  // per alert, not per overridden line
  EXPECT_EQ(j.counts.joined, 3u);
  // One example per alert, in the order of the winning lines: b, c, a.
  ASSERT_EQ(j.set.examples.size(), 3u);
  EXPECT_EQ(j.set.examples[0].text, kHamBody);
  EXPECT_EQ(j.set.examples[1].text, kHamBody2);
  EXPECT_EQ(j.set.examples[2].text, kSpamBody);
  EXPECT_TRUE(j.set.examples[2].spam);
  EXPECT_EQ(j.set.spam, 1u);
  EXPECT_EQ(j.set.ham, 2u);
}

TEST(TrainSpamFeedback, ABadFeedbackLineNamesFileAndLineNeverItsText) {
  const std::string alerts = AlertValue(Id('a'), kSpamBody) + "\n" + AlertValue(Id('b'), kHamBody);
  const std::string good = Verdict(Id('a'), "spam") + "\n\n" + Verdict(Id('b'), "ham") + "\n";
  // Line 4 of each (line 2 is blank).
  for (const std::string& bad : {
           std::string("{\"alert\":\"al_SECRET\",\"verdict\":\"SECRET\"}"),
           std::string("{\"alert\":\"al_SECRET\",\"verdict\":7}"),
           std::string("{\"alert\":\"al_SECRET\"}"),
           std::string("{\"alrt\":\"al_SECRET\",\"verdict\":\"spam\"}"),
           std::string("{\"alert\":[\"SECRET\"],\"verdict\":\"spam\"}"),
           std::string("SECRET not json"),
           std::string("[\"SECRET\"]"),
           std::string("{\"alert\":\"al_SECRET\",\"verdict\":\"spam\""),
       }) {
    TrainSpamSummary summary;
    auto model = TrainSpamModel(FeedbackSources(good + bad + "\n" + good, alerts),
                                SpamModelOptions{}, summary);
    ASSERT_FALSE(model.ok()) << bad;
    const std::string message = model.status().message();
    EXPECT_EQ(model.status().code(), StatusCode::kInvalidArgument) << message;
    EXPECT_EQ(message.rfind("feedback fb.jsonl line 4: ", 0), 0u) << message;
    EXPECT_EQ(message.find("SECRET"), std::string::npos) << message;
  }
}

TEST(TrainSpamFeedback, ABadAlertsLineNamesFileAndLineNeverItsText) {
  const std::string feedback = Verdict(Id('a'), "spam") + "\n" + Verdict(Id('b'), "ham") + "\n";
  const std::string good = ScanOtherLines("SECRET in a content line is skipped") +
                           AlertValue(Id('a'), kSpamBody) + "\n" + AlertValue(Id('b'), kHamBody) +
                           "\n";  // lines 1-5
  for (const std::string& bad : {
           std::string("SECRET"),
           std::string("{\"text\":\"SECRET\",\"label\":\"spam\"}"),
           std::string("{\"alert\":\"al_SECRET\",\"field\":\"body\"}"),  // no content
           std::string("{\"alert\":\"al_SECRET\",\"content\":{\"body\":\"SECRET\"}}"),  // no field
           std::string(
               "{\"alert\":\"al_SECRET\",\"field\":\"text\",\"content\":{\"body\":\"SECRET\"}}"),
           std::string(
               "{\"alert\":\"al_SECRET\",\"field\":\"body\",\"content\":{\"body\":[\"SECRET\"]}}"),
           std::string("{\"topic\":\"t\",\"value\":{\"alert\":\"al_SECRET\",\"field\":\"body\"}}"),
       }) {
    TrainSpamSummary summary;
    auto model =
        TrainSpamModel(FeedbackSources(feedback, good + bad + "\n"), SpamModelOptions{}, summary);
    ASSERT_FALSE(model.ok()) << bad;
    const std::string message = model.status().message();
    EXPECT_EQ(message.rfind("alerts al.jsonl line 6: ", 0), 0u) << message;
    EXPECT_EQ(message.find("SECRET"), std::string::npos) << message;
  }
  TrainSpamSummary summary;
  EXPECT_TRUE(TrainSpamModel(FeedbackSources(feedback, good), SpamModelOptions{}, summary).ok());
}

// Four reviewed alerts: two spam, two ham.
const std::string& ReviewAlerts() {
  static const std::string alerts =
      ScanAlertLine(Id('a'), kSpamBody) + "\n" + AlertValue(Id('b'), kHamBody) + "\n" +
      AlertValue(Id('c'), kSpamBody2) + "\n" + ScanAlertLine(Id('d'), kHamBody2) + "\n";
  return alerts;
}

std::string ReviewFeedback(bool flipped) {
  const char* spam = flipped ? "ham" : "spam";
  const char* ham = flipped ? "spam" : "ham";
  return Verdict(Id('a'), spam) + "\n" + Verdict(Id('b'), ham) + "\n" + Verdict(Id('c'), spam) +
         "\n" + Verdict(Id('d'), ham) + "\n";
}

TEST(TrainSpamFeedback, VerdictsMoveTheModelAndTrainingIsDeterministic) {
  TrainSpamSummary summary;
  auto model = TrainSpamModel(FeedbackSources(ReviewFeedback(false), ReviewAlerts()),
                              SpamModelOptions{}, summary);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_EQ(summary.from_feedback, 4u);
  EXPECT_EQ(summary.spam, 2u);
  EXPECT_EQ(summary.ham, 2u);
  auto again = TrainSpamModel(FeedbackSources(ReviewFeedback(false), ReviewAlerts()),
                              SpamModelOptions{}, summary);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(model->Serialize(), again->Serialize());

  auto flipped = TrainSpamModel(FeedbackSources(ReviewFeedback(true), ReviewAlerts()),
                                SpamModelOptions{}, summary);
  ASSERT_TRUE(flipped.ok()) << flipped.status().ToString();
  EXPECT_NE(model->Serialize(), flipped->Serialize());

  // Texts near the reviewed ones (tags, not values, as the worker writes).
  const std::string spammy = "Claim your FREE prize now, call [PHONE]";
  const std::string hammy = "see you at the station for lunch";
  EXPECT_GT(model->LogOdds(spammy), 0.0);
  EXPECT_LT(model->LogOdds(hammy), 0.0);
  EXPECT_LT(flipped->LogOdds(spammy), 0.0);
  EXPECT_GT(flipped->LogOdds(hammy), 0.0);
  EXPECT_GT(model->LogOdds(spammy), flipped->LogOdds(spammy));
  EXPECT_LT(model->LogOdds(hammy), flipped->LogOdds(hammy));
}

TEST(TrainSpamFeedback, FeedbackExamplesFollowTheDataExamples) {
  const std::string data =
      "{\"text\":\"Free entry to win cash, text WIN to 80086\",\"label\":\"spam\"}\n"
      "{\"text\":\"happy birthday! have a great day\",\"label\":\"ham\"}\n"
      "{\"text\":\"I'll call you when I get home\",\"verdict\":\"ham\"}\n";
  TrainSpamSources sources = FeedbackSources(ReviewFeedback(false), ReviewAlerts());
  sources.data = TrainSpamSource{"training data d.jsonl", data};
  SpamModelOptions options;
  options.seed = 7;
  options.bucket_bits = 12;
  TrainSpamSummary summary;
  auto model = TrainSpamModel(sources, options, summary);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_EQ(summary.from_data, 3u);
  EXPECT_EQ(summary.from_feedback, 4u);
  EXPECT_EQ(summary.spam, 3u);
  EXPECT_EQ(summary.ham, 4u);

  // The same examples, in that order, straight into SpamModel::Train.
  const std::vector<LabelledText> expected = {
      {"Free entry to win cash, text WIN to 80086", true},
      {"happy birthday! have a great day", false},
      {"I'll call you when I get home", false},
      {kSpamBody, true},
      {kHamBody, false},
      {kSpamBody2, true},
      {kHamBody2, false},
  };
  options.data_sha256 = summary.data_sha256;
  EXPECT_EQ(model->Serialize(), SpamModel::Train(expected, options).Serialize());
  EXPECT_EQ(model->data_sha256(), summary.data_sha256);
}

TEST(TrainSpamFeedback, ProvenanceHashesEveryInputWithItsLength) {
  const std::string data = "{\"text\":\"x\",\"label\":\"spam\"}\n";
  TrainSpamSources sources = FeedbackSources(ReviewFeedback(false), ReviewAlerts());
  sources.data = TrainSpamSource{"training data", data};
  // SHA-256 over, for data, feedback and alerts: u64 little-endian length, bytes.
  Sha256Digest d;
  for (const std::string* bytes : std::initializer_list<const std::string*>{
           &data, &sources.feedback->bytes, &sources.alerts->bytes}) {
    std::string length(8, '\0');
    for (int i = 0; i < 8; ++i) length[i] = static_cast<char>((bytes->size() >> (8 * i)) & 0xFF);
    d.Update(length);
    d.Update(*bytes);
  }
  const std::string expected = d.FinalHex();
  EXPECT_EQ(TrainSpamDataSha256(sources), expected);

  // Moving a boundary (the same bytes overall) changes it.
  TrainSpamSources shifted = sources;
  shifted.data->bytes += shifted.feedback->bytes.substr(0, 10);
  shifted.feedback->bytes.erase(0, 10);
  EXPECT_NE(TrainSpamDataSha256(shifted), expected);
  // Feedback alone hashes an empty data part; --data alone is the file's hash.
  TrainSpamSources no_data = sources;
  no_data.data.reset();
  EXPECT_NE(TrainSpamDataSha256(no_data), expected);
  EXPECT_NE(TrainSpamDataSha256(no_data), Sha256(""));
  TrainSpamSources data_only;
  data_only.data = TrainSpamSource{"training data", data};
  EXPECT_EQ(TrainSpamDataSha256(data_only), Sha256(data));
}

TEST(TrainSpamFeedback, SourcesMustBeCompleteAndHoldBothLabels) {
  TrainSpamSummary summary;
  EXPECT_FALSE(TrainSpamModel(TrainSpamSources{}, SpamModelOptions{}, summary).ok());
  TrainSpamSources no_alerts = FeedbackSources(ReviewFeedback(false), ReviewAlerts());
  no_alerts.alerts.reset();
  EXPECT_FALSE(TrainSpamModel(no_alerts, SpamModelOptions{}, summary).ok());
  // All verdicts unmatched: nothing to learn from.
  auto none = TrainSpamModel(FeedbackSources(ReviewFeedback(false), AlertValue(Id('q'), kHamBody)),
                             SpamModelOptions{}, summary);
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("both spam and ham"), std::string::npos);
  EXPECT_EQ(summary.feedback_unmatched, 4u);
}

// --data alone: the same examples, order and hash as before feedback existed
// (SpamModel::Train over the lines, data_sha256 = SHA-256 of the bytes).
TEST(TrainSpamFeedback, DataAloneGivesTheSameBytesAsBefore) {
  const std::string data =
      "{\"text\":\"WINNER! Claim your free prize now, call 09061701461\",\"label\":\"spam\"}\n"
      "\n"
      "{\"text\":\"are we still on for lunch tomorrow?\",\"label\":\"ham\"}\r\n"
      "{\"text\":\"URGENT your mobile won a prize, call now to claim\",\"verdict\":\"spam\"}\n"
      "{\"text\":\"running late, see you at the station\",\"label\":\"ham\",\"extra\":1}";
  const std::vector<LabelledText> labelled = {
      {"WINNER! Claim your free prize now, call 09061701461", true},
      {"are we still on for lunch tomorrow?", false},
      {"URGENT your mobile won a prize, call now to claim", true},
      {"running late, see you at the station", false},
  };
  for (bool trigrams : {true, false}) {
    SpamModelOptions options;
    options.char_trigrams = trigrams;
    options.bucket_bits = 14;
    SpamModelOptions before = options;
    before.data_sha256 = Sha256(data);
    const std::string expected = SpamModel::Train(labelled, before).Serialize();

    std::istringstream in(data);
    TrainSpamSummary summary;
    auto from_stream = TrainSpamFromJsonLines(in, options, summary);
    ASSERT_TRUE(from_stream.ok()) << from_stream.status().ToString();
    EXPECT_EQ(from_stream->Serialize(), expected);
    EXPECT_EQ(summary.data_sha256, Sha256(data));
    EXPECT_EQ(summary.spam, 2u);
    EXPECT_EQ(summary.ham, 2u);
    EXPECT_EQ(summary.from_data, 4u);
    EXPECT_EQ(summary.from_feedback, 0u);

    TrainSpamSources sources;
    sources.data = TrainSpamSource{"training data x.jsonl", data};
    auto from_sources = TrainSpamModel(sources, options, summary);
    ASSERT_TRUE(from_sources.ok());
    EXPECT_EQ(from_sources->Serialize(), expected);
  }
  // Its errors read as before.
  std::istringstream bad("{\"text\":\"ok\",\"label\":\"spam\"}\n{\"text\":\"SECRET\"}\n");
  TrainSpamSummary summary;
  auto model = TrainSpamFromJsonLines(bad, SpamModelOptions{}, summary);
  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.status().message(),
            "training data line 2: no string \"label\" (or reviewer \"verdict\")");
}

// The shipped model stays reproducible with the command in
// patterns/aup/MODEL.md.
TEST(TrainSpamFeedback, TheShippedModelIsReproducibleFromItsData) {
  std::ifstream data(std::string(SCRUBLINE_SHARED_DATA_DIR) + "/uci_sms_spam.jsonl",
                     std::ios::binary);
  if (!data) GTEST_SKIP() << "no ../shared/data/uci_sms_spam.jsonl";
  std::ifstream shipped(std::string(SCRUBLINE_SOURCE_DIR) + "/patterns/aup/model.bin",
                        std::ios::binary);
  ASSERT_TRUE(shipped);
  std::ostringstream shipped_bytes;
  shipped_bytes << shipped.rdbuf();
  TrainSpamSummary summary;
  auto model = TrainSpamFromJsonLines(data, SpamModelOptions{}, summary);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_EQ(summary.data_sha256,
            "27b1de8e5f232112d688ae24431320e10f424b154df04b8f8e591dbb08d77783");
  EXPECT_EQ(model->Serialize(), shipped_bytes.str());
}

}  // namespace
}  // namespace scrubline
