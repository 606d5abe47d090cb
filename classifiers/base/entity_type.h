// The one vocabulary of personal-data entity types, used in redaction tags
// ("[EMAIL]"), token derivation, headers, metric labels and reports. It is the
// vocabulary of ../shared/data/README.md plus scrubline's own identifiers.
//
// A closed enum on purpose: metric label values come only from here, never
// from record data. Add a type by adding one line to SCRUBLINE_ENTITY_TYPES.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace scrubline {

#define SCRUBLINE_ENTITY_TYPES(X) \
  X(kEmail, "EMAIL")              \
  X(kPhone, "PHONE")              \
  X(kCreditCard, "CREDIT_CARD")   \
  X(kIban, "IBAN")                \
  X(kIpAddress, "IP_ADDRESS")     \
  X(kUsSsn, "US_SSN")             \
  X(kUrl, "URL")                  \
  X(kMacAddress, "MAC_ADDRESS")   \
  X(kCrypto, "CRYPTO")            \
  X(kUsItin, "US_ITIN")           \
  X(kUsPassport, "US_PASSPORT")   \
  X(kUsDriverLicense, "US_DRIVER_LICENSE") \
  X(kUsBankNumber, "US_BANK_NUMBER")       \
  X(kAbaRoutingNumber, "ABA_ROUTING_NUMBER") \
  X(kUkNhs, "UK_NHS")             \
  X(kUkNino, "UK_NINO")           \
  X(kUkPostcode, "UK_POSTCODE")   \
  X(kPerson, "PERSON")            \
  X(kLocation, "LOCATION")        \
  X(kAddress, "ADDRESS")          \
  X(kDateTime, "DATE_TIME")       \
  X(kDateOfBirth, "DATE_OF_BIRTH") \
  X(kPlatformSid, "PLATFORM_SID") \
  X(kCredential, "CREDENTIAL")    \
  X(kSenderId, "SENDER_ID")       \
  X(kSwiftBic, "SWIFT_BIC")       \
  X(kImei, "IMEI")                \
  X(kIccid, "ICCID")              \
  X(kAdvertisingId, "ADVERTISING_ID") \
  X(kSipUri, "SIP_URI")           \
  X(kEsNif, "ES_NIF")             \
  X(kEsNie, "ES_NIE")             \
  X(kItFiscalCode, "IT_FISCAL_CODE") \
  X(kInAadhaar, "IN_AADHAAR")     \
  X(kGeoCoordinates, "GEO_COORDINATES") \
  X(kCustomTerm, "CUSTOM_TERM")     \
  X(kUserId, "USER_ID")

enum class EntityType : unsigned char {
#define SCRUBLINE_X(name, text) name,
  SCRUBLINE_ENTITY_TYPES(SCRUBLINE_X)
#undef SCRUBLINE_X
};

inline constexpr std::size_t kEntityTypeCount = 0
#define SCRUBLINE_X(name, text) +1
    SCRUBLINE_ENTITY_TYPES(SCRUBLINE_X)
#undef SCRUBLINE_X
    ;

// "EMAIL" for EntityType::kEmail. The view is static.
std::string_view EntityTypeName(EntityType type);
// "[EMAIL]": the redaction tag. The view is static.
std::string_view EntityTypeTag(EntityType type);
// Inverse of EntityTypeName; nullopt for an unknown name.
std::optional<EntityType> ParseEntityType(std::string_view name);

// Counts per entity type, e.g. detections in one output record.
using EntityCounts = std::array<unsigned, kEntityTypeCount>;

}  // namespace scrubline
