#pragma once

#include "core/domain/case_info.h"
#include "core/query/event_row.h"
#include "core/store/sqlite.h"
#include "core/util/expected.h"

#include <vector>

namespace cordon::core {

/// The case header, on any connection.
Expected<CaseInfo> readCaseInfo(Database &db);
/// Accounts cited by alerts that were not dismissed as false positives.
std::int64_t countAffectedAccounts(Database &db);

/// Read-side queries over one read connection. Never writes; never blocks the writer
/// (WAL readers see the last committed snapshot). One per thread.
class CaseReader {
public:
    explicit CaseReader(Database db);
    static Expected<CaseReader> open(const std::string &path);

    Expected<CaseInfo> info();
    Expected<CaseStats> stats();
    /// Newest events first, starting after `before` when given. O(limit) at any depth.
    Expected<std::vector<EventRow>> newestEvents(int limit, const std::optional<EventCursor> &before = std::nullopt);
    /// The events with these ids, in the order given (ids that do not exist are skipped).
    Expected<std::vector<EventRow>> eventsById(const std::vector<std::int64_t> &ids);
    /// Everything about one event, for the detail pane; Invalid when there is no such event.
    Expected<EventDetail> eventDetail(std::int64_t id);
    /// Counts of events per kind: a GROUP BY over the whole table, for reports, not for open.
    Expected<std::vector<std::pair<std::string, std::int64_t>>> eventKinds();
    std::int64_t distinctAccounts();
    /// Accounts cited by alerts that were not dismissed as false positives.
    std::int64_t affectedAccounts();
    /// Campaigns found, and those with activity at or after `activeSince`.
    struct CampaignCounts {
        std::int64_t total = 0, active = 0;
    };
    CampaignCounts campaignCounts(TimeUs activeSince);

    Database &db() { return m_db; }

private:
    Database m_db;
};

} // namespace cordon::core
