#pragma once

#include "core/store/sqlite.h"
#include "core/util/clock.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

/// What the Investigate page reads: accounts by risk down to their sessions and events,
/// clusters and their members, campaigns with their evidence, indicators with sightings.
/// Plain reads of what ingest and forensics stored; run them on a read connection.
namespace cordon::core::investigation {

struct AccountRow {
    std::int64_t id = 0;
    std::string name;
    std::int64_t requests = 0, jailbreakAttempts = 0, policyViolations = 0, successfulJailbreaks = 0,
                 flaggedOutputs = 0;
    double risk = 0;           ///< 0..100; 0 for an account forensics has not profiled
    bool suspend = false;      ///< meets the suspension criteria
    int campaigns = 0;
    TimeUs firstSeen = 0, lastSeen = 0;
    std::vector<std::string> reasons;
};

/// Accounts, riskiest first (then by requests, then name); `offset`/`limit` page through them.
std::vector<AccountRow> accountsByRisk(Database &db, int offset, int limit);
std::optional<AccountRow> accountNamed(Database &db, const std::string &name);

struct SessionRow {
    std::int64_t id = 0;       ///< entity id; 0 for the account's events without a session
    std::string name;
    std::int64_t events = 0;
    std::uint32_t flags = 0;   ///< every flag any of its events carries
    TimeUs first = 0, last = 0;
};

/// An account's sessions, earliest first.
std::vector<SessionRow> sessionsOf(Database &db, std::int64_t accountId);
/// The ids of a session's events (of `accountId`'s events without a session when
/// `sessionId` is 0) in event-time order, at most `limit`.
std::vector<std::int64_t> sessionEvents(Database &db, std::int64_t accountId, std::int64_t sessionId, int limit);

struct ClusterRow {
    std::int64_t id = 0;
    std::string kind;   ///< suffix or family
    std::string method, representative;
    std::int64_t size = 0, accounts = 0;
    TimeUs firstSeen = 0, lastSeen = 0;
};

/// Suffix clusters then prompt families, largest first.
std::vector<ClusterRow> clusters(Database &db);
/// A cluster's member events, newest first, at most `limit`.
std::vector<std::int64_t> clusterMembers(Database &db, std::int64_t clusterId, int limit);

struct CampaignMember {
    std::string account;
    std::vector<std::string> reasons;
};
struct CampaignRow {
    std::int64_t id = 0;
    std::string name;
    TimeUs firstSeen = 0, lastSeen = 0;
    std::vector<CampaignMember> members;
    nlohmann::json evidence;   ///< shared clusters, infrastructure, scored links between accounts
};
std::vector<CampaignRow> campaigns(Database &db);

/// A campaign as a graph: its accounts, the source IPs two or more of them used, the
/// clusters they share; edges are the scored links between accounts and who used what.
struct CampaignGraph {
    struct Node {
        enum class Kind { Account, SourceIp, Cluster } kind = Kind::Account;
        std::string label;
        std::int64_t id = 0;   ///< entity id, or cluster id
    };
    struct Edge {
        std::size_t a = 0, b = 0;   ///< indexes into nodes
        std::string why;            ///< the link's criteria ("temporal", "overlap"), or "used"/"member"
    };
    std::vector<Node> nodes;   ///< accounts first
    std::vector<Edge> edges;
};
CampaignGraph campaignGraph(Database &db, const CampaignRow &campaign);

struct IndicatorRow {
    std::optional<std::int64_t> id;   ///< for indicators from threat intelligence; derived ones have none
    std::string type, value, name, source;
    std::optional<std::int64_t> confidence;
    std::int64_t sightings = 0;
    std::optional<TimeUs> firstSeen, lastSeen;
};
/// Indicators from threat intelligence and those forensics derived, most sighted first.
std::vector<IndicatorRow> indicators(Database &db);
/// The events an indicator from threat intelligence was sighted in, newest first.
std::vector<std::int64_t> sightings(Database &db, std::int64_t indicatorId, int limit);

/// An account, session or IP named by what a user typed.
struct EntityMatch {
    std::string kind;   ///< "account", "session" or "ip"
    std::string value;
};
/// Accounts, IPs and sessions whose name contains `text` (any case), those starting with it
/// first, then the shortest: at most `perKind` of each.
std::vector<EntityMatch> entitiesMatching(Database &db, const std::string &text, int perKind);

} // namespace cordon::core::investigation
