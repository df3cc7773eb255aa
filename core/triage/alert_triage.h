#pragma once

#include "core/domain/case_info.h"
#include "core/store/sqlite.h"
#include "core/util/clock.h"
#include "core/util/expected.h"

#include <optional>
#include <string>
#include <vector>

namespace cordon::core {

/// An alert's place in triage: new → acknowledged → escalated | merged into the incident |
/// dismissed as a false positive → resolved.
enum class AlertStatus { New, Acknowledged, Escalated, Merged, Dismissed, Resolved };
std::string_view toString(AlertStatus s);
std::optional<AlertStatus> alertStatusFromString(std::string_view s);

/// A responder's decision on an alert.
struct AlertDecision {
    enum class Kind { Acknowledge, Assign, Escalate, Merge, Dismiss, Resolve } kind = Kind::Acknowledge;
    std::string actor;     ///< who decided (a person's name)
    std::string reason;    ///< required to dismiss; recorded for all
    std::string assignee;  ///< for Assign
    std::string target;    ///< for Escalate; the alert's escalation target when empty
};
std::optional<AlertDecision::Kind> decisionFromString(std::string_view verb);

/// Applies a decision in one transaction with its audit entry, or says why it cannot be
/// made (unknown alert, a transition the lifecycle does not allow, a dismissal without a
/// reason). Call on the writer connection.
Status decideAlert(Database &db, const Clock &clock, std::int64_t alertId, const AlertDecision &decision);

/// An alert as triage shows it, with its SLA judged against a clock.
struct AlertSummary {
    std::int64_t id = 0;
    std::string ruleId, title, groupKey, escalationTarget, assignee, resolutionReason;
    Severity severity = Severity::Low;
    AlertStatus status = AlertStatus::New;
    std::vector<std::string> criteria, recommendedActions;
    std::int64_t eventCount = 0;
    TimeUs firstEventTime = 0, lastEventTime = 0, createdAt = 0, slaDueAt = 0;
    std::optional<TimeUs> acknowledgedAt, escalatedAt, resolvedAt;

    enum class Sla { Running, Met, Breached } sla = Sla::Running;
    TimeUs slaRemaining = 0;   ///< negative once breached
};

/// Every alert, most severe first and then by SLA due time.
std::vector<AlertSummary> listAlerts(Database &db, TimeUs now);

} // namespace cordon::core
