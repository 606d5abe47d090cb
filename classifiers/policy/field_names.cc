#include "classifiers/policy/field_names.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <iterator>
#include <limits>

#include <yaml-cpp/yaml.h>

namespace scrubline {
namespace {

using Synonym = FieldNameVocabulary::Synonym;
using Concept = FieldNameVocabulary::Concept;

constexpr std::size_t kMaxBytes = FieldNameVocabulary::kMaxKeyBytes;
constexpr int kMaxWords = FieldNameVocabulary::kMaxKeyWords;

bool IsLower(unsigned char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(unsigned char c) { return IsLower(c) || IsUpper(c) || IsDigit(c); }

// The set of characters (a-z, 0-9) in a lower-case word, one bit each. An
// edit adds at most one character the other side lacks, so two strings
// whose sets differ by more than the budget need not be compared.
std::uint64_t CharacterSet(std::string_view word) {
  std::uint64_t set = 0;
  for (char ch : word) set |= std::uint64_t{1} << (IsDigit(ch) ? 26 + (ch - '0') : ch - 'a');
  return set;
}

// A key split into lower-case words, all in one stack buffer: the words are
// stored back to back, so the joined form of any run of words is a view.
struct Words {
  char text[kMaxBytes];
  std::uint8_t begin[kMaxWords + 1];  // begin[count] is the end of the last word
  int count = 0;

  std::string_view Run(int first, int last) const {
    return {text + begin[first], static_cast<std::size_t>(begin[last] - begin[first])};
  }
  std::string_view Word(int w) const { return Run(w, w + 1); }
};

// Step 1 of the header. False for a key that classifies as -1 outright.
bool Split(std::string_view key, Words& out) {
  if (key.size() > kMaxBytes) return false;
  out.count = 0;
  std::size_t size = 0;
  bool in_word = false;
  for (std::size_t i = 0; i < key.size(); ++i) {
    const auto c = static_cast<unsigned char>(key[i]);
    if (c >= 0x80) return false;  // never decoded, so invalid UTF-8 is harmless
    if (!IsAlnum(c)) {
      in_word = false;
      continue;
    }
    bool boundary = !in_word;
    if (in_word) {
      const auto prev = static_cast<unsigned char>(key[i - 1]);
      const auto next = i + 1 < key.size() ? static_cast<unsigned char>(key[i + 1]) : 0;
      boundary = (IsLower(prev) && IsUpper(c)) ||                   // emailAddr
                 (IsUpper(prev) && IsUpper(c) && IsLower(next)) ||  // HTTPUser
                 (IsDigit(prev) != IsDigit(c));                     // ipv4, line2
    }
    if (boundary) {
      if (out.count == kMaxWords) return false;
      out.begin[out.count++] = static_cast<std::uint8_t>(size);
      in_word = true;
    }
    out.text[size++] = static_cast<char>(IsUpper(c) ? c - 'A' + 'a' : c);
  }
  out.begin[out.count] = static_cast<std::uint8_t>(size);
  return out.count > 0;
}

bool Contains(const std::vector<std::string>& sorted, std::string_view word) {
  return std::binary_search(sorted.begin(), sorted.end(), word, std::less<>());
}

bool IsNumber(std::string_view word) {
  return std::all_of(word.begin(), word.end(), [](char ch) { return IsDigit(ch); });
}

// Step 3: calls fn(first, last, stripped) for every run [first, last) of the
// key's words left when leading and trailing qualifiers of `c` are dropped.
// `qualifies[w]` says whether word w qualifies every concept (a global
// qualifier or a number), looked up once per key rather than per concept.
template <typename Fn>
void ForEachStripping(const Words& key, const bool* qualifies, const Concept& c, Fn&& fn) {
  const auto is_qualifier = [&](int w) {
    return qualifies[w] || Contains(c.qualifiers, key.Word(w));
  };
  int lead = 0;
  while (lead < key.count && is_qualifier(lead)) ++lead;
  int trail = 0;
  while (trail < key.count && is_qualifier(key.count - 1 - trail)) ++trail;
  for (int i = 0; i <= lead; ++i) {
    for (int j = 0; j <= trail && i + j < key.count; ++j) fn(i, key.count - j, i + j);
  }
}

// The edits step 5 allows against a synonym (or one of its words) this long.
int EditBudget(std::size_t length) { return length >= 9 ? 2 : length >= 5 ? 1 : 0; }

// Optimal string alignment distance of a and b (both at most kMaxBytes), or
// limit + 1 as soon as it must exceed `limit`. Three rolling rows on the
// stack; only the diagonal band |i - j| <= limit is computed, since a cell
// outside it is already over the limit.
int BoundedOsaDistance(std::string_view a, std::string_view b, int limit) {
  const int n = static_cast<int>(a.size());
  const int m = static_cast<int>(b.size());
  if (std::abs(n - m) > limit) return limit + 1;
  const int over = limit + 1;
  int rows[3][kMaxBytes + 2];
  int* before = rows[0];  // row i - 2
  int* prev = rows[1];    // row i - 1
  int* cur = rows[2];
  for (int j = 0; j <= std::min(m, limit); ++j) prev[j] = j;
  if (limit + 1 <= m) prev[limit + 1] = over;
  for (int i = 1; i <= n; ++i) {
    const int lo = std::max(1, i - limit);
    const int hi = std::min(m, i + limit);
    cur[lo - 1] = lo == 1 ? std::min(i, over) : over;
    int row_min = cur[lo - 1];
    for (int j = lo; j <= hi; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int d = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d = std::min(d, before[j - 2] + 1);
      }
      cur[j] = std::min(d, over);
      row_min = std::min(row_min, cur[j]);
    }
    if (hi + 1 <= m) cur[hi + 1] = over;  // read as prev[j] by the next row
    if (row_min > limit) return over;     // distances never shrink down the rows
    std::swap(before, prev);
    std::swap(prev, cur);
  }
  return std::min(prev[m], over);
}

// Step 5 for one candidate (words [first, last) of key, whose characters
// are `key_set`) and one synonym: the distance, or a value above the budget.
int FuzzyDistance(const Words& key, int first, int last, std::uint64_t key_set, const Synonym& s) {
  const int budget = EditBudget(s.joined.size());
  const int over = budget + 1;
  if (!s.fuzzy || budget == 0) return over;
  const std::string_view joined = key.Run(first, last);
  // Typos rarely hit the first letter, while a different first letter often
  // makes a different word ("hone", "woken", "gmail").
  if (joined.front() != s.joined.front()) return over;
  // Each edit changes the length by at most one and brings in at most one
  // character the other side lacks: most synonyms stop here.
  const auto gap =
      static_cast<std::ptrdiff_t>(joined.size()) - static_cast<std::ptrdiff_t>(s.joined.size());
  if (gap > budget || -gap > budget) return over;
  if (std::popcount(key_set & ~s.characters) > budget ||
      std::popcount(s.characters & ~key_set) > budget) {
    return over;
  }
  int distance = 0;
  if (last - first < 2 || last - first != s.word_count) {
    // Without matching word boundaries a second edit could swallow a whole
    // short word of the synonym ("accessory" for "access key"): one edit.
    const int limit = s.word_count > 1 ? 1 : budget;
    distance = BoundedOsaDistance(joined, s.joined, limit);
    if (distance > limit) return over;
  } else {
    // Word by word: a whole word replaced by another short word ("part" for
    // "card") is a different key, not a typo, even within the joined budget.
    std::string_view rest = s.words;
    for (int w = first; w < last && distance <= budget; ++w) {
      const std::size_t space = rest.find(' ');
      const std::string_view word = rest.substr(0, space);
      rest.remove_prefix(space == std::string_view::npos ? rest.size() : space + 1);
      const int word_budget = EditBudget(word.size());
      const int d = BoundedOsaDistance(key.Word(w), word, word_budget);
      distance += d > word_budget ? over : d;
    }
  }
  // A second edit must keep the last letter and the length within one:
  // otherwise it is mostly a different ending ("android" is not "android id").
  if (distance == 2 && (gap > 1 || gap < -1 || joined.back() != s.joined.back())) return over;
  return distance;
}

// ---- Loading ----

// "<source>: <where> (line N): <problem>", the policy loader's shape.
Status VocabularyError(const std::string& source, const std::string& where, const YAML::Node& node,
                       const std::string& problem) {
  return InvalidArgumentError(source + ": " + where + " (line " +
                              std::to_string(node.Mark().line + 1) + "): " + problem);
}

Status RefuseUnknownKeys(const YAML::Node& map, std::initializer_list<std::string_view> known,
                         const std::string& source, const std::string& where) {
  for (const auto& kv : map) {
    const auto key = kv.first.as<std::string>();
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      return VocabularyError(source, where.empty() ? key : where + "." + key, kv.first,
                             "unknown key");
    }
  }
  return Status::Ok();
}

// One or more words of [a-z0-9] separated by single spaces; `single` allows
// one word only (qualifiers, disqualifiers).
bool IsWordSequence(const std::string& text, bool single) {
  if (text.empty() || text.front() == ' ' || text.back() == ' ') return false;
  if (text.size() > kMaxBytes) return false;
  int words = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == ' ') {
      if (single || text[i - 1] == ' ') return false;
      ++words;
    } else if (!IsLower(c) && !IsDigit(c)) {
      return false;
    }
  }
  return words <= kMaxWords;
}

// Reads a list of words or word sequences into `out` (appended).
Status ReadWordList(const YAML::Node& list, bool single, const std::string& source,
                    const std::string& where, std::vector<std::string>& out) {
  if (!list.IsSequence()) return VocabularyError(source, where, list, "expected a list");
  for (const auto& item : list) {
    const auto text = item.IsScalar() ? item.as<std::string>() : std::string();
    if (!IsWordSequence(text, single)) {
      return VocabularyError(source, where, item,
                             single ? "expected one word of [a-z0-9]"
                                    : "expected words of [a-z0-9] separated by single spaces");
    }
    out.push_back(text);
  }
  return Status::Ok();
}

std::vector<std::string> SortedUnique(std::vector<std::string> words) {
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  return words;
}

// Everything Parse checks across concepts: concept names and the joined form
// of every synonym are unique, and no synonym or qualifier holds a
// disqualifier (it could never match, or would veto its own concept).
class Checker {
 public:
  Checker(const std::string& source, const std::vector<std::string>& disqualifiers)
      : source_(source), disqualifiers_(disqualifiers) {}

  Status NoDisqualifier(const std::string& words, const std::string& where,
                        const YAML::Node& node) const {
    std::string_view rest = words;
    while (!rest.empty()) {
      const std::size_t space = rest.find(' ');
      const std::string_view word = rest.substr(0, space);
      if (Contains(disqualifiers_, word)) {
        return VocabularyError(source_, where, node,
                               "'" + std::string(word) + "' is a disqualifier");
      }
      rest.remove_prefix(space == std::string_view::npos ? rest.size() : space + 1);
    }
    return Status::Ok();
  }

  // Records a concept name; an error if already seen.
  Status NewConcept(const std::string& name, const std::string& where, const YAML::Node& node) {
    if (std::find(concepts_.begin(), concepts_.end(), name) != concepts_.end()) {
      return VocabularyError(source_, where, node, "duplicate concept (listed twice)");
    }
    concepts_.push_back(name);
    return Status::Ok();
  }

  // Records `joined` as a synonym of `concept_name`; an error if already seen.
  Status NewSynonym(const std::string& joined, const std::string& concept_name,
                    const std::string& where, const YAML::Node& node) {
    for (const auto& [seen, owner] : synonyms_) {
      if (seen == joined) {
        return VocabularyError(
            source_, where, node,
            "synonym '" + joined + "' (joined) is already listed under '" + owner + "'");
      }
    }
    synonyms_.emplace_back(joined, concept_name);
    return Status::Ok();
  }

 private:
  const std::string& source_;
  const std::vector<std::string>& disqualifiers_;
  std::vector<std::string> concepts_;
  std::vector<std::pair<std::string, std::string>> synonyms_;  // joined, concept
};

bool IsConceptName(const std::string& s) {
  return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
    return IsLower(c) || IsDigit(c) || c == '_';
  });
}

StatusOr<Concept> ParseConcept(const YAML::Node& node, std::size_t index, const std::string& source,
                               Checker& checker) {
  std::string where = "concepts[" + std::to_string(index) + "]";
  if (!node.IsMap()) return VocabularyError(source, where, node, "expected a map");
  SCRUBLINE_RETURN_IF_ERROR(RefuseUnknownKeys(
      node, {"name", "entity", "synonyms", "exact_only", "qualifiers"}, source, where));
  Concept c;
  if (!node["name"]) return VocabularyError(source, where, node, "missing 'name'");
  c.name = node["name"].as<std::string>();
  if (!IsConceptName(c.name)) {
    return VocabularyError(source, where + ".name", node["name"],
                           "must be 1-64 chars of [a-z0-9_]");
  }
  where = "concepts." + c.name;
  SCRUBLINE_RETURN_IF_ERROR(checker.NewConcept(c.name, where, node["name"]));
  if (const auto entity = node["entity"]) {
    const auto name = entity.as<std::string>();
    c.entity = ParseEntityType(name);
    if (!c.entity) {
      return VocabularyError(source, where + ".entity", entity,
                             "unknown entity type '" + name + "'");
    }
  }
  if (const auto list = node["qualifiers"]) {
    SCRUBLINE_RETURN_IF_ERROR(
        ReadWordList(list, true, source, where + ".qualifiers", c.qualifiers));
    for (const auto& q : c.qualifiers) {
      SCRUBLINE_RETURN_IF_ERROR(checker.NoDisqualifier(q, where + ".qualifiers", list));
    }
  }
  c.qualifiers = SortedUnique(std::move(c.qualifiers));
  const auto synonyms = node["synonyms"];
  if (!synonyms) return VocabularyError(source, where, node, "missing 'synonyms'");
  if (!synonyms.IsSequence() || synonyms.size() == 0) {
    return VocabularyError(source, where + ".synonyms", synonyms,
                           "expected a non-empty list of synonyms");
  }
  for (const char* key : {"synonyms", "exact_only"}) {
    const auto list = node[key];
    if (!list) continue;
    const std::string list_where = where + "." + key;
    std::vector<std::string> entries;
    SCRUBLINE_RETURN_IF_ERROR(ReadWordList(list, false, source, list_where, entries));
    for (std::size_t i = 0; i < entries.size(); ++i) {
      Synonym s;
      s.words = entries[i];
      s.fuzzy = std::string_view(key) == "synonyms";
      s.word_count = 1 + static_cast<int>(std::count(s.words.begin(), s.words.end(), ' '));
      std::remove_copy(s.words.begin(), s.words.end(), std::back_inserter(s.joined), ' ');
      s.characters = CharacterSet(s.joined);
      SCRUBLINE_RETURN_IF_ERROR(checker.NoDisqualifier(s.words, list_where, list[i]));
      SCRUBLINE_RETURN_IF_ERROR(checker.NewSynonym(s.joined, c.name, list_where, list[i]));
      c.synonyms.push_back(std::move(s));
    }
  }
  return c;
}

}  // namespace

StatusOr<FieldNameVocabulary> FieldNameVocabulary::Parse(std::string_view yaml_text,
                                                         std::string source_name) {
  const std::string& src = source_name;
  FieldNameVocabulary vocabulary;
  try {
    const YAML::Node root = YAML::Load(std::string(yaml_text));
    if (!root.IsMap()) return VocabularyError(src, "top level", root, "expected a map");
    SCRUBLINE_RETURN_IF_ERROR(
        RefuseUnknownKeys(root, {"disqualifiers", "qualifiers", "concepts"}, src, ""));
    if (const auto list = root["disqualifiers"]) {
      SCRUBLINE_RETURN_IF_ERROR(
          ReadWordList(list, true, src, "disqualifiers", vocabulary.disqualifiers_));
    }
    vocabulary.disqualifiers_ = SortedUnique(std::move(vocabulary.disqualifiers_));
    Checker checker(src, vocabulary.disqualifiers_);
    if (const auto list = root["qualifiers"]) {
      SCRUBLINE_RETURN_IF_ERROR(
          ReadWordList(list, true, src, "qualifiers", vocabulary.qualifiers_));
      for (const auto& q : vocabulary.qualifiers_) {
        SCRUBLINE_RETURN_IF_ERROR(checker.NoDisqualifier(q, "qualifiers", list));
      }
    }
    vocabulary.qualifiers_ = SortedUnique(std::move(vocabulary.qualifiers_));
    const auto concepts = root["concepts"];
    if (!concepts || !concepts.IsSequence() || concepts.size() == 0) {
      return VocabularyError(src, "concepts", concepts ? concepts : root,
                             "expected a non-empty list of concepts");
    }
    for (std::size_t i = 0; i < concepts.size(); ++i) {
      auto parsed = ParseConcept(concepts[i], i, src, checker);
      if (!parsed.ok()) return parsed.status();
      vocabulary.concepts_.push_back(std::move(*parsed));
    }
  } catch (const YAML::Exception& e) {
    return InvalidArgumentError(src + ": line " + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  return vocabulary;
}

StatusOr<FieldNameVocabulary> FieldNameVocabulary::LoadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError("cannot read field-name vocabulary " + path);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  return Parse(text, std::filesystem::path(path).filename().string());
}

int FieldNameVocabulary::Classify(std::string_view key) const {
  Words words;
  if (!Split(key, words)) return -1;
  bool qualifies[kMaxWords];
  for (int w = 0; w < words.count; ++w) {
    if (Contains(disqualifiers_, words.Word(w))) return -1;
    qualifies[w] = IsNumber(words.Word(w)) || Contains(qualifiers_, words.Word(w));
  }
  // Step 4: exact, fewest stripped words, then file order (strictly better
  // only, so the first concept keeps a tie).
  int best = -1;
  int best_stripped = std::numeric_limits<int>::max();
  for (std::size_t c = 0; c < concepts_.size(); ++c) {
    ForEachStripping(words, qualifies, concepts_[c], [&](int first, int last, int stripped) {
      if (stripped >= best_stripped) return;
      const std::string_view joined = words.Run(first, last);
      for (const Synonym& s : concepts_[c].synonyms) {
        if (s.joined == joined) {
          best = static_cast<int>(c);
          best_stripped = stripped;
          return;
        }
      }
    });
  }
  if (best >= 0) return best;
  // Step 5: fuzzy, lowest distance, then fewest stripped, then file order.
  int best_distance = std::numeric_limits<int>::max();
  for (std::size_t c = 0; c < concepts_.size(); ++c) {
    ForEachStripping(words, qualifies, concepts_[c], [&](int first, int last, int stripped) {
      const std::uint64_t set = CharacterSet(words.Run(first, last));
      for (const Synonym& s : concepts_[c].synonyms) {
        const int d = FuzzyDistance(words, first, last, set, s);
        if (d > EditBudget(s.joined.size())) continue;
        if (d < best_distance || (d == best_distance && stripped < best_stripped)) {
          best = static_cast<int>(c);
          best_distance = d;
          best_stripped = stripped;
        }
      }
    });
  }
  return best;
}

int FieldNameVocabulary::Find(std::string_view concept_name) const {
  for (std::size_t i = 0; i < concepts_.size(); ++i) {
    if (concepts_[i].name == concept_name) return static_cast<int>(i);
  }
  return -1;
}

const std::string& FieldNameVocabulary::concept_name(int concept_index) const {
  assert(concept_index >= 0 && static_cast<std::size_t>(concept_index) < concepts_.size());
  return concepts_[static_cast<std::size_t>(concept_index)].name;
}

std::optional<EntityType> FieldNameVocabulary::entity(int concept_index) const {
  assert(concept_index >= 0 && static_cast<std::size_t>(concept_index) < concepts_.size());
  return concepts_[static_cast<std::size_t>(concept_index)].entity;
}

}  // namespace scrubline
