#include "pipeline/erasure_notice.h"

#include "classifiers/crypto/tokenizer.h"
#include "pipeline/json_writer.h"

namespace scrubline {
namespace {

EntityType TokenTypeOf(SubjectType type) {
  switch (type) {
    case SubjectType::kPhone:
      return EntityType::kPhone;
    case SubjectType::kEmail:
      return EntityType::kEmail;
    case SubjectType::kAccount:
      return EntityType::kPlatformSid;
    case SubjectType::kUser:
      return EntityType::kUserId;
  }
  return EntityType::kSenderId;
}

}  // namespace

Status AppendErasureNotice(const KeyRing& ring, SubjectType type, std::string_view value,
                           std::string_view default_calling_code, std::string_view subject_id,
                           std::string_view at, std::string& out) {
  const EntityType token_type = TokenTypeOf(type);
  std::string canonical;
  Canonicalize(token_type, value, default_calling_code, canonical);
  JsonWriter w(out);
  w.BeginObject();
  w.Key("subject");
  w.String(subject_id);
  w.Key("at");
  w.String(at);
  w.Key("type");
  w.String(EntityTypeName(token_type));
  w.Key("tokens");
  w.BeginObject();
  std::string token;
  for (const Key& key : ring.keys()) {
    auto tokenizer = Tokenizer::ForKey(key);
    if (!tokenizer.ok()) return tokenizer.status();
    token.clear();
    SCRUBLINE_RETURN_IF_ERROR(tokenizer->AppendToken(EntityTypeName(token_type), canonical, token));
    w.Key(key.id);
    w.String(token);
  }
  w.EndObject();
  w.EndObject();
  return Status::Ok();
}

}  // namespace scrubline
