#include "core/detect/signals.h"

#include <array>

namespace cordon::core {
namespace {

constexpr std::array<std::string_view, static_cast<std::size_t>(Signal::Count_)> kNames = {
    "policy_violation", "jailbreak_detected", "prompt_injection", "pii", "secret", "system_prompt_leak",
    "guardrail_blocked", "auth_failure", "tool_misuse", "rate_limited",
    "pii_in_output", "secret_in_output", "secret_in_prompt", "adversarial_suffix", "role_adoption",
    "system_prompt_disclosure", "refusal", "complied", "jwt_alg_none", "jwt_expired_accepted",
    "jwt_role_escalated", "jwt_overlong_lifetime", "privileged_tool", "max_tokens_request", "verbatim_protected_text"};

} // namespace

std::string_view signalName(Signal s)
{
    return kNames[static_cast<std::size_t>(s)];
}

std::optional<Signal> signalFromName(std::string_view name)
{
    for (std::size_t i = 0; i < kNames.size(); ++i) {
        if (kNames[i] == name)
            return static_cast<Signal>(i);
    }
    return std::nullopt;
}

std::vector<std::string_view> signalNames(SignalSet set)
{
    std::vector<std::string_view> out;
    for (std::size_t i = 0; i < kNames.size(); ++i) {
        if (set & (SignalSet(1) << i))
            out.push_back(kNames[i]);
    }
    return out;
}

} // namespace cordon::core
