#pragma once

#include "core/triage/alert_triage.h"

#include <QColor>
#include <QPalette>
#include <QString>

#include <array>
#include <map>
#include <vector>

namespace cordon::ui {

/// The accounts each alert cites, by alert id (read with the alerts, on the loader thread).
using AlertAccountsMap = std::map<std::int64_t, core::AlertAccounts>;

/// How urgent an alert's response SLA is, for colour: amber under a quarter of the time
/// left, red once breached; Done when answered in time.
enum class SlaState { Done, Running, Short, Breached };

/// The countdowns are measured against `now` (the window's clock), not the time the alert
/// was read, so they tick without reading the case again.
SlaState slaState(const core::AlertSummary &alert, core::TimeUs now);
/// "12:04 left", "breached 3:10 ago", "met", "missed by 1 h 2 min".
QString slaText(const core::AlertSummary &alert, core::TimeUs now);
/// The text colour for an SLA state; invalid (the palette's own) when nothing is urgent.
QColor slaColor(SlaState state, const QPalette &palette);

/// Alerts by severity (indexed by core::Severity), open and closed apart.
struct SeverityCounts {
    std::array<int, 4> open{}, closed{};
};
SeverityCounts countBySeverity(const std::vector<core::AlertSummary> &alerts);

/// "u-900160, u-2 +3 more", or empty when the alert cites no account.
QString accountsText(const core::AlertAccounts &accounts);

/// The whole alert for a tooltip or detail pane: why it fired, what to do, who it escalates
/// to, where it stands.
QString alertHtml(const core::AlertSummary &alert, const core::AlertAccounts &accounts, core::TimeUs now);

} // namespace cordon::ui
