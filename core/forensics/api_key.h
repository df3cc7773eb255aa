#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cordon::core::forensics {

/// The API key an event was made with, as hex SHA-256, from its attributes: gateways log a
/// hash of it (LiteLLM's user_api_key_hash) or, worse, the key itself, which is hashed here
/// so it is never kept. Nothing when the event names no key.
std::optional<std::string> apiKeyHash(std::string_view attributes);

} // namespace cordon::core::forensics
