#include "core/domain/event_flags.h"

#include <array>
#include <utility>

namespace cordon::core {
namespace {

constexpr std::array<std::pair<EventFlag, std::string_view>, 11> kNames = {{
    {PolicyViolation, "policy_violation"},
    {JailbreakDetected, "jailbreak_detected"},
    {PromptInjection, "prompt_injection"},
    {PiiDetected, "pii"},
    {SecretDetected, "secret"},
    {SystemPromptLeak, "system_prompt_leak"},
    {GuardrailBlocked, "guardrail_blocked"},
    {AuthFailure, "auth_failure"},
    {ToolMisuse, "tool_misuse"},
    {RateLimited, "rate_limited"},
    {DuplicateKeys, "duplicate_keys"},
}};

} // namespace

std::string_view flagName(EventFlag flag)
{
    for (const auto &[f, name] : kNames) {
        if (f == flag)
            return name;
    }
    return {};
}

std::optional<EventFlag> flagFromName(std::string_view name)
{
    for (const auto &[f, n] : kNames) {
        if (n == name)
            return f;
    }
    return std::nullopt;
}

std::vector<std::string_view> flagNames(std::uint32_t flags)
{
    std::vector<std::string_view> out;
    for (const auto &[f, name] : kNames) {
        if (flags & f)
            out.push_back(name);
    }
    return out;
}

const std::vector<EventFlag> &allFlags()
{
    static const std::vector<EventFlag> all = [] {
        std::vector<EventFlag> v;
        for (const auto &[f, name] : kNames)
            v.push_back(f);
        return v;
    }();
    return all;
}

} // namespace cordon::core
