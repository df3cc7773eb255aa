#pragma once

#include "core/util/sha256.h"

#include <string_view>

namespace cordon::core {

/// HMAC-SHA-256 of data under key (webhook signatures).
Digest hmacSha256(std::string_view key, std::string_view data);

/// Compares in time independent of where the inputs differ, so a signature cannot be
/// guessed byte by byte from response times.
bool constantTimeEquals(std::string_view a, std::string_view b);

} // namespace cordon::core
