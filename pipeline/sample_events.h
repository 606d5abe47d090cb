// SampleEventGenerator: realistic message-log events for the demo, tests and
// benchmarks — SMS and WhatsApp bodies carrying e-mail addresses, phone
// numbers, card numbers and IP addresses, a share of spam, and (optionally)
// a share of malformed lines that must become dead letters, and optionally a
// bulk campaign.
//
// Deterministic: a fixed seed gives the same sequence on every platform (its
// own splitmix64, not <random>'s distributions, which differ between standard
// libraries). Every value planted in a body is reported, so tests can prove it
// never reaches an analytics topic. All numbers and addresses are fictional
// (555-01xx phone ranges, documentation IP ranges, example.* domains, test
// card numbers). Not thread-safe; cheap to construct.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace scrubline {

struct SampleEvent {
  std::string json;                  // one line, no '\n'
  std::string account_sid;           // "AC" + 32 hex
  std::vector<std::string> planted;  // personal data planted in the body or the clear fields
  bool spam = false;
  bool malformed = false;            // not a JSON object: must become a dead letter
};

struct SampleEventOptions {
  std::uint64_t seed = 42;
  double spam_share = 0.15;
  double malformed_share = 0.0;
  int accounts = 50;
  // The share of events that are one bulk campaign: the first account
  // sending a personalised parcel-fee smishing template (a name, a tracking
  // code and a call-back number that differ per message) to a fresh
  // recipient each time, the acceptable-use velocity signal's case. 0 (the
  // default) draws nothing, so sequences without it are unchanged.
  double campaign_share = 0.0;
};

class SampleEventGenerator {
 public:
  explicit SampleEventGenerator(SampleEventOptions options);
  // Fills `event` (its buffers are reused).
  void Next(SampleEvent& event);

 private:
  std::uint64_t NextRandom();
  std::uint64_t Below(std::uint64_t n) { return NextRandom() % n; }
  double Unit() { return static_cast<double>(NextRandom() >> 11) / 9007199254740992.0; }
  void AppendHex(int digits, std::string& out);
  std::string Phone();

  SampleEventOptions options_;
  std::uint64_t state_;
  std::uint64_t sequence_ = 0;
  std::vector<std::string> accounts_;
};

}  // namespace scrubline
