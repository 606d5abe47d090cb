// Credentials and platform identifiers: CREDENTIAL (cloud and API keys,
// tokens, JWTs, private keys, secrets named as such) and PLATFORM_SID,
// through the real shipped catalog (patterns/pii) and as unit tests of the
// secret validators. Also: URLs are personal data only through what they
// carry. Token values are generated here from a fixed seed; they are random,
// not anyone's key.
#include "classifiers/pii/secret_validators.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "classifiers/pii/pii_classifier.h"
#include "tests/classifiers/pii/pii_test_util.h"
#include "classifiers/pii/validators.h"

namespace scrubline {
namespace {

const std::string kShippedCatalog = std::string(SCRUBLINE_SOURCE_DIR) + "/patterns/pii";

constexpr std::string_view kBase62 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::string_view kBase64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kUpperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
constexpr std::string_view kHexLower = "0123456789abcdef";

std::string Random(std::mt19937& rng, std::string_view alphabet, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += alphabet[rng() % alphabet.size()];
  return s;
}

// RFC 4648 base64 (with padding) or base64url (without).
std::string Base64(std::string_view in, bool url) {
  const std::string_view abc =
      url ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_" : kBase64;
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : in) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += abc[(acc >> bits) & 63];
    }
  }
  if (bits > 0) out += abc[(acc << (6 - bits)) & 63];
  if (!url) {
    while (out.size() % 4 != 0) out += '=';
  }
  return out;
}

std::string Jwt(std::string_view header_json, std::string_view payload_json, std::mt19937& rng,
                int signature_bytes = 32) {
  std::string sig;
  for (int i = 0; i < signature_bytes; ++i) sig += static_cast<char>(rng() & 0xFF);
  return Base64(header_json, true) + "." + Base64(payload_json, true) + "." + Base64(sig, true);
}

// An armoured key of `der_bytes` random bytes in lines of `width`, joined by
// `nl` ("\n", "\r\n", "\\n" escaped, or " ").
std::string Armour(std::mt19937& rng, std::string_view label, int der_bytes, int width,
                   std::string_view nl) {
  std::string der;
  for (int i = 0; i < der_bytes; ++i) der += static_cast<char>(rng() & 0xFF);
  const std::string body = Base64(der, false);
  std::string out = "-----BEGIN " + std::string(label) + "-----";
  for (std::size_t i = 0; i < body.size(); i += width) {
    out += std::string(nl) + body.substr(i, width);
  }
  out += std::string(nl) + "-----END " + std::string(label) + "-----";
  return out;
}

// --- Classifier harness: the shipped catalog, compiled once per program. ---

struct Engine {
  std::shared_ptr<const PiiClassifier> classifier;
  std::unique_ptr<PiiClassifier::Scratch> scratch;
};

class SecretCatalog : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    engines_ = new std::vector<Engine>();
    for (PiiEngine e : {PiiEngine::kRe2Set, PiiEngine::kPrefilterRe2, PiiEngine::kHyperscanSom}) {
      PiiClassifierOptions options;
      options.engine = e;
      auto c = PiiClassifier::Create(kShippedCatalog, options);
      ASSERT_TRUE(c.ok()) << c.status().ToString();
      auto s = (*c)->NewScratch();
      ASSERT_TRUE(s.ok());
      engines_->push_back(Engine{*c, std::move(*s)});
    }
  }
  static void TearDownTestSuite() {
    delete engines_;
    engines_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(engines_ != nullptr && engines_->size() == 3); }

  // Findings of the default engine (Re2Set), or of engines_[engine]
  // (1: PrefilterRe2, 2: HyperscanSom).
  const std::vector<Finding>& Run(std::string_view text, std::size_t engine = 0,
                                  std::string_view field = {}) {
    Engine& e = (*engines_)[engine];
    auto st = e.classifier->Classify(text, FieldHint{field}, *e.scratch, found_);
    EXPECT_TRUE(st.ok()) << st.ToString();
    return found_;
  }
  bool FoundAs(std::string_view text, EntityType type, std::string_view span) {
    return testing::HasExactFinding(Run(text), text, type, span);
  }
  bool AnyOf(std::string_view text, EntityType type) {
    for (const Finding& f : Run(text)) {
      if (f.type == type) return true;
    }
    return false;
  }
  std::string Describe(std::string_view text) {
    std::string out;
    for (const Finding& f : Run(text)) {
      std::string span(text.substr(f.begin, f.end - f.begin));
      if (span.size() > 60) span = span.substr(0, 28) + "..." + span.substr(span.size() - 28);
      out += std::string(EntityTypeName(f.type)) + "/" +
             std::string(engines_->front().classifier->rule_id(f.rule)) + "[" + span + "] ";
    }
    return out;
  }
  // Every byte of `text` in [from, to) that is not a line break lies inside a
  // CREDENTIAL finding of engine `engine`.
  bool Covered(std::string_view text, std::size_t from, std::size_t to, std::size_t engine) {
    std::vector<bool> in(text.size(), false);
    for (const Finding& f : Run(text, engine)) {
      if (f.type != EntityType::kCredential) continue;
      for (std::uint32_t i = f.begin; i < f.end; ++i) in[i] = true;
    }
    for (std::size_t i = from; i < to; ++i) {
      const char c = text[i];
      if (c == '\n' || c == '\r' || c == ' ' || c == '\\') continue;
      if (!in[i]) {
        ADD_FAILURE() << "byte " << i << " of " << text.size()
                      << " not covered; findings: " << Describe(text);
        return false;
      }
    }
    return true;
  }

  static std::vector<Engine>* engines_;
  std::vector<Finding> found_;
};

std::vector<Engine>* SecretCatalog::engines_ = nullptr;

// ---------------------------------------------------------------- CREDENTIAL

TEST_F(SecretCatalog, CredentialPositives) {
  std::mt19937 rng(21);
  std::vector<std::pair<std::string, std::string>> cases;  // text, span
  auto add = [&](std::string text, std::string span) { cases.emplace_back(text, span); };

  for (const char* prefix : {"AKIA", "ASIA"}) {
    const std::string id = prefix + Random(rng, kUpperAlnum, 16);
    add(id, id);
    add("aws_access_key_id = " + id + "\n", id);
  }
  // Secrets without a prefix of their own are found with the name before
  // them, and the name is part of the finding.
  const std::string aws_secret = Random(rng, kBase64, 40);
  add("aws_secret_access_key=" + aws_secret, "aws_secret_access_key=" + aws_secret);
  add("{\"SecretAccessKey\": \"" + aws_secret + "\"}", "SecretAccessKey\": \"" + aws_secret);
  add("export AWS_SECRET=" + aws_secret, "AWS_SECRET=" + aws_secret);

  const std::string google = "AIza" + Random(rng, std::string(kBase62) + "_-", 35);
  add(google, google);
  add("https://maps.example/js?key=" + google + "&v=3", google);

  for (const char* prefix : {"ghp_", "gho_", "ghu_", "ghs_", "ghr_"}) {
    const std::string t = prefix + Random(rng, kBase62, 36);
    add("token " + t, t);
  }
  const std::string pat = "github_pat_" + Random(rng, kBase62, 22) + "_" + Random(rng, kBase62, 59);
  add("GITHUB_TOKEN=" + pat, pat);

  const std::string bot = "xoxb-" + Random(rng, "0123456789", 11) + "-" +
                          Random(rng, "0123456789", 12) + "-" + Random(rng, kBase62, 24);
  const std::string user = "xoxp-" + Random(rng, "0123456789", 11) + "-" +
                           Random(rng, "0123456789", 11) + "-" + Random(rng, "0123456789", 12) +
                           "-" + Random(rng, kHexLower, 32);
  const std::string app = "xapp-1-A" + Random(rng, kUpperAlnum, 10) + "-" +
                          Random(rng, "0123456789", 13) + "-" + Random(rng, kHexLower, 64);
  add(bot, bot);
  add("slack: " + user + ".", user);
  add("SLACK_APP_TOKEN=" + app, app);
  const std::string hook = "https://hooks.slack.com/services/T" + Random(rng, kUpperAlnum, 8) +
                           "/B" + Random(rng, kUpperAlnum, 10) + "/" + Random(rng, kBase62, 24);
  add("curl -X POST " + hook + " -d @msg.json", hook);

  for (const char* prefix : {"sk_live_", "rk_live_", "pk_live_", "sk_test_", "whsec_"}) {
    const std::string k = prefix + Random(rng, kBase62, 24);
    add("stripe key " + k, k);
  }

  const std::string jwt =
      Jwt(R"({"alg":"HS256","typ":"JWT"})", R"({"sub":"1234567890","name":"Jane Doe"})", rng);
  add(jwt, jwt);
  add("Authorization: Bearer " + jwt, jwt);
  add("https://app.example/cb?token=" + jwt + "&state=1", jwt);
  const std::string spaced = Jwt(R"({ "typ": "JWT", "alg": "RS256" })", R"({"iss":"x"})", rng, 256);
  add("id_token: " + spaced, spaced);
  const std::string unsigned_jwt =
      Base64(R"({"alg":"none"})", true) + "." + Base64(R"({"sub":"jane"})", true) + ".";
  add(unsigned_jwt + " ", unsigned_jwt);

  const std::string ec = Armour(rng, "EC PRIVATE KEY", 121, 64, "\n");
  add(ec, ec);
  const std::string ed = Armour(rng, "OPENSSH PRIVATE KEY", 300, 70, "\n");
  add("key:\n" + ed + "\n", ed);
  const std::string pkcs8 = Armour(rng, "PRIVATE KEY", 138, 64, "\r\n");
  add(pkcs8, pkcs8);

  const std::string sid_secret = "SK" + Random(rng, kHexLower, 32) + ":" + Random(rng, kBase62, 32);
  add(sid_secret, sid_secret);
  const std::string account_pair =
      "AC" + Random(rng, kHexLower, 32) + ":" + Random(rng, kHexLower, 32);
  add("https://" + account_pair + "@api.example.com/2010-04-01/Accounts", account_pair);
  const std::string auth_token = Random(rng, kHexLower, 32);
  add("Auth Token: " + auth_token, auth_token);
  add("{\"auth_token\":\"" + auth_token + "\"}", auth_token);
  add(auth_token + " is the API secret", auth_token);

  // {text before the name, the name and separator}
  const std::pair<const char*, const char*> named[] = {
      {"", "password: "},
      {"", "passwd="},
      {"", "pwd "},
      {"", "client_secret="},
      {"", "api_key: "},
      {"", "X-Api-Key: "},
      {"?", "access_token="},
      {"{\"", "refresh_token\": \""},
      {"Authorization: ", "Bearer "},
      {"export ", "DB_PASSWORD="},
      {"", "private_key_id: "},
      {"the ", "passphrase is "},
      {"", "apiKey="},
      {"", "credentials: "},
  };
  // Where the name ends in a label word (labelled_secret) the finding is the
  // value alone; other names ("private_key_id") go with the value
  // (generic_secret).
  for (const auto& [before, name] : named) {
    const std::string s = Random(rng, kBase62, 32 + static_cast<int>(rng() % 16));
    const bool value_only = std::string_view(name) != "private_key_id: ";
    add(before + std::string(name) + s + "\"", value_only ? s : name + s);
  }
  const std::string b64 = "Q" + Random(rng, kBase64, 42) + "=";
  add("secret: " + b64, "secret: " + b64);
  const std::string urlsafe = "Q" + Random(rng, std::string(kBase62) + "-_", 38) + "Q";
  add("session token " + urlsafe, urlsafe);

  ASSERT_GE(cases.size(), 40u);
  for (const auto& [text, span] : cases) {
    EXPECT_TRUE(FoundAs(text, EntityType::kCredential, span)) << text << " -> " << Describe(text);
  }
}

TEST_F(SecretCatalog, CredentialNegatives) {
  std::mt19937 rng(22);
  const std::string id = "AKIA" + Random(rng, kUpperAlnum, 16);
  const std::string aws_secret = Random(rng, kBase64, 40);
  std::vector<std::string> cases = {
      id.substr(0, 19),                                                  // short key id
      "akia" + Random(rng, "abcdefghijklmnopqrstuvwxyz0123456789", 16),  // lower case
      "AIDA" + Random(rng, kUpperAlnum, 16),                             // a user id, not a key
      "AKIAAAAAAAAAAAAAAAAA",                                            // filler
      "commit " + aws_secret,                                            // 40 bytes, no context
      "aws sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709",               // hex with "aws"
      "AIza" + Random(rng, kBase62, 20),                                 // short Google key
      "ghx_" + Random(rng, kBase62, 36),                                 // unknown GitHub prefix
      "ghp_" + Random(rng, kBase62, 30),                                 // short GitHub token
      "xoxb-not-a-real-token",
      "sk_prod_" + Random(rng, kBase62, 24),
      "task_live_" + Random(rng, kBase62, 24),
      "https://hooks.slack.com/services/",
      "https://api.slack.com/messaging/webhooks",
      // JWT-shaped, but the header is not a JSON object naming "alg".
      Base64(R"({"sub":"1"})", true) + "." + Base64(R"({"sub":"1"})", true) + ".c2ln",
      Base64("not json at all", true) + "." + Base64("x", true) + ".c2ln",
      "eyeglasses.example.com",
      "md5 86d0cd566647b5aa666347428c3dd46c",      // 32 hex, no token word
      "token 00000000000000000000000000000000",    // filler
      "token 0123456789012345678901234567890123",  // digits only
      "password: customer_account_id",             // an identifier
      "token: AbstractSingletonProxyFactoryBean",
      "secret: reset_password_token_v2x",
      "token: aaaaaaaaaaaaaaaaaaaaaaaa1",
      "password reset: https://example.com/account/reset-password",
      "your token expires in 3600 seconds",
      "the api key is required; see docs/authentication-guide-2023.md",
      "secret santa on 2023-12-24 at 18:30",
      Random(rng, kBase62, 32),  // random, but nothing names it
      "ticket " + Random(rng, kBase62, 32),
  };
  // Armoured material that is not a private key.
  cases.push_back(Armour(rng, "CERTIFICATE", 600, 64, "\n"));
  cases.push_back(Armour(rng, "PUBLIC KEY", 294, 64, "\n"));
  cases.push_back(Armour(rng, "CERTIFICATE REQUEST", 400, 64, "\n"));
  ASSERT_GE(cases.size(), 20u);
  for (const std::string& text : cases) {
    EXPECT_FALSE(AnyOf(text, EntityType::kCredential)) << text << " -> " << Describe(text);
  }
}

TEST_F(SecretCatalog, LongJwtReportsWhatFits) {
  std::mt19937 rng(23);
  // 1.3 KB: too long for one finding. header.payload. is reported.
  const std::string header = Base64(R"({"alg":"RS512","typ":"JWT","kid":"k1"})", true);
  const std::string payload = Base64(R"({"sub":"jane","email":"jane@example.com"})", true);
  std::string sig;
  for (int i = 0; i < 960; ++i) sig += static_cast<char>(rng() & 0xFF);
  const std::string token = header + "." + payload + "." + Base64(sig, true);
  ASSERT_GT(token.size(), 1024u);
  EXPECT_TRUE(FoundAs("Bearer " + token, EntityType::kCredential, header + "." + payload + "."))
      << Describe("Bearer " + token);
  // A payload too long as well: the header alone, so the token is unusable.
  std::string claims = R"({"sub":"jane","groups":[)";
  for (int i = 0; i < 100; ++i) claims += "\"group-" + std::to_string(i) + "\",";
  claims += R"("last"]})";
  const std::string fat = header + "." + Base64(claims, true) + "." + Base64(sig, true);
  EXPECT_TRUE(FoundAs(fat, EntityType::kCredential, header + ".")) << Describe(fat);
}

TEST_F(SecretCatalog, LongPrivateKeysAreCoveredEntirely) {
  std::mt19937 rng(24);
  struct Form {
    std::string_view label;
    int der_bytes;
    int width;
    std::string_view nl;
  };
  const Form forms[] = {
      {"RSA PRIVATE KEY", 1190, 64, "\n"},      // RSA-2048 PKCS#1
      {"PRIVATE KEY", 2375, 64, "\n"},          // RSA-4096 PKCS#8
      {"PRIVATE KEY", 1217, 64, "\r\n"},        // CRLF
      {"RSA PRIVATE KEY", 1190, 64, "\\n"},     // escaped in logged JSON
      {"PRIVATE KEY", 1217, 64, " "},           // flattened onto one line
      {"OPENSSH PRIVATE KEY", 1800, 70, "\n"},  // OpenSSH width
      {"ENCRYPTED PRIVATE KEY", 1300, 64, "\n"},
      {"PRIVATE KEY", 1155, 64, "\n"},  // 24 full lines + a 4-byte one
  };
  for (const Form& f : forms) {
    const std::string key = Armour(rng, f.label, f.der_bytes, f.width, f.nl);
    const std::string text = "here is the key:\n" + key + "\nthanks";
    const std::size_t from = text.find("-----BEGIN");
    const std::size_t to = text.find("-----END");
    ASSERT_GT(to - from, 1024u);
    for (std::size_t engine = 0; engine < 3; ++engine) {
      EXPECT_TRUE(Covered(text, from, to, engine)) << f.label << " / engine " << engine;
    }
    // No finding leaks outside the armour.
    for (const Finding& finding : Run(text)) {
      EXPECT_GE(finding.begin, from - 1);
      EXPECT_LE(finding.end, text.find("-----", to + 8) + 5);
    }
  }
  // Legacy encrypted PEM with headers.
  std::string der;
  for (int i = 0; i < 1200; ++i) der += static_cast<char>(rng() & 0xFF);
  const std::string body = Base64(der, false);
  std::string legacy =
      "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
      "DEK-Info: AES-128-CBC,0123456789ABCDEF0123456789ABCDEF\n";
  for (std::size_t i = 0; i < body.size(); i += 64) legacy += "\n" + body.substr(i, 64);
  legacy += "\n-----END RSA PRIVATE KEY-----";
  const std::size_t body_at = legacy.find("\n\n") + 2;
  EXPECT_TRUE(Covered(legacy, body_at, legacy.find("-----END"), 0));
  // PGP armour headers have no '-'.
  std::string pgp = "-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\nComment: test\n";
  for (std::size_t i = 0; i < body.size(); i += 64) pgp += "\n" + body.substr(i, 64);
  pgp += "\n=Xq3w\n-----END PGP PRIVATE KEY BLOCK-----";
  EXPECT_TRUE(Covered(pgp, pgp.find("\n\n") + 2, pgp.find("-----END"), 0));
}

TEST_F(SecretCatalog, ArmourBodyNeedsAPrivateKeyBeginLine) {
  std::mt19937 rng(25);
  // The same base64 lines after a certificate's BEGIN, after a private key's
  // END, or with no armour at all: no CREDENTIAL.
  std::string der;
  for (int i = 0; i < 1500; ++i) der += static_cast<char>(rng() & 0xFF);
  const std::string body = Base64(der, false);
  std::string lines;
  for (std::size_t i = 0; i < body.size(); i += 64) lines += "\n" + body.substr(i, 64);
  EXPECT_FALSE(AnyOf("-----BEGIN CERTIFICATE-----" + lines + "\n-----END CERTIFICATE-----",
                     EntityType::kCredential));
  EXPECT_FALSE(AnyOf("Content-Transfer-Encoding: base64\n" + lines, EntityType::kCredential));
  const std::string small = Armour(rng, "EC PRIVATE KEY", 121, 64, "\n");
  const std::string after = small + "\nattachment:" + lines;
  for (const Finding& f : Run(after)) {
    EXPECT_LE(f.end, small.size()) << Describe(after);
  }
}

TEST_F(SecretCatalog, LargeBase64AndHexTextStaysWithinTheWorkBudget) {
  std::mt19937 rng(26);
  std::string der;
  for (int i = 0; i < 300000; ++i) der += static_cast<char>(rng() & 0xFF);
  const std::string body = Base64(der, false);
  std::string mime = "Content-Type: image/png\nContent-Transfer-Encoding: base64\n";
  for (std::size_t i = 0; i < body.size(); i += 76) mime += "\n" + body.substr(i, 76);
  // Context words may start a base64 line by chance ("pwd..."), so a stray
  // finding is possible; what matters is that the scan completes.
  EXPECT_LE(Run(mime).size(), 2u);
  EXPECT_TRUE(Run(body).empty());  // one 400 KB line
  // A private key BEGIN line followed by far more base64 than any key.
  const std::string fake = "-----BEGIN PRIVATE KEY-----" + mime.substr(58);
  Run(fake);  // must not fail (the harness asserts the status)
  const std::string hex = Random(rng, kHexLower, 200000);
  EXPECT_TRUE(Run("token " + hex).empty());
}

TEST_F(SecretCatalog, GenericSecretsNeedAWordThatNamesThem) {
  std::mt19937 rng(27);
  const std::string s = Random(rng, kBase62, 36);
  // The finding is the value alone (labelled_secret); the name is not a secret.
  EXPECT_TRUE(FoundAs("password=" + s, EntityType::kCredential, s));
  EXPECT_TRUE(FoundAs("my password: K5syg%BJ*x ok", EntityType::kCredential, "K5syg%BJ*x"));
  EXPECT_FALSE(AnyOf("password: Incorrect", EntityType::kCredential));
  EXPECT_FALSE(AnyOf("the session token eyJhbGciOiJIUzI1NiJ9 expired", EntityType::kCredential));
  EXPECT_FALSE(AnyOf("ref=" + s, EntityType::kCredential));
  EXPECT_FALSE(AnyOf("password " + std::string(50, '.') + " " + s, EntityType::kCredential));
  // The name must come before the value (the pattern anchors on it).
  EXPECT_FALSE(AnyOf(s + " <- that is my password", EntityType::kCredential));
  // A value glued to more secret bytes, or too long, is not one.
  EXPECT_FALSE(AnyOf("token=" + s + Random(rng, kBase62, 240), EntityType::kCredential));
}

// ---------------------------------------------------------------- PLATFORM_SID

TEST_F(SecretCatalog, PlatformSidPositives) {
  std::mt19937 rng(28);
  std::vector<std::pair<std::string, std::string>> cases;
  for (const char* prefix : {"AC", "SM", "MM", "CA", "RE", "PN", "SK"}) {
    const std::string a = prefix + Random(rng, kHexLower, 32);
    const std::string b = prefix + Random(rng, kHexLower, 32);
    const std::string c = prefix + Random(rng, kHexLower, 32);
    cases.push_back({a, a});
    cases.push_back({"sid=" + b + ";", b});
    cases.push_back({"/2010-04-01/Accounts/" + c + "/Messages.json", c});
  }
  ASSERT_GE(cases.size(), 20u);
  for (const auto& [text, span] : cases) {
    EXPECT_TRUE(FoundAs(text, EntityType::kPlatformSid, span)) << text << " -> " << Describe(text);
  }
}

TEST_F(SecretCatalog, PlatformSidNegatives) {
  std::mt19937 rng(29);
  const std::string hex = Random(rng, kHexLower, 32);
  const std::vector<std::string> cases = {
      "MG" + hex,  // messaging service: deliberately not reported
      "XY" + hex,
      "ZZ" + hex,
      "ac" + hex,                                  // lower-case prefix
      "AC" + Random(rng, "0123456789ABCDEF", 32),  // upper-case hex
      "AC" + hex.substr(0, 31),                    // short
      "AC" + hex + "0",                            // long
      "xAC" + hex,                                 // glued to a word
      "AC" + hex + "g",
      "AC" + hex.substr(0, 16) + "-" + hex.substr(16),
      "AC" + hex.substr(0, 31) + "z",
      "SK" + hex + ":" + Random(rng, kBase62, 32),  // a key pair: a CREDENTIAL
      "AC " + hex,
      hex,  // bare hex
      "ACCOUNT " + hex,
      "SM-" + hex,
      "PN_" + hex,
      "CA" + hex.substr(0, 20),
      "order AC12345",
      "REference 2023-11-02",
  };
  ASSERT_GE(cases.size(), 20u);
  for (const std::string& text : cases) {
    EXPECT_FALSE(AnyOf(text, EntityType::kPlatformSid)) << text << " -> " << Describe(text);
  }
}

// ---------------------------------------------------------------- URLs

// A URL is personal data only through what it carries: the entity inside is
// reported as itself, and a plain URL produces no finding at all.
TEST_F(SecretCatalog, UrlsCarryEntitiesAndAreNothingByThemselves) {
  std::mt19937 rng(30);
  const std::string jwt = Jwt(R"({"alg":"HS256"})", R"({"sub":"jane"})", rng);
  EXPECT_TRUE(FoundAs("https://x.example/u?email=jane@example.com", EntityType::kEmail,
                      "jane@example.com"));
  EXPECT_TRUE(FoundAs("https://x.example/u/jane.doe@example.com/profile", EntityType::kEmail,
                      "jane.doe@example.com"));
  EXPECT_TRUE(FoundAs("https://x.example/cb?token=" + jwt, EntityType::kCredential, jwt));
  EXPECT_TRUE(FoundAs("https://x.example/cb#access_token=" + jwt + "&expires_in=3600",
                      EntityType::kCredential, jwt));
  EXPECT_TRUE(FoundAs("https://x.example/users/+14155550100/", EntityType::kPhone, "+14155550100"));
  EXPECT_TRUE(FoundAs("https://x.example/call?to=%2B14155550100&from=+442071838750",
                      EntityType::kPhone, "+442071838750"));
  const std::string auth = Random(rng, kHexLower, 32);
  EXPECT_TRUE(FoundAs("https://x.example/hook?auth_token=" + auth, EntityType::kCredential, auth));
  const std::string sid = "AC" + Random(rng, kHexLower, 32);
  EXPECT_TRUE(FoundAs("https://api.example.com/2010-04-01/Accounts/" + sid + ".json",
                      EntityType::kPlatformSid, sid));
  EXPECT_TRUE(FoundAs("http://203.0.113.7:8080/status", EntityType::kIpAddress, "203.0.113.7"));

  for (const char* plain : {
           "https://example.com/pricing",
           "https://example.com/",
           "http://www.example.org/docs/getting-started?lang=en#install",
           "https://shop.example.co.uk/products/red-shoes-size-42?color=red&page=2",
           "https://cdn.example.net/assets/app.3f9a2c.min.js",
           "https://example.com/blog/2023/11/02/release-notes",
           "https://example.com/search?q=phone+number+format",
           "https://example.com/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p",
           "ftp://files.example.com/pub/README.txt",
           "https://example.com:8443/v1/health",
       }) {
    EXPECT_TRUE(Run(plain).empty()) << plain << " -> " << Describe(plain);
  }
}

// ---------------------------------------------------------------- unit tests

TEST(SecretValidators, RegisteredByName) {
  for (auto v : {Validator::kApiToken, Validator::kAwsSecretKey, Validator::kSlackToken,
                 Validator::kJwt, Validator::kPemPrivateKey, Validator::kPemPrivateKeyBody,
                 Validator::kHexToken, Validator::kHighEntropySecret, Validator::kLabelledSecret}) {
    auto parsed = ParseValidator(ValidatorName(v));
    ASSERT_TRUE(parsed.has_value()) << ValidatorName(v);
    EXPECT_EQ(*parsed, v);
  }
}

TEST(SecretValidators, ApiTokenInTextWantsCleanEdges) {
  const std::string t = "ghp_" + std::string("aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5");
  EXPECT_TRUE(ApiTokenInText(" " + t + " ", 1, 1 + t.size()));
  EXPECT_FALSE(ApiTokenInText("x" + t, 1, 1 + t.size()));
  EXPECT_FALSE(ApiTokenInText(t + "-x", 0, t.size()));
  EXPECT_FALSE(ApiTokenInText("AKIAAAAAAAAAAAAAAAAA", 0, 20));
}

TEST(SecretValidators, AwsSecretKey) {
  EXPECT_TRUE(AwsSecretKeyValid("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
  EXPECT_FALSE(AwsSecretKeyValid("da39a3ee5e6b4b0d3255bfef95601890afd80709"));  // hex
  EXPECT_FALSE(AwsSecretKeyValid("ABCDEFGHIJABCDEFGHIJABCDEFGHIJABCDEFGHIJ"));
  EXPECT_FALSE(AwsSecretKeyValid("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKE"));
  EXPECT_FALSE(AwsSecretKeyValid("wJalrXUtnFEMI/K7MDENG-bPxRfiCYEXAMPLEKEY"));
  const std::string t = "aws_secret=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  EXPECT_TRUE(AwsSecretKeyInText(t, 0, t.size()));
  EXPECT_FALSE(AwsSecretKeyInText(t + "=", 0, t.size()));  // padding: part of longer base64
  EXPECT_FALSE(AwsSecretKeyInText(t + "Q", 0, t.size()));
  const std::string glued = "aws_secret=Q" + t.substr(11, 40);
  EXPECT_FALSE(AwsSecretKeyInText(glued, 0, glued.size()));  // base64 before the key
  EXPECT_FALSE(AwsSecretKeyInText(t, 11, t.size()));         // the key alone
}

TEST(SecretValidators, SlackToken) {
  EXPECT_TRUE(SlackTokenValid("xoxb-12345678901-123456789012-abcdefABCDEF123456789012"));
  EXPECT_TRUE(SlackTokenValid("xapp-1-A0123456789-1234567890123-abcdef0123456789"));
  EXPECT_FALSE(SlackTokenValid("xoxb-not-a-real-token"));
  EXPECT_FALSE(SlackTokenValid("xoxb--123-abcdefgh"));
  EXPECT_FALSE(SlackTokenValid("xoxb-123456789"));
  EXPECT_FALSE(SlackTokenValid("xoxb-123-abcdefgh-"));
  EXPECT_FALSE(SlackTokenValid("xyzb-123-abcdefgh"));
}

TEST(SecretValidators, Jwt) {
  std::mt19937 rng(31);
  const std::string jwt = Jwt(R"({"alg":"ES256"})", R"({"sub":"x"})", rng);
  EXPECT_TRUE(JwtValid(jwt));
  const std::string h = jwt.substr(0, jwt.find('.'));
  EXPECT_TRUE(JwtValid(h + "."));  // prefix forms
  EXPECT_TRUE(JwtValid(jwt.substr(0, jwt.rfind('.') + 1)));
  EXPECT_FALSE(JwtValid(h));
  EXPECT_FALSE(JwtValid(h + ".abc"));                                   // one dot, not at the end
  EXPECT_FALSE(JwtValid(jwt + ".x"));                                   // four segments
  EXPECT_FALSE(JwtValid(h + ".a.b"));                                   // segment of length 4k+1
  EXPECT_FALSE(JwtValid(h + ".ab+c.d"));                                // not base64url
  EXPECT_FALSE(JwtValid(Base64(R"({"typ":"JWT"})", true) + ".e30.x"));  // no "alg"
  EXPECT_FALSE(JwtValid(Base64(R"(["alg"])", true) + ".e30.x"));        // not an object
  EXPECT_FALSE(JwtValid(Base64("{\"alg\":\"x\"\x01}", true) + ".e30.x"));  // control byte
  EXPECT_FALSE(JwtValid(Base64(R"({"algorithm":"x"})", true) + ".e30.x"));
  std::string big = R"({"alg":"HS256","x":")" + std::string(300, 'a') + "\"}";
  EXPECT_FALSE(JwtValid(Base64(big, true) + ".e30.x"));  // header over 255 bytes
  // Neighbours.
  const std::string in = "t=" + jwt + "&";
  EXPECT_TRUE(JwtInText(in, 2, 2 + jwt.size()));
  EXPECT_FALSE(JwtInText("." + jwt, 1, 1 + jwt.size()));
  EXPECT_FALSE(JwtInText(jwt + "-", 0, jwt.size()));
  const std::string prefix = h + ".";
  EXPECT_TRUE(JwtInText(jwt, 0, prefix.size()));  // the rest may follow a prefix
}

TEST(SecretValidators, PemPrivateKey) {
  EXPECT_TRUE(PemPrivateKeyValid("-----BEGIN RSA PRIVATE KEY-----"));
  EXPECT_TRUE(PemPrivateKeyValid("-----BEGIN PRIVATE KEY-----"));
  EXPECT_TRUE(PemPrivateKeyValid("-----BEGIN PGP PRIVATE KEY BLOCK-----"));
  EXPECT_TRUE(PemPrivateKeyValid(
      "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBase64==\n-----END EC PRIVATE KEY-----"));
  EXPECT_FALSE(PemPrivateKeyValid(
      "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBase64==\n-----END RSA PRIVATE KEY-----"));
  EXPECT_FALSE(PemPrivateKeyValid("-----BEGIN PUBLIC KEY-----"));
  EXPECT_FALSE(PemPrivateKeyValid("-----BEGIN rsa PRIVATE KEY-----"));
  EXPECT_FALSE(PemPrivateKeyValid("-----BEGIN RSAPRIVATE KEY-----"));
  EXPECT_FALSE(PemPrivateKeyValid("-----BEGIN PRIVATE KEY----"));
  EXPECT_FALSE(PemPrivateKeyValid("-----BEGIN PRIVATE KEY-----\nab<cd\n-----END PRIVATE KEY-----"));
}

TEST(SecretValidators, PemPrivateKeyBodyLooksBackForTheArmour) {
  const std::string line(64, 'A');
  const std::string key = "-----BEGIN PRIVATE KEY-----\n" + line + "\n" + line + "\n" + line;
  const std::size_t first = key.find('\n');
  EXPECT_TRUE(PemPrivateKeyBodyInText(key, first, first + 65));
  const std::size_t third = key.rfind('\n');
  EXPECT_TRUE(PemPrivateKeyBodyInText(key, third, key.size()));
  // Not after a certificate, an END line, or nothing.
  std::string cert = key;
  cert.replace(11, 11, "CERTIFICATE");
  EXPECT_FALSE(PemPrivateKeyBodyInText(cert, cert.rfind('\n'), cert.size()));
  const std::string ended = key + "\n-----END PRIVATE KEY-----\n" + line;
  EXPECT_FALSE(PemPrivateKeyBodyInText(ended, ended.rfind('\n'), ended.size()));
  const std::string bare = "\n" + line + "\n" + line;
  EXPECT_FALSE(PemPrivateKeyBodyInText(bare, bare.rfind('\n'), bare.size()));
  // Text between the armour and the span that is not base64.
  const std::string prose = "-----BEGIN PRIVATE KEY-----\nhello, world!\n" + line;
  EXPECT_FALSE(PemPrivateKeyBodyInText(prose, prose.rfind('\n'), prose.size()));
  // Over kPemLookback away.
  std::string far = "-----BEGIN PRIVATE KEY-----";
  while (far.size() < kPemLookback + 100) far += "\n" + line;
  EXPECT_FALSE(PemPrivateKeyBodyInText(far, far.rfind('\n'), far.size()));
  // A line longer than an armour line.
  const std::string wide = "-----BEGIN PRIVATE KEY-----\n" + std::string(120, 'A');
  EXPECT_FALSE(PemPrivateKeyBodyInText(wide, wide.find('\n'), wide.size()));
}

TEST(SecretValidators, HexToken) {
  EXPECT_TRUE(HexTokenValid("86d0cd566647b5aa666347428c3dd46c"));
  EXPECT_TRUE(HexTokenValid("86D0CD566647B5AA666347428C3DD46C"));
  EXPECT_FALSE(HexTokenValid("86d0cd566647b5aa666347428C3DD46C"));  // mixed case
  EXPECT_FALSE(HexTokenValid("01234567890123456789012345678901"));  // no letter
  EXPECT_FALSE(HexTokenValid("abababababababababababababababab"));  // no digit
  EXPECT_FALSE(HexTokenValid("a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1"));  // 2 distinct
  EXPECT_FALSE(HexTokenValid("86d0cd566647b5a"));                   // too short
  const std::string uuidish = "6d92078a-86d0cd566647b5aa666347428c3dd46c";
  EXPECT_FALSE(HexTokenInText(uuidish, 9, uuidish.size()));
}

TEST(SecretValidators, HighEntropySecret) {
  std::mt19937 rng(32);
  int accepted = 0;
  for (int i = 0; i < 200; ++i) accepted += HighEntropySecretValid(Random(rng, kBase62, 40));
  EXPECT_GE(accepted, 196);  // measured miss rate ~0.1% at 40 bytes
  accepted = 0;
  for (int i = 0; i < 200; ++i) accepted += HighEntropySecretValid(Random(rng, kHexLower, 40));
  EXPECT_GE(accepted, 194);
  for (const char* name :
       {"AWS_SECRET_ACCESS_KEY", "internationalization", "customer_account_id_x",
        "password1234567890abc", "Passw0rdPassw0rdPassw0rd", "aaaaaaaaaaaaaaaaaaaaaaaa1",
        "1234567890123456789012", "my_api_key_for_prod_2023", "getUserAccountSettingsNow",
        "2023-11-02T10-30-00Z10"}) {
    EXPECT_FALSE(HighEntropySecretValid(name)) << name;
  }
  EXPECT_FALSE(HighEntropySecretValid(Random(rng, kBase62, 19)));   // too short
  EXPECT_FALSE(HighEntropySecretValid(Random(rng, kBase62, 257)));  // too long
  EXPECT_FALSE(HighEntropySecretValid("abc.def.ghi.jkl.mno.pqr.stu"));
  EXPECT_DOUBLE_EQ(ShannonEntropy(""), 0.0);
  EXPECT_DOUBLE_EQ(ShannonEntropy("aaaa"), 0.0);
  EXPECT_DOUBLE_EQ(ShannonEntropy("abcd"), 2.0);
  const std::string s = Random(rng, kBase62, 32);
  const std::string named = "token=" + s;
  EXPECT_EQ(NamedSecretValue(named), s);
  EXPECT_EQ(NamedSecretValue("token: " + s + "=="), s + "==");
  EXPECT_EQ(NamedSecretValue(s), "");  // no name
  EXPECT_TRUE(HighEntropySecretInText(named + ";", 0, named.size()));
  EXPECT_FALSE(HighEntropySecretInText(named + "===", 0, named.size()));
  EXPECT_FALSE(HighEntropySecretInText(named + "x", 0, named.size()));
  const std::string long_name = std::string(100, 'x') + "token=" + s;
  EXPECT_FALSE(HighEntropySecretInText(long_name, 0, long_name.size()));
  EXPECT_FALSE(HighEntropySecretValid("eyJhbGciOiJIUzI1NiJ9"));  // a JWT header alone
}

TEST(SecretValidators, LabelledSecretReadsTheLabelBeforeTheValue) {
  // The span is the whole text (name, separator, value); the finding the value.
  const auto at_end = [](const std::string& text, const std::string& value) {
    return LabelledSecretInText(text, 0, text.size()) &&
           LabelledSecretValueBegin(text, 0, text.size()) == text.size() - value.size();
  };
  for (const char* label : {"password: ", "Passwort: ", "pwd=", "mot de passe : ",
                            "DB_PASSWORD=", "\"passcode\": \"", "password is "}) {
    EXPECT_TRUE(at_end(std::string(label) + "K5syg%BJ*x", "K5syg%BJ*x")) << label;
  }
  EXPECT_FALSE(at_end("passport: K5syg%BJ*x", "K5syg%BJ*x"));
  EXPECT_TRUE(at_end("password K5syg%BJ*x", "K5syg%BJ*x"));
  EXPECT_FALSE(at_end("passwordK5syg%BJ*x", "K5syg%BJ*x"));  // no separator
  EXPECT_FALSE(at_end("password:K5syg%BJ*x", "5syg%BJ*x"));  // not the whole value
  const std::string key = "bPkZyRHJouZrQV3xZAxjRM8mbTgDIMRB";
  EXPECT_TRUE(at_end("client_secret=" + key, key));
  EXPECT_FALSE(at_end("client_secret=K5syg%BJ*x", "K5syg%BJ*x"));  // a key needs entropy
  const std::string glued = "password: K5syg%BJ*xyz";
  EXPECT_FALSE(LabelledSecretInText(glued, 0, 20));  // more value bytes follow
  for (const char* ok : {"K5syg%BJ*x", "cplzmzdLFzM", "0thoZo24E", "hunter2hunter"}) {
    EXPECT_TRUE(PasswordValueValid(ok)) << ok;
  }
  for (const char* no : {"changed", "Incorrect", "12345", "abc123.", "has space", "a\"b12345"}) {
    EXPECT_FALSE(PasswordValueValid(no)) << no;
  }
}

}  // namespace
}  // namespace scrubline
