#include "classifiers/crypto/tokenizer.h"

#include <openssl/crypto.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <regex>
#include <string>

#include <gtest/gtest.h>

namespace {

// Counts heap allocations: C++ operator new in this program (scrubline's own
// code), and separately OpenSSL's (CRYPTO_malloc) through
// CRYPTO_set_mem_functions, which only works before OpenSSL's first
// allocation, hence a static initialiser.
std::atomic<long> g_allocations{0};
std::atomic<long> g_openssl_allocations{0};

void* CountingMalloc(size_t n, const char*, int) {
  g_openssl_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n);
}
void* CountingRealloc(void* p, size_t n, const char*, int) {
  g_openssl_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::realloc(p, n);
}
void CountingFree(void* p, const char*, int) { std::free(p); }

const bool g_openssl_hooked =
    CRYPTO_set_mem_functions(&CountingMalloc, &CountingRealloc, &CountingFree) == 1;

}  // namespace

void* operator new(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
// GCC 12 flags free() of memory from (this very) operator new once inlined.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#pragma GCC diagnostic pop

namespace scrubline {
namespace {

// The key ring line used for the known answers below (material = bytes 00..1f).
constexpr char kKatLine[] = "kat1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
constexpr char kOtherLine[] = "kat2:ZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZm";

KeyRing Ring(const char* text) {
  StatusOr<KeyRing> ring = KeyRing::Parse(text);
  EXPECT_TRUE(ring.ok()) << ring.status().ToString();
  return std::move(ring).value();
}

Tokenizer MakeTokenizer(const KeyRing& ring) {
  StatusOr<Tokenizer> tokenizer = Tokenizer::Create(ring);
  EXPECT_TRUE(tokenizer.ok()) << tokenizer.status().ToString();
  return std::move(tokenizer).value();
}

std::string Token(Tokenizer& tokenizer, std::string_view type, std::string_view canonical) {
  std::string out;
  Status st = tokenizer.AppendToken(type, canonical, out);
  EXPECT_TRUE(st.ok()) << st.ToString();
  return out;
}

std::string Canonical(EntityType type, std::string_view value, std::string_view code = "") {
  std::string out = "stale";
  Canonicalize(type, value, code, out);
  return out;
}

// Known answers computed independently of this code base (HKDF written out
// with hmac/hashlib) by this python3 script:
//
//   import hmac, hashlib, base64
//   def hkdf(ikm, salt, info, n):
//       prk = hmac.new(salt, ikm, hashlib.sha256).digest()
//       t, okm, i = b"", b"", 1
//       while len(okm) < n:
//           t = hmac.new(prk, t + info + bytes([i]), hashlib.sha256).digest()
//           okm += t; i += 1
//       return okm[:n]
//   tk = hkdf(bytes(range(32)), b"scrubline/v1", b"scrubline token", 32)
//   for msg in (b"PHONE\x00+14155550100", b"EMAIL\x00alice@example.com"):
//       mac = hmac.new(tk, msg, hashlib.sha256).digest()[:16]
//       print("tok_kat1_" + base64.urlsafe_b64encode(mac).rstrip(b"=").decode())
TEST(Tokenizer, KnownAnswer) {
  KeyRing ring = Ring(kKatLine);
  Tokenizer tokenizer = MakeTokenizer(ring);
  EXPECT_EQ(tokenizer.key_id(), "kat1");
  EXPECT_EQ(Token(tokenizer, "PHONE", "+14155550100"), "tok_kat1_GDjGeMPET8qjn7MZ_XqTVg");
  EXPECT_EQ(Token(tokenizer, "EMAIL", "alice@example.com"), "tok_kat1_IsDp7GqqdFd8MxJZ1NW5GA");
  // And through Canonicalize, as the pipeline will call it.
  const std::string phone = Canonical(EntityType::kPhone, "(415) 555-0100", "1");
  EXPECT_EQ(Token(tokenizer, EntityTypeName(EntityType::kPhone), phone),
            "tok_kat1_GDjGeMPET8qjn7MZ_XqTVg");
  const std::string email = Canonical(EntityType::kEmail, "  Alice@Example.COM\t");
  EXPECT_EQ(Token(tokenizer, EntityTypeName(EntityType::kEmail), email),
            "tok_kat1_IsDp7GqqdFd8MxJZ1NW5GA");
}

TEST(Tokenizer, FormatAndDeterminism) {
  KeyRing ring = Ring(kKatLine);
  Tokenizer tokenizer = MakeTokenizer(ring);
  const std::regex format("^tok_[A-Za-z0-9]+_[A-Za-z0-9_-]{22}$");
  for (const char* value : {"", "a", "+14155550100", "alice@example.com",
                            "a much longer value that spans more than one SHA-256 block, "
                            "which is sixty-four bytes long, so this is plenty"}) {
    const std::string a = Token(tokenizer, "EMAIL", value);
    EXPECT_TRUE(std::regex_match(a, format)) << a;
    EXPECT_EQ(a.size(), 4 + 4 + 1 + 22u);
    EXPECT_EQ(a, Token(tokenizer, "EMAIL", value));
  }
  // A second Tokenizer over the same ring agrees.
  Tokenizer again = MakeTokenizer(ring);
  EXPECT_EQ(Token(again, "PHONE", "+14155550100"), Token(tokenizer, "PHONE", "+14155550100"));
}

TEST(Tokenizer, DomainSeparation) {
  KeyRing ring = Ring(kKatLine);
  Tokenizer tokenizer = MakeTokenizer(ring);
  const std::string phone = Token(tokenizer, "PHONE", "+14155550100");
  EXPECT_NE(phone, Token(tokenizer, "SENDER_ID", "+14155550100"));
  EXPECT_NE(phone, Token(tokenizer, "PHONE", "+14155550101"));
  // The 0x00 separator keeps (type, value) pairs apart.
  EXPECT_NE(Token(tokenizer, "PHONE", "X1"), Token(tokenizer, "PHONEX", "1"));
}

TEST(Tokenizer, DifferentKeysDiffer) {
  KeyRing one = Ring(kKatLine);
  KeyRing two = Ring(kOtherLine);
  Tokenizer a = MakeTokenizer(one);
  Tokenizer b = MakeTokenizer(two);
  const std::string ta = Token(a, "PHONE", "+14155550100");
  const std::string tb = Token(b, "PHONE", "+14155550100");
  EXPECT_EQ(tb.substr(0, 9), "tok_kat2_");
  EXPECT_NE(ta.substr(9), tb.substr(9));
  // The active (first) key is used.
  std::string both = std::string(kOtherLine) + "\n" + kKatLine;
  KeyRing ring = Ring(both.c_str());
  Tokenizer c = MakeTokenizer(ring);
  EXPECT_EQ(Token(c, "PHONE", "+14155550100"), tb);
}

TEST(Tokenizer, AppendsAndMoves) {
  KeyRing ring = Ring(kKatLine);
  Tokenizer tokenizer = MakeTokenizer(ring);
  Tokenizer moved = std::move(tokenizer);
  std::string out = "from=";
  ASSERT_TRUE(moved.AppendToken("PHONE", "+14155550100", out).ok());
  EXPECT_EQ(out, "from=tok_kat1_GDjGeMPET8qjn7MZ_XqTVg");
}

TEST(Tokenizer, NoHeapAllocationPerCallOnceWarm) {
  ASSERT_TRUE(g_openssl_hooked) << "OpenSSL allocated before the hook; cannot count";
  KeyRing ring = Ring(kKatLine);
  Tokenizer tokenizer = MakeTokenizer(ring);
  std::string out;
  std::string canonical;
  out.reserve(256);
  canonical.reserve(256);
  ASSERT_TRUE(tokenizer.AppendToken("PHONE", "+14155550100", out).ok());  // warm up
  const long before = g_allocations.load();
  const long openssl_before = g_openssl_allocations.load();
  constexpr int kRounds = 1000;
  for (int i = 0; i < kRounds; ++i) {
    out.clear();
    Canonicalize(EntityType::kPhone, "0044 20 7946 0958", "1", canonical);
    Canonicalize(EntityType::kPhone, "(415) 555-0100", "1", canonical);
    ASSERT_TRUE(tokenizer.AppendToken("PHONE", canonical, out).ok());
    Canonicalize(EntityType::kEmail, " Alice@Example.com ", "", canonical);
    ASSERT_TRUE(tokenizer.AppendToken("EMAIL", canonical, out).ok());
  }
  EXPECT_EQ(g_allocations.load() - before, 0);
  // OpenSSL 3.0 itself frees and re-allocates its SHA-256 context whenever a
  // digest is (re)initialised, which HMAC does twice per MAC; no EVP interface
  // avoids that. Pin it so nothing worse (a fetch, a dup) creeps in.
  EXPECT_LE(g_openssl_allocations.load() - openssl_before, 2 * 2 * kRounds);
  EXPECT_EQ(out, "tok_kat1_GDjGeMPET8qjn7MZ_XqTVgtok_kat1_IsDp7GqqdFd8MxJZ1NW5GA");
  // The counter does count: a fresh string of 100 chars allocates.
  const long probe = g_allocations.load();
  std::string* big = new std::string(100, 'x');
  EXPECT_GT(g_allocations.load(), probe);
  delete big;
}

TEST(Canonicalize, Email) {
  EXPECT_EQ(Canonical(EntityType::kEmail, "Alice@Example.COM"), "alice@example.com");
  EXPECT_EQ(Canonical(EntityType::kEmail, " \t alice@example.com\r\n"), "alice@example.com");
  EXPECT_EQ(Canonical(EntityType::kEmail, "ALICE"), "alice");
  // Only ASCII is folded; other bytes pass through.
  EXPECT_EQ(Canonical(EntityType::kEmail, "J\xc3\x96RG@Example.de"), "j\xc3\x96rg@example.de");
  EXPECT_EQ(Canonical(EntityType::kEmail, "   "), "");
}

TEST(Canonicalize, PhoneInternational) {
  EXPECT_EQ(Canonical(EntityType::kPhone, "+1 (415) 555-0100"), "+14155550100");
  EXPECT_EQ(Canonical(EntityType::kPhone, "+1 (415) 555-0100", "44"), "+14155550100");
  EXPECT_EQ(Canonical(EntityType::kPhone, "0044 20 7946 0958"), "+442079460958");
  EXPECT_EQ(Canonical(EntityType::kPhone, "0044 20 7946 0958", "1"), "+442079460958");
  EXPECT_EQ(Canonical(EntityType::kPhone, "+44.20.7946.0958"), "+442079460958");
  EXPECT_EQ(Canonical(EntityType::kPhone, "+44/20/7946-0958"), "+442079460958");
  EXPECT_EQ(Canonical(EntityType::kPhone, "  +14155550100\n"), "+14155550100");
}

TEST(Canonicalize, PhoneNational) {
  EXPECT_EQ(Canonical(EntityType::kPhone, "020 7946 0958", "44"), "+442079460958");
  EXPECT_EQ(Canonical(EntityType::kPhone, "020 7946 0958", "+44"), "+442079460958");
  EXPECT_EQ(Canonical(EntityType::kPhone, "(415) 555-0100", "1"), "+14155550100");
  EXPECT_EQ(Canonical(EntityType::kPhone, "415.555.0100", "1"), "+14155550100");
  EXPECT_EQ(Canonical(EntityType::kPhone, "012", "44"), "+4412");
  EXPECT_EQ(Canonical(EntityType::kPhone, "12", "44"), "+4412");  // no trunk zero to drop
  // No default calling code: "+" only, and the trunk zero is kept (see header).
  EXPECT_EQ(Canonical(EntityType::kPhone, "(415) 555-0100"), "+4155550100");
  EXPECT_EQ(Canonical(EntityType::kPhone, "020 7946 0958"), "+02079460958");
}

TEST(Canonicalize, NotAPhoneIsUnchanged) {
  for (const char* value : {"1-800-FLOWERS", "+1 415 555 0100 ext. 12", "415x555", "+", "00", "0",
                            "()", "", "1+2", "++14155550100", "+1\t415"}) {
    EXPECT_EQ(Canonical(EntityType::kPhone, value, "44"), value) << value;
  }
}

TEST(Canonicalize, OtherTypesUnchanged) {
  EXPECT_EQ(Canonical(EntityType::kIban, " DE89 3704 0044 0532 0130 00 "),
            " DE89 3704 0044 0532 0130 00 ");
  EXPECT_EQ(Canonical(EntityType::kCreditCard, "4111-1111"), "4111-1111");
}

}  // namespace
}  // namespace scrubline
