#pragma once

#include "core/domain/case_info.h"
#include "core/store/feed_definitions.h"
#include "core/triage/alert_triage.h"
#include "ui/triage/alert_text.h"

#include <QMetaType>
#include <QString>

#include <vector>

namespace cordon::ui {

/// What the main window shows of a case, read in one go on the loader thread.
struct CaseSnapshot {
    QString path;
    core::CaseInfo info;
    core::CaseStats stats;
    std::int64_t accounts = 0;
    std::int64_t affectedAccounts = -1;   ///< cited by alerts not dismissed; -1 while not yet counted
    std::int64_t campaigns = 0, activeCampaigns = 0;
    std::int64_t auditEntries = 0;
    QString auditHead;
    QString readOnlyReason;   ///< empty when the case is open for writing
    std::vector<core::AlertSummary> alerts;   ///< most severe first
    AlertAccountsMap alertAccounts;           ///< the accounts each alert cites (none in a case's first snapshot)
    std::vector<core::FeedDefinition> feeds;  ///< by name
    core::TimeUs readAt = 0;                  ///< the clock when the snapshot was read
};

} // namespace cordon::ui

Q_DECLARE_METATYPE(cordon::ui::CaseSnapshot)
