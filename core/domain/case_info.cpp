#include "core/domain/case_info.h"

#include "core/util/enum_names.h"

namespace cordon::core {
namespace {

constexpr std::array<std::string_view, 4> kSeverities = {"Critical", "High", "Medium", "Low"};
constexpr std::array<std::string_view, 7> kPhases = {"Detection", "Triage", "Containment", "Investigation",
                                                     "Remediation", "Recovery", "Review"};
constexpr std::array<std::string_view, 7> kMilestoneNames = {"started", "detected", "declared", "contained",
                                                             "remediated", "recovered", "closed"};

} // namespace

std::string_view toString(Severity s) { return kSeverities[static_cast<std::size_t>(s)]; }
std::optional<Severity> severityFromString(std::string_view s) { return enumFromName<Severity>(kSeverities, s); }
std::string_view toString(Phase p) { return kPhases[static_cast<std::size_t>(p)]; }
std::optional<Phase> phaseFromString(std::string_view s) { return enumFromName<Phase>(kPhases, s); }
std::string_view toString(Milestone m) { return kMilestoneNames[static_cast<std::size_t>(m)]; }
std::optional<Milestone> milestoneFromString(std::string_view s) { return enumFromName<Milestone>(kMilestoneNames, s); }

} // namespace cordon::core
