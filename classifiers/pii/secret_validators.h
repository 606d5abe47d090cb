// Validators for credentials: cloud and API keys, tokens, JWTs, private keys, high-entropy secrets.
//
// This family contributes SCRUBLINE_PII_SECRET_VALIDATORS(X) to the
// registry in validators.h: X(enumerator, catalog name, ValidatorFn) where
// the function has the signature of ValidatorFn (whole text + span, so it
// may look at neighbouring bytes). Like every validator: pure, thread-safe,
// allocation-free, linear in the span, safe on any bytes. The one exception
// to "linear in the span" is PemPrivateKeyBodyInText, which also reads back up to
// kPemLookback bytes (see there).
//
// The credential patterns carry literal prefixes ("AKIA", "ghp_", "xoxb-",
// "eyJ", "-----BEGIN") wherever the format has one; these validators then
// check what the pattern cannot say: the token is not glued to more token
// bytes, a JWT header decodes to a JSON object naming its "alg", a key
// block is really inside a PRIVATE KEY armour, a generic secret looks random.
#pragma once

#include <cstddef>
#include <string_view>

namespace scrubline {

#define SCRUBLINE_PII_SECRET_VALIDATORS(X)                               \
  X(kApiToken, "api_token", ApiTokenInText)                              \
  X(kAwsSecretKey, "aws_secret_key", AwsSecretKeyInText)                 \
  X(kSlackToken, "slack_token", SlackTokenInText)                        \
  X(kJwt, "jwt", JwtInText)                                              \
  X(kPemPrivateKey, "pem_private_key", PemPrivateKeyInText)              \
  X(kPemPrivateKeyBody, "pem_private_key_body", PemPrivateKeyBodyInText) \
  X(kHexToken, "hex_token", HexTokenInText)                              \
  X(kHighEntropySecret, "high_entropy_secret", HighEntropySecretInText)   \
  X(kLabelledSecret, "labelled_secret", LabelledSecretInText)

// How far PemPrivateKeyBodyInText looks back for the BEGIN line: more than
// the armoured size of an RSA-8192 key (~6.4 KB).
inline constexpr std::size_t kPemLookback = 16 * 1024;

// --- Entry points (whole text + span). ---

// A fixed-format API token (AWS key id, Google API key, GitHub, Stripe,
// Slack webhook, platform key pair): not glued to more token bytes
// [A-Za-z0-9_-] on either side (the edge check only looks at alphanumeric
// ends), and at least 6 distinct bytes ("AKIAAAAAAAAAAAAAAAAA" is a filler).
bool ApiTokenInText(std::string_view text, std::size_t begin, std::size_t end);
// "<name><separator><key>" (the catalog pattern anchors on the name: "aws",
// "secret"): the last 40 bytes pass AwsSecretKeyValid, the byte before them
// is not base64, and no base64 or '=' follows the span.
bool AwsSecretKeyInText(std::string_view text, std::size_t begin, std::size_t end);
// SlackTokenValid, not glued to more token bytes.
bool SlackTokenInText(std::string_view text, std::size_t begin, std::size_t end);
// JwtValid, not glued to more base64url bytes or a leading '.'.
bool JwtInText(std::string_view text, std::size_t begin, std::size_t end);
// PemPrivateKeyValid on the span alone.
bool PemPrivateKeyInText(std::string_view text, std::size_t begin, std::size_t end);
// A line break and a base64 line (the last one may carry the END line) that
// lie inside a private-key armour: within kPemLookback bytes before `begin`
// there is a "-----BEGIN ... PRIVATE KEY-----" line, and between it and
// `begin` only armour headers ("Proc-Type: ...", lines with a ':', at most
// 512 bytes right after the BEGIN line) and base64 lines; the span's line is
// at most 80 bytes. The scan back finds the last '-' with memrchr (base64
// has none), so text without a nearby armour costs one vectorised scan of at
// most kPemLookback bytes per candidate line; inside an armour the check is
// linear in the distance to the BEGIN line (quadratic per key, ~50 us for
// an RSA-4096 key).
bool PemPrivateKeyBodyInText(std::string_view text, std::size_t begin, std::size_t end);
// HexTokenValid, not glued to more hex by '-' (a UUID's groups).
bool HexTokenInText(std::string_view text, std::size_t begin, std::size_t end);
// "<name><separator><value>" where the catalog pattern anchors on a word
// that names a secret ("password", "token", "api_key", ...): the value (see
// NamedSecretValue) passes HighEntropySecretValid, the name and separator
// take at most kMaxSecretName bytes, and no secret byte or '=' follows.
// The whole span is the finding: the name goes with the value.
bool HighEntropySecretInText(std::string_view text, std::size_t begin, std::size_t end);

// "<name><separator><value>" (the catalog pattern anchors on the name); the
// finding is the value alone (LabelledSecretValueBegin; the name is not a
// secret). The value is the span's last run of printable bytes without
// blanks, quotes, ':' or '='. Right before it: an optional quote, then ':'
// or '=' or blanks (or " is "), an optional closing quote of a key, then a
// label word ending the name (ASCII case-insensitive; "DB_PASSWORD",
// "client_secret", "Passwort", "mot de passe"), at most
// kMaxLabelledSecretLookback bytes back. After a password label the value
// is PasswordValueValid; after a key or token label ("secret", "token",
// "api_key", "access_key", "private_key", "credential", "bearer") it is
// HighEntropySecretValid. No byte of the value follows the span.
bool LabelledSecretInText(std::string_view text, std::size_t begin, std::size_t end);
// Where the value of a labelled_secret span text[begin, end) begins.
std::size_t LabelledSecretValueBegin(std::string_view text, std::size_t begin, std::size_t end);
inline constexpr std::size_t kMaxLabelledSecretLookback = 48;

// The longest bytes of [A-Za-z0-9+/_-] (plus up to two '=') that end `s`,
// when something precedes them; empty otherwise.
std::string_view NamedSecretValue(std::string_view s);
inline constexpr std::size_t kMaxSecretName = 96;

// --- The checks on the candidate alone (unit-testable). ---

// A password as typed after a password label: 6-64 printable ASCII bytes
// without blanks or quotes, not ending in sentence punctuation (". , ; : )"),
// of at least two of the classes lower case, upper case, digit, symbol
// ('_' and '-' are not: "customer_account_id" is a name), and
// not a capitalised word ("Changed", "Incorrect"): a status, not a secret.
bool PasswordValueValid(std::string_view s);

// An AWS secret access key: exactly 40 bytes of [A-Za-z0-9+/] holding an
// upper-case letter, a lower-case letter and a digit (a random key does with
// near certainty; a 40-hex SHA-1 or a word run does not).
bool AwsSecretKeyValid(std::string_view s);

// A Slack token: "xox?-" or "xapp-", then '-'-separated alphanumeric
// segments (no empty one), at least two of them, at least one digit, the last
// segment 6 bytes or longer.
bool SlackTokenValid(std::string_view s);

// A JSON Web Token (RFC 7519, compact JWS): "header.payload.signature" of
// base64url segments (no padding; no segment of length 4k+1), where the
// header decodes (into a stack buffer of 255 bytes) to a JSON object, with
// only printable or whitespace bytes, that has an "alg" member. Also accepts
// the prefixes "header." and "header.payload." (what fits of a token longer
// than a finding may be).
bool JwtValid(std::string_view s);

// An armoured private key: "-----BEGIN <label>PRIVATE KEY[ BLOCK]-----"
// (label: upper-case words such as "RSA ", "EC ", "OPENSSH ", "ENCRYPTED ",
// "PGP "), alone or followed by a body and the matching END line with the
// same label.
bool PemPrivateKeyValid(std::string_view s);

// 16-64 hex digits of one case with at least one letter, one digit and 6
// distinct digits: an auth token, not a number or a filler.
bool HexTokenValid(std::string_view s);

// A generic secret: 20-256 bytes of [A-Za-z0-9+/_-] (plus up to two '='
// of padding) that look random rather than like an identifier:
//  - at least one letter and one digit;
//  - none of the words the catalog anchors on before it ("password",
//    "passwd", "secret", "token", "apikey", "api_key"): that is the key's
//    name ("reset_password_token_v2"), not its value; not "eyJ..." (base64
//    of a JSON object: a JWT header alone names an algorithm, no secret);
//  - Shannon entropy of the byte distribution >= 2.9 bits per byte for a
//    one-case hex string, >= 3.4 otherwise, and for non-hex strings the class
//    (lower, upper, digit, symbol) changes between at least a quarter of
//    neighbouring bytes (camelCase and snake_case names change rarely).
// Measured on random strings: 3-4% of 20-byte and < 0.5% of 32-byte
// base62/base64/hex secrets fail; base36 (lower-case + digits) fails more
// (12% at 20 bytes, 4% at 40).
bool HighEntropySecretValid(std::string_view s);

// Shannon entropy of the byte distribution of `s`, in bits per byte (0 for
// an empty string). Exposed for tests.
double ShannonEntropy(std::string_view s);

}  // namespace scrubline
