#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cordon::core {

/// Facts a source system or Cordon asserted about an event, stored as bits.
enum EventFlag : std::uint32_t {
    PolicyViolation    = 1u << 0,
    JailbreakDetected  = 1u << 1,
    PromptInjection    = 1u << 2,
    PiiDetected        = 1u << 3,
    SecretDetected     = 1u << 4,
    SystemPromptLeak   = 1u << 5,
    GuardrailBlocked   = 1u << 6,
    AuthFailure        = 1u << 7,
    ToolMisuse         = 1u << 8,
    RateLimited        = 1u << 9,
    DuplicateKeys      = 1u << 10,   ///< the record's JSON repeated a key in one object
};

/// The wire name of a flag ("jailbreak_detected"), for formats, filters and display.
std::string_view flagName(EventFlag flag);
std::optional<EventFlag> flagFromName(std::string_view name);
std::vector<std::string_view> flagNames(std::uint32_t flags);
const std::vector<EventFlag> &allFlags();

} // namespace cordon::core
