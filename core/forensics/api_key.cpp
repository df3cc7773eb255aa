#include "core/forensics/api_key.h"

#include "core/normalize/json_fields.h"
#include "core/util/sha256.h"

#include <nlohmann/json.hpp>

namespace cordon::core::forensics {

std::optional<std::string> apiKeyHash(std::string_view attributes)
{
    // Most events name no key: skip the parse for them.
    if (attributes.find("api_key") == std::string_view::npos)
        return std::nullopt;
    const auto j = nlohmann::json::parse(attributes, nullptr, false);
    if (!j.is_object())
        return std::nullopt;
    if (auto hash = normalize::firstText(j, {"user_api_key_hash", "metadata.user_api_key_hash", "api_key_sha256"});
        hash && hash->size() == 64)
        return hash;
    if (auto key = normalize::firstText(j, {"api_key", "metadata.api_key"}))
        return toHex(Sha256::of(*key));
    return std::nullopt;
}

} // namespace cordon::core::forensics
