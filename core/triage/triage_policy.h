#pragma once

#include "core/domain/case_info.h"
#include "core/util/clock.h"
#include "core/util/expected.h"

#include <nlohmann/json.hpp>

#include <array>
#include <string>
#include <vector>

namespace cordon::core {

/// What triage attaches to an alert of each severity: how fast someone must respond, whom
/// it goes to, and what to do first. Configurable per case; defaults from the brief.
struct TriagePolicy {
    struct Level {
        TimeUs responseTime = 0;            ///< SLA: acknowledge within this
        std::string escalationTarget;       ///< empty: no escalation
        std::vector<std::string> recommendedActions;
    };
    std::array<Level, 4> levels;            ///< indexed by Severity (Critical, High, Medium, Low)

    const Level &at(Severity s) const { return levels[static_cast<std::size_t>(s)]; }
    static TriagePolicy defaults();
    /// {"Critical": {"sla_minutes": 15, "escalate_to": "...", "actions": [...]}, ...}; missing
    /// severities keep their defaults.
    static Expected<TriagePolicy> fromJson(const nlohmann::json &j);
};

} // namespace cordon::core
