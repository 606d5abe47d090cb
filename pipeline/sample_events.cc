#include "pipeline/sample_events.h"

#include <ctime>

#include "pipeline/json_writer.h"

namespace scrubline {
namespace {

constexpr const char* kFirstNames[] = {"jane", "omar", "li", "sofia", "raj", "emma", "lucas",
                                       "amara", "noah", "yuki"};
constexpr const char* kLastNames[] = {"doe", "haddad", "wei", "rossi", "patel", "martin",
                                      "silva", "okafor", "smith", "tanaka"};
constexpr const char* kDomains[] = {"example.com", "example.org", "mail.example.net"};
// Documented test card numbers (Luhn-valid, never issued).
constexpr const char* kCards[] = {"4111 1111 1111 1111", "5555-5555-5555-4444", "378282246310005",
                                  "6011111111111117", "4012888888881881"};
constexpr const char* kStatuses[] = {"delivered", "sent", "queued", "failed", "undelivered",
                                     "received"};

// {P} phone, {E} e-mail, {C} card, {I} IP address.
constexpr const char* kHamBodies[] = {
    "Hi, it's me. Can you call me back at {P} when you get this? Thanks!",
    "Your order #48213 has shipped. Questions? Reply to {E} and we'll help.",
    "Reminder: your appointment is tomorrow at 10:30. Reply C to confirm or call {P}.",
    "Please charge the deposit to my card {C}, expiry 09/28. Send the receipt to {E}.",
    "The VPN gateway {I} keeps dropping my session, can IT look at it today?",
    "Running 10 min late, start without me. Traffic on the bridge is awful.",
    "Your verification code is 482913. It expires in 10 minutes.",
    "Lunch on Friday? Text me on {P} or email {E}, whichever is easier.",
    "New login to your account from {I}. If this wasn't you, contact {E}.",
    "Thanks for the lovely dinner last night, see you at the weekend x",
};
constexpr const char* kSpamBodies[] = {
    "WINNER!! As a valued network customer you have been selected to receive a prize reward "
    "of 900 GBP! To claim call {P}. Claim code KL341. Valid 12 hours only.",
    "URGENT! Your card {C} has been suspended. Verify your details now at "
    "http://secure-verify.example.net/login to avoid closure.",
    "Free entry in 2 a wkly comp to win FA Cup final tkts 21st May. Text FA to 87121 to receive "
    "entry question(std txt rate)",
    "Congratulations! You have won a guaranteed 1000 cash or a 2000 prize. To claim, reply with "
    "your email or call {P} now!",
};

// The bulk campaign (SampleEventOptions::campaign_share).
constexpr const char kCampaignBody[] =
    "Hi {N}, your parcel is held at our depot. Pay the redelivery fee at "
    "https://parcel-redeliver.example.com/t/{D} or call {P} today.";

}  // namespace

SampleEventGenerator::SampleEventGenerator(SampleEventOptions options)
    : options_(options), state_(options.seed ^ 0x9E3779B97F4A7C15ULL) {
  for (int i = 0; i < options_.accounts; ++i) {
    std::string sid = "AC";
    AppendHex(32, sid);
    accounts_.push_back(std::move(sid));
  }
}

std::uint64_t SampleEventGenerator::NextRandom() {
  // splitmix64: tiny, fast, identical on every platform.
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

void SampleEventGenerator::AppendHex(int digits, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = 0; i < digits; ++i) out += kHex[NextRandom() & 0xF];
}

std::string SampleEventGenerator::Phone() {
  // Fictional ranges: NANP 555-01xx and Ofcom's drama numbers.
  char buf[32];
  if (Below(3) == 0) {
    std::snprintf(buf, sizeof buf, "+4479460%05u", static_cast<unsigned>(Below(1000)));
  } else {
    std::snprintf(buf, sizeof buf, "+1%03u55501%02u", static_cast<unsigned>(200 + Below(700)),
                  static_cast<unsigned>(Below(100)));
  }
  return buf;
}

void SampleEventGenerator::Next(SampleEvent& event) {
  event.json.clear();
  event.planted.clear();
  event.spam = Unit() < options_.spam_share;
  event.malformed = Unit() < options_.malformed_share;
  const bool campaign = options_.campaign_share > 0 && Unit() < options_.campaign_share;
  const std::uint64_t seq = sequence_++;
  event.account_sid = accounts_[Below(accounts_.size())];
  if (campaign) {
    event.spam = true;
    event.account_sid = accounts_.front();
  }

  // The body with its planted values.
  const char* tmpl = campaign     ? kCampaignBody
                     : event.spam ? kSpamBodies[Below(std::size(kSpamBodies))]
                                  : kHamBodies[Below(std::size(kHamBodies))];
  std::string body;
  for (const char* p = tmpl; *p; ++p) {
    if (p[0] == '{' && p[1] && p[2] == '}') {
      std::string value;
      char buf[64];
      switch (p[1]) {
        case 'P': {
          std::string e164 = Phone();
          // Written the way people write numbers, not always E.164.
          if (e164.starts_with("+1") && Below(2) == 0) {
            value = "(" + e164.substr(2, 3) + ") " + e164.substr(5, 3) + "-" + e164.substr(8);
          } else if (e164.starts_with("+44") && Below(2) == 0) {
            value = "+44 " + e164.substr(3, 4) + " " + e164.substr(7);
          } else {
            value = e164;
          }
          break;
        }
        case 'E':
          value = std::string(kFirstNames[Below(std::size(kFirstNames))]) + "." +
                  kLastNames[Below(std::size(kLastNames))] + "@" +
                  kDomains[Below(std::size(kDomains))];
          break;
        case 'C':
          value = kCards[Below(std::size(kCards))];
          break;
        case 'N':  // a first name: not detected (no PERSON detector), so not planted
          body += kFirstNames[Below(std::size(kFirstNames))];
          p += 2;
          continue;
        case 'D':  // a tracking code: no personal data
          std::snprintf(buf, sizeof buf, "%u", static_cast<unsigned>(100000 + Below(900000)));
          body += buf;
          p += 2;
          continue;
        case 'I':
          std::snprintf(buf, sizeof buf, "%s.%u",
                        Below(2) ? "203.0.113" : "198.51.100",
                        static_cast<unsigned>(1 + Below(254)));
          value = buf;
          break;
        default:
          value.assign(p, 3);
      }
      event.planted.push_back(value);
      body += value;
      p += 2;
    } else {
      body += *p;
    }
  }

  std::string from = Phone();
  std::string to = Phone();
  event.planted.push_back(from);
  event.planted.push_back(to);
  if (Below(10) < 3) {
    from = "whatsapp:" + from;
    to = "whatsapp:" + to;
  }
  std::string sid = "SM";
  AppendHex(32, sid);
  std::string service = "MG";
  AppendHex(32, service);
  char ip[32];
  std::snprintf(ip, sizeof ip, "192.0.2.%u", static_cast<unsigned>(1 + Below(254)));
  event.planted.push_back(ip);
  event.planted.push_back(event.account_sid);
  event.planted.push_back(sid);

  // A fixed base time: no clock, so the sequence is reproducible.
  std::time_t t = 1793491200 + static_cast<std::time_t>(seq * 7 + Below(5));  // 2026-11-01
  std::tm tm{};
  gmtime_r(&t, &tm);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
  const unsigned segments = 1 + static_cast<unsigned>(body.size() / 160);
  char price[16];
  std::snprintf(price, sizeof price, "-%u.%04u", 0u, 75u * segments);

  JsonWriter w(event.json);
  w.BeginObject();
  w.Key("account_sid"); w.String(event.account_sid);
  w.Key("sid"); w.String(sid);
  w.Key("messaging_service_sid"); w.String(service);
  w.Key("from"); w.String(from);
  w.Key("to"); w.String(to);
  w.Key("body"); w.String(body);
  w.Key("status"); w.String(kStatuses[Below(std::size(kStatuses))]);
  w.Key("direction"); w.String(Below(4) == 0 ? "inbound" : "outbound-api");
  w.Key("date_sent"); w.String(date);
  w.Key("num_segments"); w.Int(segments);
  w.Key("num_media"); w.Int(0);
  w.Key("price"); w.String(price);
  w.Key("price_unit"); w.String("USD");
  w.Key("error_code"); w.Null();
  w.Key("api_version"); w.String("2010-04-01");
  w.Key("client_ip"); w.String(ip);
  w.Key("uri");
  w.String("/2010-04-01/Accounts/" + event.account_sid + "/Messages/" + sid + ".json");
  w.EndObject();

  if (event.malformed) {
    switch (Below(3)) {
      case 0: event.json.resize(event.json.size() / 2); break;  // truncated
      case 1: event.json = "[" + event.json + "]"; break;        // not an object
      default: event.json.insert(event.json.size() / 3, "\xff\xfe"); break;  // bad UTF-8
    }
  }
}

}  // namespace scrubline
