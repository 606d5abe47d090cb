// Fuzz target: ValueCipher::Decrypt on arbitrary text (what `scrubline
// reidentify` reads from an operator's file).
//
// Invariants: no crash; a value this ring did not encrypt is never accepted
// unless it authenticates, and one that decrypts re-encrypts to itself
// (deterministic encryption, canonical base64url); on failure nothing is
// written to the output and the message never quotes the input.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "classifiers/crypto/value_cipher.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

scrubline::ValueCipher& Cipher() {
  static scrubline::ValueCipher* cipher = [] {
    auto ring = scrubline::KeyRing::Parse(
        "test1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\n"
        "old0:ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1-f4CBgoM\n");
    auto c = scrubline::ValueCipher::Create(*ring);
    return new scrubline::ValueCipher(std::move(*c));
  }();
  return *cipher;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace scrubline;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string out;
  const Status status = Cipher().Decrypt(text, out);
  if (!status.ok()) {
    FUZZ_CHECK(out.empty(), "a rejected value writes nothing");
    FUZZ_CHECK(!status.message().empty(), "an error says why");
    FUZZ_CHECK(text.size() < 24 || status.message().find(text) == std::string::npos,
               "an error never quotes the value");
    return 0;
  }
  FUZZ_CHECK(ValueCipher::LooksEncrypted(text), "only the documented form decrypts");
  if (text.substr(0, 10) == "enc_test1_") {
    std::string again;
    FUZZ_CHECK(Cipher().Encrypt(out, again).ok(), "the plaintext encrypts");
    FUZZ_CHECK(again == text, "decrypted values re-encrypt to themselves");
  }
  return 0;
}
