#pragma once

#include "core/util/clock.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cordon::core::sim {

/// The incidents the simulator can embed in benign traffic.
enum class Incident { JailbreakCampaign, PromptInjection, PiiLeak, TokenExhaustion, JwtBypass };

std::string_view incidentId(Incident i);          ///< "jailbreak-campaign", ...
std::string_view incidentType(Incident i);        ///< the case incident type, "jailbreak_campaign", ...

/// A named scenario: benign traffic plus zero or more incidents.
struct Scenario {
    std::string name;
    std::vector<Incident> incidents;
};

std::optional<Scenario> scenarioByName(std::string_view name);
std::vector<std::string> scenarioNames();

struct SimulationConfig {
    Scenario scenario;
    std::int64_t events = 10'000;
    std::uint64_t seed = 1;
    /// Fixed by default so that a seed alone determines the output.
    TimeUs start = 1'795'132'800'000'000;  // 2026-11-20T00:00:00Z
    /// Multiplies how much of the traffic the incidents take (benchmarks that need, say,
    /// 100k attack prompts in 1M events); 1 is the realistic default.
    double incidentScale = 1.0;
    /// How long the traffic spans.
    TimeUs duration = 48LL * 3600 * 1'000'000;
};

} // namespace cordon::core::sim
