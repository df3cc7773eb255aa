#include "core/sim/scenario.h"

#include <array>

namespace cordon::core::sim {

std::string_view incidentId(Incident i)
{
    constexpr std::array<std::string_view, 5> ids = {"jailbreak-campaign", "prompt-injection", "pii-leak",
                                                     "token-exhaustion", "jwt-bypass"};
    return ids[static_cast<std::size_t>(i)];
}

std::string_view incidentType(Incident i)
{
    constexpr std::array<std::string_view, 5> types = {"jailbreak_campaign", "prompt_injection", "pii_leakage",
                                                       "service_abuse", "auth_bypass"};
    return types[static_cast<std::size_t>(i)];
}

std::optional<Scenario> scenarioByName(std::string_view name)
{
    using enum Incident;
    if (name == "benign")
        return Scenario{"benign", {}};
    for (Incident i : {JailbreakCampaign, PromptInjection, PiiLeak, TokenExhaustion, JwtBypass}) {
        if (name == incidentId(i))
            return Scenario{std::string(name), {i}};
    }
    if (name == "mixed")
        return Scenario{"mixed", {JailbreakCampaign, PromptInjection, PiiLeak, TokenExhaustion, JwtBypass}};
    return std::nullopt;
}

std::vector<std::string> scenarioNames()
{
    return {"benign", "jailbreak-campaign", "prompt-injection", "pii-leak", "token-exhaustion", "jwt-bypass", "mixed"};
}

} // namespace cordon::core::sim
