#pragma once

#include "core/util/clock.h"

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace cordon::core {

enum class Severity { Critical, High, Medium, Low };
enum class Phase { Detection, Triage, Containment, Investigation, Remediation, Recovery, Review };

std::string_view toString(Severity s);
std::optional<Severity> severityFromString(std::string_view s);
std::string_view toString(Phase p);
std::optional<Phase> phaseFromString(std::string_view s);

/// The milestones of an incident, each a point in time once reached.
enum class Milestone { Started, Detected, Declared, Contained, Remediated, Recovered, Closed };
inline constexpr std::array<Milestone, 7> kMilestones = {
    Milestone::Started, Milestone::Detected, Milestone::Declared, Milestone::Contained,
    Milestone::Remediated, Milestone::Recovered, Milestone::Closed};
std::string_view toString(Milestone m);
std::optional<Milestone> milestoneFromString(std::string_view s);

/// What a new case is created with.
struct NewCase {
    std::string title;
    std::string incidentType = "unclassified";
    Severity severity = Severity::Medium;
    bool exercise = false;
};

/// The case header as stored.
struct CaseInfo {
    std::string uuid;
    std::string title;
    std::string incidentType;
    Severity severity = Severity::Medium;
    Phase phase = Phase::Detection;
    bool exercise = false;
    TimeUs createdAt = 0;
    std::array<std::optional<TimeUs>, kMilestones.size()> milestones{};
};

/// Counters kept with the events so opening a case never counts rows.
struct CaseStats {
    std::int64_t events = 0;
    std::int64_t deadLetters = 0;
    std::int64_t duplicates = 0;
    std::optional<TimeUs> firstEventTime;
    std::optional<TimeUs> lastEventTime;
    std::optional<TimeUs> lastRecordTime;
    std::int64_t commitSeq = 0;   ///< bumps with every committed batch; the UI's change signal
};

} // namespace cordon::core
