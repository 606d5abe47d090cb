#include "classifiers/crypto/digest.h"

#include <string>
#include <utility>

#include <gtest/gtest.h>

namespace scrubline {
namespace {

// FIPS 180-2 examples; the 1000 x 'a' value is python3's hashlib.sha256(b"a" * 1000).
TEST(Sha256Digest, KnownAnswers) {
  Sha256Digest empty;
  EXPECT_EQ(empty.FinalHex(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

  Sha256Digest abc;
  abc.Update("abc");
  EXPECT_EQ(abc.FinalHex(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

  Sha256Digest two_blocks;
  two_blocks.Update("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
  EXPECT_EQ(two_blocks.FinalHex(),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256Digest, IncrementalEqualsOneShot) {
  Sha256Digest pieces;
  for (int i = 0; i < 1000; i += 7) pieces.Update(std::string(std::min(7, 1000 - i), 'a'));
  pieces.Update("");
  EXPECT_EQ(pieces.FinalHex(), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
}

TEST(Sha256Digest, Movable) {
  Sha256Digest a;
  a.Update("ab");
  Sha256Digest b = std::move(a);
  b.Update("c");
  Sha256Digest c;
  c = std::move(b);
  EXPECT_EQ(c.FinalHex(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace scrubline
