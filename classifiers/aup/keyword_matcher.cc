#include "classifiers/aup/keyword_matcher.h"

#include <algorithm>

#include "classifiers/base/ascii.h"

namespace scrubline {

KeywordMatcher::KeywordMatcher(
    const std::array<std::vector<std::string>, kMessageKeywordCount>& lists) {
  for (std::size_t k = 1; k < kMessageKeywordCount; ++k) {
    for (const std::string& word : lists[k]) words_.emplace_back(word, static_cast<MessageKeyword>(k));
  }
  std::sort(words_.begin(), words_.end());
}

MessageKeyword KeywordMatcher::Match(std::string_view body) const {
  body = TrimAsciiSpace(body);
  if (body.empty() || body.size() > kMaxBodyBytes) return MessageKeyword::kNone;
  char folded[kMaxBodyBytes];
  std::size_t n = 0;
  for (char ch : body) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80 || IsAsciiSpace(ch)) return MessageKeyword::kNone;  // a sentence, or not ASCII
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
      folded[n++] = static_cast<char>(c & ~0x20);
    } else if (c >= '0' && c <= '9') {
      return MessageKeyword::kNone;  // no keyword has digits: "STOP2" is not STOP
    }  // else punctuation (or a control byte): dropped
  }
  const std::string_view word(folded, n);
  auto it = std::lower_bound(words_.begin(), words_.end(), word,
                             [](const auto& e, std::string_view w) { return e.first < w; });
  return it != words_.end() && it->first == word ? it->second : MessageKeyword::kNone;
}

}  // namespace scrubline
