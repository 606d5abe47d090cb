#include "classifiers/base/entity_type.h"

namespace scrubline {
namespace {

constexpr std::string_view kNames[] = {
#define SCRUBLINE_X(name, text) text,
    SCRUBLINE_ENTITY_TYPES(SCRUBLINE_X)
#undef SCRUBLINE_X
};
constexpr std::string_view kTags[] = {
#define SCRUBLINE_X(name, text) "[" text "]",
    SCRUBLINE_ENTITY_TYPES(SCRUBLINE_X)
#undef SCRUBLINE_X
};

}  // namespace

std::string_view EntityTypeName(EntityType type) { return kNames[static_cast<std::size_t>(type)]; }
std::string_view EntityTypeTag(EntityType type) { return kTags[static_cast<std::size_t>(type)]; }

std::optional<EntityType> ParseEntityType(std::string_view name) {
  for (std::size_t i = 0; i < kEntityTypeCount; ++i) {
    if (kNames[i] == name) return static_cast<EntityType>(i);
  }
  return std::nullopt;
}

}  // namespace scrubline
