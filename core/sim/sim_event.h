#pragma once

#include "core/util/clock.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace cordon::core::sim {

/// One simulated gateway record before it is written as a Cordon JSON line.
struct SimEvent {
    TimeUs time = 0;
    std::string id;
    std::string kind = "llm.request";
    std::string account, session, sourceIp, userAgent;
    std::string model, modelVersion, provider;
    std::string prompt, output;
    std::optional<std::int64_t> inputTokens, outputTokens;
    std::vector<std::string> flags;
    nlohmann::json attributes = nlohmann::json::object();

    // Ground truth, never written into the event itself.
    std::string incident;          ///< empty for benign traffic
    int suffixFamily = -1;         ///< adversarial-suffix family, -1 when none
    std::string phase;             ///< attack-chain phase the scenario intended
};

/// Rough token count for text (about 4 characters a token, as tokenisers average on English).
inline std::int64_t approxTokens(const std::string &text)
{
    return static_cast<std::int64_t>(text.size() / 4 + 1);
}

} // namespace cordon::core::sim
