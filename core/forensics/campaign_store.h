#pragma once

#include "core/forensics/campaigns.h"
#include "core/store/sqlite.h"

#include <cstdint>
#include <set>
#include <string>
#include <unordered_map>

namespace cordon::core::forensics {

/// Entity values (account names, addresses, user agents) by id, each read once.
class EntityNames {
public:
    explicit EntityNames(Database &db);
    const std::string &operator()(std::int64_t id);

private:
    Statement m_read;
    std::unordered_map<std::int64_t, std::string> m_names;
};

/// What an attack event was sent through (each may be unknown).
struct Infrastructure {
    const std::string *address = nullptr;
    const std::string *userAgent = nullptr;
    const std::string *apiKey = nullptr;   ///< hex SHA-256
};

/// What campaign detection needs of every account with clustered attack events, kept up
/// to date as events are clustered so a refresh does not re-read every member.
class ActivityLedger {
public:
    /// Rebuilds the ledger from the members stored in the case.
    void load(Database &db);
    /// Counts one clustered attack event; true when the account is new to the cluster.
    bool add(std::int64_t account, std::int64_t event, TimeUs time, std::int64_t cluster, bool family,
             const Infrastructure &used, EntityNames &names);

    const std::vector<AccountActivity> &accounts() const { return m_activity; }
    const std::vector<std::int64_t> &accountIds() const { return m_ids; }

private:
    std::vector<AccountActivity> m_activity;
    std::vector<std::int64_t> m_ids;                           ///< account entity id per entry
    std::vector<std::int64_t> m_lastEvent;                     ///< per entry: an event is timed once
    std::unordered_map<std::int64_t, std::size_t> m_index;     ///< account id → entry
};

struct CampaignRefresh {
    std::int64_t campaigns = 0;
    std::int64_t accounts = 0;               ///< accounts in any campaign
    std::set<std::int64_t> touchedAccounts;  ///< accounts whose membership may have changed
};

/// Recomputes coordinated campaigns from the ledger and replaces the campaign tables. A
/// campaign keeps the id of the earlier campaign it shares most accounts with, so
/// references to it (proposed actions) survive a refresh.
CampaignRefresh refreshCampaigns(Database &db, const ActivityLedger &ledger, const CampaignOptions &options);

} // namespace cordon::core::forensics
