#include "core/forensics/campaign_store.h"

#include "core/forensics/api_key.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <unordered_map>

namespace cordon::core::forensics {
namespace {

std::string fixed(double v)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

/// One line per criterion that links the account to another member: the strongest link.
nlohmann::json accountReasons(std::size_t who, const Campaign &c, const std::vector<AccountActivity> &accounts)
{
    const AccountLink *best[3] = {nullptr, nullptr, nullptr};
    for (const AccountLink &l : c.links) {
        if (l.a != who && l.b != who)
            continue;
        if (l.byOverlap && (!best[0] || l.overlap > best[0]->overlap))
            best[0] = &l;
        if (l.byTemporal && (!best[1] || l.temporal > best[1]->temporal))
            best[1] = &l;
        if (l.byInfrastructure && (!best[2] || l.infrastructure > best[2]->infrastructure))
            best[2] = &l;
    }
    auto other = [&](const AccountLink *l) { return accounts[l->a == who ? l->b : l->a].account; };
    nlohmann::json out = nlohmann::json::array();
    if (best[0])
        out.push_back("sends the same suffix clusters / prompt families as " + other(best[0]) + " (overlap "
                      + fixed(best[0]->overlap) + ")");
    if (best[1])
        out.push_back("attacks in the same time bins as " + other(best[1]) + " (correlation " + fixed(best[1]->temporal) + ")");
    if (best[2]) {
        std::string items;
        for (const auto &i : best[2]->sharedInfrastructure)
            items += (items.empty() ? "" : ", ") + i;
        out.push_back("shares infrastructure with " + other(best[2]) + ": " + items + " (overlap "
                      + fixed(best[2]->infrastructure) + ")");
    }
    return out;
}

/// What holds a campaign together: shared clusters and infrastructure with how many
/// accounts use each, the strongest scores, and the links (the first 500) with criteria.
nlohmann::json evidenceJson(const Campaign &c, const std::vector<AccountActivity> &accounts)
{
    nlohmann::json evidence;
    evidence["shared_clusters"] = nlohmann::json::array();
    for (const auto &[cluster, users] : c.sharedClusters)
        evidence["shared_clusters"].push_back({{"cluster", cluster}, {"accounts", users}});
    evidence["shared_infrastructure"] = nlohmann::json::array();
    for (const auto &[item, users] : c.sharedInfrastructure)
        evidence["shared_infrastructure"].push_back({{"item", item}, {"accounts", users}});
    double maxOverlap = 0, maxTemporal = 0, maxInfra = 0;
    evidence["links"] = nlohmann::json::array();
    for (const AccountLink &l : c.links) {
        maxOverlap = std::max(maxOverlap, l.overlap);
        maxTemporal = std::max(maxTemporal, l.temporal);
        maxInfra = std::max(maxInfra, l.infrastructure);
        if (evidence["links"].size() >= 500)
            continue;
        nlohmann::json criteria = nlohmann::json::array();
        if (l.byOverlap)
            criteria.push_back("overlap");
        if (l.byTemporal)
            criteria.push_back("temporal");
        if (l.byInfrastructure)
            criteria.push_back("infrastructure");
        evidence["links"].push_back({{"a", accounts[l.a].account}, {"b", accounts[l.b].account}, {"overlap", l.overlap},
                                     {"temporal", l.temporal}, {"infrastructure", l.infrastructure}, {"criteria", criteria}});
    }
    evidence["max_scores"] = {{"overlap", maxOverlap}, {"temporal", maxTemporal}, {"infrastructure", maxInfra}};
    evidence["links_total"] = c.links.size();
    return evidence;
}

/// What the response side may act on: members to suspend, shared tails to block, shared
/// addresses, networks and the member accounts as indicators.
nlohmann::json proposalsJson(const Campaign &c, const std::vector<AccountActivity> &accounts)
{
    nlohmann::json proposals;
    proposals["containment"] = nlohmann::json::array();
    for (std::size_t i : c.accounts)
        proposals["containment"].push_back({{"action", "suspend_account"}, {"account", accounts[i].account}});
    for (const auto &[cluster, users] : c.sharedClusters)
        proposals["containment"].push_back({{"action", "block_pattern"}, {"cluster", cluster}});
    // A key several members share is the campaign's own credential: revoke it.
    for (const auto &[item, users] : c.sharedInfrastructure) {
        if (item.starts_with("key:"))
            proposals["containment"].push_back({{"action", "revoke_api_key"}, {"api_key_sha256", item.substr(4)}});
    }
    proposals["indicators"] = nlohmann::json::array();
    for (const auto &[item, users] : c.sharedInfrastructure) {
        if (item.starts_with("ip:"))
            proposals["indicators"].push_back({{"type", "ip"}, {"value", item.substr(3)}, {"accounts", users}});
        else if (item.starts_with("net:"))
            proposals["indicators"].push_back({{"type", "network"}, {"value", item.substr(4)}, {"accounts", users}});
        else if (item.starts_with("key:"))
            proposals["indicators"].push_back({{"type", "api_key_sha256"}, {"value", item.substr(4)}, {"accounts", users}});
    }
    for (std::size_t i : c.accounts)
        proposals["indicators"].push_back({{"type", "account"}, {"value", accounts[i].account}});
    return proposals;
}

} // namespace

EntityNames::EntityNames(Database &db)
    : m_read(db.prepare("SELECT value FROM entities WHERE id = ?"))
{
}

const std::string &EntityNames::operator()(std::int64_t id)
{
    auto [it, inserted] = m_names.try_emplace(id);
    if (inserted) {
        m_read.bind(1, id);
        if (m_read.step())
            it->second = m_read.text(0);
        m_read.reset();
    }
    return it->second;
}

void ActivityLedger::load(Database &db)
{
    *this = ActivityLedger();
    EntityNames names(db);
    Statement rows = db.prepare(
        "SELECT e.account_id, cm.event_id, e.event_time, cm.cluster_id, c.kind = 'family', e.source_ip_id,"
        " e.user_agent_id, e.attributes FROM cluster_members cm JOIN events e ON e.id = cm.event_id"
        " JOIN clusters c ON c.id = cm.cluster_id WHERE e.account_id IS NOT NULL ORDER BY cm.event_id");
    std::optional<std::string> key;
    std::int64_t keyOf = -1;   // an event is a member of its family and its suffix cluster: parse it once
    while (rows.step()) {
        const std::int64_t event = rows.int64(1);
        if (event != keyOf) {
            keyOf = event;
            key = rows.isNull(7) ? std::nullopt : apiKeyHash(rows.textView(7));
        }
        Infrastructure used;
        used.address = rows.isNull(5) ? nullptr : &names(rows.int64(5));
        used.userAgent = rows.isNull(6) ? nullptr : &names(rows.int64(6));
        used.apiKey = key ? &*key : nullptr;
        add(rows.int64(0), event, rows.int64(2), rows.int64(3), rows.int64(4) != 0, used, names);
    }
}

bool ActivityLedger::add(std::int64_t account, std::int64_t event, TimeUs time, std::int64_t cluster, bool family,
                         const Infrastructure &used, EntityNames &names)
{
    auto [it, inserted] = m_index.try_emplace(account, m_activity.size());
    if (inserted) {
        m_activity.push_back({});
        m_activity.back().account = names(account);
        m_ids.push_back(account);
        m_lastEvent.push_back(-1);
    }
    const std::size_t i = it->second;
    AccountActivity &a = m_activity[i];
    const bool newToCluster = ++(family ? a.families : a.suffixClusters)[cluster] == 1;
    if (m_lastEvent[i] == event)
        return newToCluster; // the same event in its suffix cluster and its family
    m_lastEvent[i] = event;
    a.attackTimes.push_back(time);
    if (used.address) {
        for (auto &item : addressItems(*used.address))
            a.infrastructure.insert(std::move(item));
    }
    if (used.userAgent)
        a.infrastructure.insert("ua:" + *used.userAgent);
    if (used.apiKey)
        a.infrastructure.insert("key:" + *used.apiKey);
    return newToCluster;
}

CampaignRefresh refreshCampaigns(Database &db, const ActivityLedger &ledger, const CampaignOptions &options)
{
    const std::vector<AccountActivity> &activity = ledger.accounts();
    const std::vector<std::int64_t> &accountIds = ledger.accountIds();
    std::vector<Campaign> found = findCampaigns(activity, options);

    // Earlier campaigns and their members, to keep ids stable.
    CampaignRefresh out;
    std::map<std::int64_t, std::set<std::int64_t>> previous;
    {
        Statement rows = db.prepare("SELECT campaign_id, account_id FROM campaign_accounts");
        while (rows.step()) {
            previous[rows.int64(0)].insert(rows.int64(1));
            out.touchedAccounts.insert(rows.int64(1));
        }
    }
    std::int64_t nextId = std::max<std::int64_t>(db.queryInt("SELECT COALESCE(MAX(id), 0) FROM campaigns"), 0) + 1;
    db.exec("DELETE FROM campaign_accounts");
    db.exec("DELETE FROM campaigns");

    Statement insertCampaign = db.prepare(
        "INSERT INTO campaigns (id, name, first_seen, last_seen, accounts, evidence, proposals) VALUES (?, ?, ?, ?, ?, ?, ?)");
    Statement insertMember = db.prepare("INSERT INTO campaign_accounts (campaign_id, account_id, reasons) VALUES (?, ?, ?)");
    std::set<std::int64_t> taken;
    for (const Campaign &c : found) {
        std::int64_t id = 0;
        std::size_t bestShared = 0;
        for (const auto &[oldId, members] : previous) {
            if (taken.count(oldId))
                continue;
            std::size_t shared = 0;
            for (std::size_t i : c.accounts)
                shared += members.count(accountIds[i]);
            if (shared > bestShared) {
                bestShared = shared;
                id = oldId;
            }
        }
        if (id == 0)
            id = nextId++;
        taken.insert(id);

        const std::string name = std::to_string(c.accounts.size()) + " accounts, " + std::to_string(c.sharedClusters.size())
            + " shared clusters, " + std::to_string(c.sharedInfrastructure.size()) + " shared infrastructure items";
        insertCampaign.bind(1, id).bindText(2, name).bind(3, c.firstSeen).bind(4, c.lastSeen);
        insertCampaign.bind(5, static_cast<std::int64_t>(c.accounts.size())).bindText(6, evidenceJson(c, activity).dump());
        insertCampaign.bindText(7, proposalsJson(c, activity).dump());
        insertCampaign.run();
        for (std::size_t i : c.accounts) {
            insertMember.bind(1, id).bind(2, accountIds[i]).bindText(3, accountReasons(i, c, activity).dump());
            insertMember.run();
            out.touchedAccounts.insert(accountIds[i]);
            ++out.accounts;
        }
        ++out.campaigns;
    }
    return out;
}

} // namespace cordon::core::forensics
