// The bulk-messaging velocity signal in the transform: a campaign that one
// account sends, near-identically, to many recipients gains velocity.bulk
// (and, with content that already looks like spam, an alert); ordinary
// conversation never does; records whose time cannot be read are counted,
// not guessed; and spreading records over threads changes nothing, because
// the signal is applied in input order (Transformer::Conclude).
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "pipeline/parallel_transformer.h"
#include "pipeline/sample_events.h"
#include "pipeline/transform.h"
#include "tests/pipeline/policy_transformer.h"

namespace scrubline {
namespace {

constexpr char kAccount[] = "AC0123456789abcdef0123456789abcdef";

std::string Message(std::string_view account, int recipient, std::string_view body,
                    std::string_view time = "2026-11-01T10:00:00Z") {
  return std::string(R"({"account_sid":")") + std::string(account) +
         R"(","sid":"SM0123456789abcdef0123456789abcdef","from":"+14155550100","to":"+1415556)" +
         std::to_string(1000 + recipient) + R"(","status":"sent","date_sent":")" +
         std::string(time) + R"(","body":")" + std::string(body) + "\"}";
}

// One campaign, personalised per recipient: a name, a phone number, a
// tracking link and a code that differ every time. The phone number and
// link are tagged entities; the rest is ordinary text.
std::string CampaignBody(int i) {
  static const char* const kNames[] = {"Jane", "Omar", "Li", "Priya", "Tom", "Ana", "Kofi"};
  return std::string("Hi ") + kNames[i % 7] +
         ", your parcel is held at the depot. Pay the redelivery fee at https://parcel-help" +
         std::to_string(i % 5) + ".example.net/t/" + std::to_string(40000 + i * 7) +
         " or call +1 415 555 " + std::to_string(2000 + i) + " today.";
}

std::string ChatBody(int i) {
  static const char* const kChats[] = {
      "running late, see you at the station",
      "can you pick up milk on the way home",
      "happy birthday! hope you have a great day",
      "the meeting moved to 3pm, same room",
      "did you see the match last night?",
      "thanks for dinner, it was lovely",
      "I left the keys under the mat",
      "call me when you land",
      "what time does the film start",
      "mum says hi and wants photos of the kids",
      "the plumber is coming tomorrow morning",
      "are we still on for tennis on saturday",
  };
  return std::string(kChats[i % 12]) + (i >= 12 ? " (again)" : "");
}

class TransformVelocity : public ::testing::Test {
 protected:
  void SetUp() override {
    pipeline_ = ShippedPipeline("message_log");
    ASSERT_NE(pipeline_, nullptr);
    ASSERT_NE(pipeline_->aup(), nullptr);
    auto transformer = Transformer::Create(pipeline_, &stats_);
    ASSERT_TRUE(transformer.ok()) << transformer.status().ToString();
    transformer_ = std::move(*transformer);
  }

  const AupScoring& scoring() const { return pipeline_->aup()->catalog().scoring; }

  const OutputBatch& Run(const std::string& value, std::int64_t offset) {
    value_ = value;
    transformer_->Process(InputRecord{"messages", 0, offset, value_}, batch_);
    return batch_;
  }

  static bool HasVelocity(const OutputBatch& out) {
    return out.size() >= 2 &&
           out[1].FindHeader("scrubline.aup.reasons")->find("velocity.bulk=") != std::string::npos;
  }

  Stats stats_;
  std::shared_ptr<const CompiledPipeline> pipeline_;
  std::unique_ptr<Transformer> transformer_;
  OutputBatch batch_;
  std::string value_;
};

TEST_F(TransformVelocity, ABulkCampaignGainsTheSignalAndItsAlertExplainsIt) {
  ASSERT_GT(scoring().velocity_weight, 0);
  const int recipients = scoring().velocity.recipients;
  int first_fired = -1;
  // A record whose content alone stays under the threshold and which the
  // signal's weight tips over it. (The campaign's records score 3 to 11 on
  // their content alone, with the name, link and number they carry.)
  bool tipped = false;
  for (int i = 0; i < 3 * recipients; ++i) {
    const OutputBatch& out = Run(Message(kAccount, i, CampaignBody(i)), i);
    ASSERT_GE(out.size(), 2u);
    const double score = std::stod(*out[1].FindHeader("scrubline.aup.score"));
    if (!HasVelocity(out)) {
      ASSERT_LT(first_fired, 0) << "the signal stopped at recipient " << i + 1;
      continue;
    }
    if (first_fired < 0) first_fired = i;
    // The content's own verdict plus the signal's weight; an alert exactly
    // when that reaches the threshold, and its reasons name the signal.
    const std::string& reasons = *out[1].FindHeader("scrubline.aup.reasons");
    EXPECT_NE(reasons.find("velocity.bulk=3.00"), std::string::npos) << reasons;
    const bool alerts = out.size() == 3;
    if (std::fabs(score - scoring().threshold) > 0.005) {  // the header rounds to 2 places
      EXPECT_EQ(alerts, score >= scoring().threshold) << score;
    }
    tipped = tipped || (alerts && score - scoring().velocity_weight < scoring().threshold);
    if (alerts) {
      EXPECT_NE(out[2].value.find(R"({"id":"velocity.bulk","category":"spam","weight":3.00,"recipients":)"),
                std::string::npos)
          << out[2].value;
    }
  }
  // Fires once the campaign has reached about `recipients` distinct
  // recipients (the count is an estimate), and stays on.
  ASSERT_GE(first_fired, 0) << "the campaign never fired";
  EXPECT_GE(first_fired + 1, recipients - 3);
  EXPECT_LE(first_fired + 1, recipients + 3);
  EXPECT_EQ(Stats::Read(stats_.aup_velocity_signals),
            static_cast<std::uint64_t>(3 * recipients - first_fired));
  EXPECT_TRUE(tipped);
  // The same campaign from another account starts from nothing.
  EXPECT_FALSE(HasVelocity(Run(Message("AC99999999999999999999999999999999", 1, CampaignBody(1)), 999)));
}

TEST_F(TransformVelocity, OrdinaryConversationNeverFires) {
  // One account, many recipients, everyday messages; and one recipient
  // receiving the same body again and again (not distinct recipients).
  for (int i = 0; i < 200; ++i) {
    ASSERT_FALSE(HasVelocity(Run(Message(kAccount, i, ChatBody(i)), i))) << ChatBody(i);
  }
  for (int i = 0; i < 100; ++i) {
    ASSERT_FALSE(HasVelocity(Run(Message(kAccount, 7, CampaignBody(i)), 1000 + i)));
  }
  EXPECT_EQ(Stats::Read(stats_.aup_velocity_signals), 0u);
}

TEST_F(TransformVelocity, TheWindowForgetsAnOldCampaign) {
  const int recipients = scoring().velocity.recipients;
  const std::int64_t window = scoring().velocity.window_seconds;
  // The same number of recipients, spread over ten windows: never enough
  // of them inside one window.
  for (int i = 0; i < 2 * recipients; ++i) {
    const std::int64_t t = 1793520000 + i * (10 * window / (2 * recipients));
    ASSERT_FALSE(HasVelocity(Run(Message(kAccount, i, CampaignBody(i), std::to_string(t)), i)))
        << "recipient " << i;
  }
}

TEST_F(TransformVelocity, WithoutAReadableTimeThereIsNoSignalButACount) {
  const int recipients = scoring().velocity.recipients;
  for (int i = 0; i < 2 * recipients; ++i) {
    ASSERT_FALSE(HasVelocity(Run(Message(kAccount, i, CampaignBody(i), "yesterday"), i)));
  }
  EXPECT_EQ(Stats::Read(stats_.aup_velocity_untimed), static_cast<std::uint64_t>(2 * recipients));
  // The Kafka timestamp stands in for an unreadable time field.
  bool fired = false;
  for (int i = 0; i < 2 * recipients; ++i) {
    value_ = Message(kAccount, i, CampaignBody(i), "yesterday");
    InputRecord in{"messages", 1, i, value_};
    in.timestamp_ms = 1793520000000 + i * 1000;
    in.has_key = true;
    in.key = i % 2 == 0 ? std::string_view(kAccount) : std::string_view("someone-else");
    transformer_->Process(in, batch_);
    fired = fired || HasVelocity(batch_);
  }
  EXPECT_TRUE(fired);
  // Half of them were keyed by something other than their account.
  EXPECT_EQ(Stats::Read(stats_.aup_velocity_key_mismatch), static_cast<std::uint64_t>(recipients));
}

TEST_F(TransformVelocity, ThreadsChangeNothingAndPartitionsAreSeparate) {
  const int recipients = scoring().velocity.recipients;
  std::vector<std::string> values;
  std::vector<InputRecord> inputs;
  // Two partitions interleaved; the campaign in partition 0 only reaches
  // half of its recipients in each partition when split in two.
  for (int i = 0; i < 4 * recipients; ++i) {
    values.push_back(i % 3 == 2 ? Message(kAccount, i, ChatBody(i)) : Message(kAccount, i, CampaignBody(i)));
  }
  for (int i = 0; i < 4 * recipients; ++i) {
    inputs.push_back({"messages", i % 2, i, values[static_cast<std::size_t>(i)]});
  }
  // Sequential reference: one transformer, one velocity state.
  VelocityTracker reference_velocity(scoring().velocity);
  std::vector<std::string> expected;
  for (const InputRecord& in : inputs) {
    transformer_->Classify(in, batch_);
    transformer_->Conclude(in, batch_, &reference_velocity);
    std::string rendered;
    for (const Output& o : batch_) {
      for (const auto& h : o.headers()) rendered += std::string(h.name) + "=" + h.value + ";";
      rendered += o.value + "\n";
    }
    expected.push_back(rendered);
  }
  EXPECT_EQ(reference_velocity.partitions(), 2u);
  const bool any_fired = std::any_of(expected.begin(), expected.end(), [](const std::string& r) {
    return r.find("velocity.bulk=") != std::string::npos;
  });
  EXPECT_TRUE(any_fired);
  for (std::size_t threads : {1u, 2u, 3u}) {
    auto parallel = ParallelTransformer::Create(pipeline_, nullptr, threads);
    ASSERT_TRUE(parallel.ok());
    VelocityTracker velocity(scoring().velocity);
    std::vector<OutputBatch> outputs;
    for (std::size_t begin = 0; begin < inputs.size(); begin += 40) {
      const std::size_t size = std::min<std::size_t>(40, inputs.size() - begin);
      (*parallel)->ProcessBatch({inputs.data() + begin, size}, outputs, &velocity);
      for (std::size_t i = 0; i < size; ++i) {
        std::string rendered;
        for (const Output& o : outputs[i]) {
          for (const auto& h : o.headers()) rendered += std::string(h.name) + "=" + h.value + ";";
          rendered += o.value + "\n";
        }
        ASSERT_EQ(rendered, expected[begin + i]) << "threads " << threads << ", record " << begin + i;
      }
    }
    // A revoked partition's state goes with it.
    velocity.Forget("messages", 0);
    EXPECT_EQ(velocity.partitions(), 1u);
  }
}

// The demo's generated traffic: fifty accounts of everyday messages and
// ordinary spam never fire; with one account's bulk campaign mixed in, only
// that account's campaign messages do.
TEST_F(TransformVelocity, GeneratedTrafficFiresOnlyOnItsCampaign) {
  for (double share : {0.0, 0.12}) {
    SetUp();  // fresh velocity state and counters
    SampleEventGenerator generator({.seed = 7, .spam_share = 0.15, .campaign_share = share});
    SampleEvent event;
    int campaign_fired = 0, other_fired = 0;
    for (int i = 0; i < 3000; ++i) {
      generator.Next(event);
      const OutputBatch& out = Run(event.json, i);
      if (!HasVelocity(out)) continue;
      const bool campaign = event.json.find("parcel-redeliver.example.com") != std::string::npos;
      (campaign ? campaign_fired : other_fired) += 1;
    }
    EXPECT_EQ(other_fired, 0) << "share " << share;
    if (share == 0) {
      EXPECT_EQ(campaign_fired, 0);
    } else {
      EXPECT_GT(campaign_fired, 200);  // ~360 campaign messages, most after the first 25
    }
  }
}

TEST(VelocityPolicy, TheSectionIsChecked) {
  const std::pair<const char*, const char*> bad[] = {
      {"aup: {fields: [body], velocity: {sender: account_sid}}\n", "velocity: expected"},
      {"aup: {fields: [body], velocity: {sender: a.b, recipient: to}}\n", "one top-level field"},
      {"aup: {fields: [body], velocity: {sender: a, recipient: to, colour: red}}\n", "unknown key"},
  };
  for (const auto& [section, expected] : bad) {
    auto policy = Policy::Parse(std::string("id: t\nversion: 1\n") + section, "t.yaml");
    ASSERT_FALSE(policy.ok()) << section;
    EXPECT_NE(policy.status().message().find(expected), std::string::npos)
        << policy.status().ToString();
  }
  auto good = Policy::Parse(
      "id: t\nversion: 1\naup: {fields: [body], velocity: {sender: account_sid, recipient: to}}\n", "t.yaml");
  ASSERT_TRUE(good.ok()) << good.status().ToString();
  EXPECT_EQ((*good)->aup().velocity_sender, "account_sid");
  EXPECT_EQ((*good)->aup().velocity_recipient, "to");
  EXPECT_EQ((*good)->aup().velocity_time, "");
}

}  // namespace
}  // namespace scrubline
