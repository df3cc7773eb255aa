#include "core/domain/case_info.h"

namespace cordon::core {
namespace {

constexpr std::array<std::string_view, 4> kSeverities = {"Critical", "High", "Medium", "Low"};
constexpr std::array<std::string_view, 7> kPhases = {"Detection", "Triage", "Containment", "Investigation",
                                                     "Remediation", "Recovery", "Review"};
constexpr std::array<std::string_view, 7> kMilestoneNames = {"started", "detected", "declared", "contained",
                                                             "remediated", "recovered", "closed"};

template<class Enum, std::size_t N>
std::optional<Enum> lookup(const std::array<std::string_view, N> &names, std::string_view s)
{
    for (std::size_t i = 0; i < N; ++i) {
        if (names[i] == s)
            return static_cast<Enum>(i);
    }
    return std::nullopt;
}

} // namespace

std::string_view toString(Severity s) { return kSeverities[static_cast<std::size_t>(s)]; }
std::optional<Severity> severityFromString(std::string_view s) { return lookup<Severity>(kSeverities, s); }
std::string_view toString(Phase p) { return kPhases[static_cast<std::size_t>(p)]; }
std::optional<Phase> phaseFromString(std::string_view s) { return lookup<Phase>(kPhases, s); }
std::string_view toString(Milestone m) { return kMilestoneNames[static_cast<std::size_t>(m)]; }

} // namespace cordon::core
