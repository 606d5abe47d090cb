// Sha256Digest: incremental SHA-256 for fingerprints such as
// scrubline.policy.sha256 (over the policy and every catalog it loads).
// Not thread-safe; movable.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace scrubline {

class Sha256Digest {
 public:
  Sha256Digest();
  Sha256Digest(Sha256Digest&&) noexcept;
  Sha256Digest& operator=(Sha256Digest&&) noexcept;
  ~Sha256Digest();

  void Update(std::string_view bytes);
  // 64 lower-case hex chars. The digest cannot be updated afterwards.
  std::string FinalHex();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace scrubline
