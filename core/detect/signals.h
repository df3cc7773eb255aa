#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace cordon::core {

/// Facts about one event that rules select on: the event's own flags (as the source system
/// asserted them) and what Cordon's scanners found in it. Computed once per event.
enum class Signal : std::uint8_t {
    // flags asserted by the source
    PolicyViolation, JailbreakDetected, PromptInjection, PiiFlagged, SecretFlagged, SystemPromptLeakFlagged,
    GuardrailBlocked, AuthFailure, ToolMisuse, RateLimited,
    // found by Cordon
    PiiInOutput, SecretInOutput, SecretInPrompt, AdversarialSuffix, RoleAdoption, SystemPromptDisclosure,
    Refusal, Complied, JwtAlgNone, JwtExpiredAccepted, JwtRoleEscalated, JwtOverlongLifetime, PrivilegedTool,
    MaxTokensRequest, VerbatimProtectedText,
    Count_
};

using SignalSet = std::uint64_t;
static_assert(static_cast<int>(Signal::Count_) <= 64);

constexpr SignalSet bit(Signal s)
{
    return SignalSet(1) << static_cast<unsigned>(s);
}

std::string_view signalName(Signal s);
std::optional<Signal> signalFromName(std::string_view name);
std::vector<std::string_view> signalNames(SignalSet set);

} // namespace cordon::core
