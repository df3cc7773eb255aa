#pragma once

#include "core/sim/rng.h"
#include "core/sim/scenario.h"
#include "core/sim/sim_event.h"

#include <vector>

namespace cordon::core::sim {

/// The attack traffic of one incident, labelled with its ground truth, in no particular
/// order. `totalEvents` scales its size; timing is placed inside the configured window.
std::vector<SimEvent> generateIncident(Incident incident, Rng &rng, const SimulationConfig &config,
                                       std::int64_t totalEvents);

} // namespace cordon::core::sim
