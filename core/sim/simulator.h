#pragma once

#include "core/sim/scenario.h"
#include "core/sim/sim_event.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <string_view>

namespace cordon::core::sim {

/// Writes realistic LLM-gateway traffic as Cordon JSON lines, deterministic for a seed, and
/// the ground truth of which accounts, sessions and events belong to which incident.
class Simulator {
public:
    explicit Simulator(SimulationConfig config);

    /// Receives each event and its JSON line (no newline), in event-time order.
    using Sink = std::function<void(const SimEvent &, std::string_view line)>;
    /// Optionally replaces each event's time as it is written (live mode stamps "now").
    using TimeOverride = std::function<TimeUs(const SimEvent &)>;

    /// Generates everything and returns the ground truth document.
    nlohmann::json run(const Sink &sink, const TimeOverride &timeOverride = {});

    /// The Cordon JSON line for one event.
    static std::string toJsonLine(const SimEvent &e);

private:
    SimulationConfig m_config;
};

} // namespace cordon::core::sim
