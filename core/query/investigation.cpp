#include "core/query/investigation.h"

#include "core/util/json_reader.h"

#include <algorithm>
#include <map>

namespace cordon::core::investigation {
namespace {

std::vector<std::int64_t> ids(Statement &st)
{
    std::vector<std::int64_t> out;
    while (st.step())
        out.push_back(st.int64(0));
    return out;
}

std::optional<std::int64_t> optionalInt(const Statement &st, int column)
{
    return st.isNull(column) ? std::nullopt : std::optional(st.int64(column));
}

// Accounts forensics has not profiled yet still show, with what the events table says.
constexpr const char *kAccountColumns =
    "SELECT en.id, en.value, COALESCE(p.requests, 0), COALESCE(p.jailbreak_attempts, 0),"
    " COALESCE(p.policy_violations, 0), COALESCE(p.successful_jailbreaks, 0), COALESCE(p.flagged_outputs, 0),"
    " COALESCE(p.risk, 0), COALESCE(p.suspend, 0), COALESCE(p.first_seen, 0), COALESCE(p.last_seen, 0),"
    " COALESCE(p.reasons, '[]'), (SELECT COUNT(*) FROM campaign_accounts c WHERE c.account_id = en.id)"
    " FROM entities en LEFT JOIN account_profiles p ON p.account_id = en.id WHERE en.kind = 'account'";

AccountRow accountRow(const Statement &st)
{
    AccountRow a;
    a.id = st.int64(0);
    a.name = st.text(1);
    a.requests = st.int64(2);
    a.jailbreakAttempts = st.int64(3);
    a.policyViolations = st.int64(4);
    a.successfulJailbreaks = st.int64(5);
    a.flaggedOutputs = st.int64(6);
    a.risk = st.real(7);
    a.suspend = st.int64(8) != 0;
    a.firstSeen = st.int64(9);
    a.lastSeen = st.int64(10);
    a.reasons = stringList(st.text(11));
    a.campaigns = static_cast<int>(st.int64(12));
    return a;
}

} // namespace

std::vector<AccountRow> accountsByRisk(Database &db, int offset, int limit)
{
    Statement st = db.prepare(std::string(kAccountColumns)
                              + " ORDER BY COALESCE(p.risk, 0) DESC, COALESCE(p.requests, 0) DESC, en.value LIMIT ? OFFSET ?");
    st.bind(1, limit).bind(2, offset);
    std::vector<AccountRow> out;
    while (st.step())
        out.push_back(accountRow(st));
    return out;
}

std::optional<AccountRow> accountNamed(Database &db, const std::string &name)
{
    Statement st = db.prepare(std::string(kAccountColumns) + " AND en.value = ?");
    st.bindText(1, name);
    if (!st.step())
        return std::nullopt;
    return accountRow(st);
}

std::vector<SessionRow> sessionsOf(Database &db, std::int64_t accountId)
{
    Statement st = db.prepare(
        "SELECT COALESCE(e.session_id, 0), COALESCE(s.value, ''), COUNT(*), MIN(e.event_time), MAX(e.event_time)"
        " FROM events e LEFT JOIN entities s ON s.id = e.session_id WHERE e.account_id = ?"
        " GROUP BY e.session_id ORDER BY MIN(e.event_time), 1");
    st.bind(1, accountId);
    std::vector<SessionRow> out;
    std::map<std::int64_t, std::size_t> byId;
    while (st.step()) {
        byId[st.int64(0)] = out.size();
        out.push_back({st.int64(0), st.text(1), st.int64(2), 0, st.int64(3), st.int64(4)});
    }
    // Flags are ORed per session in a second pass: SQLite has no bitwise-OR aggregate.
    Statement flags = db.prepare("SELECT COALESCE(session_id, 0), flags FROM events WHERE account_id = ? AND flags <> 0");
    flags.bind(1, accountId);
    while (flags.step()) {
        if (const auto it = byId.find(flags.int64(0)); it != byId.end())
            out[it->second].flags |= static_cast<std::uint32_t>(flags.int64(1));
    }
    return out;
}

std::vector<std::int64_t> sessionEvents(Database &db, std::int64_t accountId, std::int64_t sessionId, int limit)
{
    Statement st = db.prepare(sessionId != 0
        ? "SELECT id FROM events WHERE session_id = ?1 AND account_id = ?2 ORDER BY event_time, id LIMIT ?3"
        : "SELECT id FROM events WHERE session_id IS NULL AND account_id = ?2 AND ?1 = 0 ORDER BY event_time, id LIMIT ?3");
    st.bind(1, sessionId).bind(2, accountId).bind(3, limit);
    return ids(st);
}

std::vector<ClusterRow> clusters(Database &db)
{
    Statement st = db.prepare(
        "SELECT id, kind, method, representative, size, accounts, first_seen, last_seen FROM clusters"
        " ORDER BY kind DESC, size DESC, id");   // suffix before family
    std::vector<ClusterRow> out;
    while (st.step())
        out.push_back({st.int64(0), st.text(1), st.text(2), st.text(3), st.int64(4), st.int64(5), st.int64(6), st.int64(7)});
    return out;
}

std::vector<std::int64_t> clusterMembers(Database &db, std::int64_t clusterId, int limit)
{
    Statement st = db.prepare("SELECT event_id FROM cluster_members WHERE cluster_id = ? ORDER BY event_id DESC LIMIT ?");
    st.bind(1, clusterId).bind(2, limit);
    return ids(st);
}

std::vector<CampaignRow> campaigns(Database &db)
{
    Statement st = db.prepare("SELECT id, name, first_seen, last_seen, evidence FROM campaigns ORDER BY first_seen, id");
    Statement members = db.prepare(
        "SELECT en.value, c.reasons FROM campaign_accounts c JOIN entities en ON en.id = c.account_id"
        " WHERE c.campaign_id = ? ORDER BY en.value");
    std::vector<CampaignRow> out;
    while (st.step()) {
        CampaignRow c{st.int64(0), st.text(1), st.int64(2), st.int64(3), {}, {}};
        const auto evidence = nlohmann::json::parse(st.text(4), nullptr, false);
        c.evidence = evidence.is_discarded() ? nlohmann::json::object() : evidence;
        members.bind(1, c.id);
        while (members.step())
            c.members.push_back({members.text(0), stringList(members.text(1))});
        members.reset();
        out.push_back(std::move(c));
    }
    return out;
}

CampaignGraph campaignGraph(Database &db, const CampaignRow &campaign)
{
    using Kind = CampaignGraph::Node::Kind;
    CampaignGraph g;
    std::map<std::string, std::size_t> accountNode;
    std::string accountIds;
    Statement entity = db.prepare("SELECT id FROM entities WHERE kind = 'account' AND value = ?");
    for (const CampaignMember &m : campaign.members) {
        entity.bindText(1, m.account);
        const std::int64_t id = entity.step() ? entity.int64(0) : 0;
        entity.reset();
        accountNode[m.account] = g.nodes.size();
        g.nodes.push_back({Kind::Account, m.account, id});
        accountIds += (accountIds.empty() ? "" : ",") + std::to_string(id);
    }
    if (campaign.evidence.contains("links") && campaign.evidence["links"].is_array()) {
        for (const auto &link : campaign.evidence["links"]) {
            const auto a = accountNode.find(link.value("a", "")), b = accountNode.find(link.value("b", ""));
            if (a == accountNode.end() || b == accountNode.end())
                continue;
            std::string why;
            for (const auto &c : link.value("criteria", nlohmann::json::array()))
                why += (why.empty() ? "" : ", ") + c.get<std::string>();
            g.edges.push_back({a->second, b->second, why});
        }
    }
    if (accountIds.empty())
        return g;
    // Who used what, for what two or more members share: the ids are numbers from the case.
    auto shared = [&](const std::string &sql, Kind kind) {
        Statement st = db.prepare(sql);
        std::map<std::int64_t, std::size_t> itemNode;
        while (st.step()) {
            const std::int64_t item = st.int64(0);
            auto [it, fresh] = itemNode.try_emplace(item, g.nodes.size());
            if (fresh)
                g.nodes.push_back({kind, st.text(1), item});
            const auto account = std::find_if(g.nodes.begin(), g.nodes.end(), [&](const CampaignGraph::Node &n) {
                return n.kind == Kind::Account && n.id == st.int64(2);
            });
            g.edges.push_back({static_cast<std::size_t>(account - g.nodes.begin()), it->second,
                               kind == Kind::SourceIp ? "used" : "member"});
        }
    };
    shared("SELECT e.source_ip_id, n.value, e.account_id FROM events e JOIN entities n ON n.id = e.source_ip_id"
           " WHERE e.account_id IN (" + accountIds + ") AND e.source_ip_id IN (SELECT source_ip_id FROM events"
           " WHERE account_id IN (" + accountIds + ") AND source_ip_id IS NOT NULL GROUP BY source_ip_id"
           " HAVING COUNT(DISTINCT account_id) > 1) GROUP BY e.source_ip_id, e.account_id ORDER BY 1, 3",
           Kind::SourceIp);
    shared("SELECT cm.cluster_id, c.kind || ' #' || c.id, e.account_id FROM cluster_members cm"
           " JOIN events e ON e.id = cm.event_id JOIN clusters c ON c.id = cm.cluster_id"
           " WHERE e.account_id IN (" + accountIds + ") AND cm.cluster_id IN (SELECT cm2.cluster_id FROM cluster_members cm2"
           " JOIN events e2 ON e2.id = cm2.event_id WHERE e2.account_id IN (" + accountIds + ")"
           " GROUP BY cm2.cluster_id HAVING COUNT(DISTINCT e2.account_id) > 1)"
           " GROUP BY cm.cluster_id, e.account_id ORDER BY 1, 3",
           Kind::Cluster);
    return g;
}

std::vector<IndicatorRow> indicators(Database &db)
{
    std::vector<IndicatorRow> out;
    Statement intel = db.prepare(
        "SELECT id, type, value, COALESCE(name, ''), source, confidence, sightings, first_seen, last_seen FROM indicators");
    while (intel.step())
        out.push_back({intel.int64(0), intel.text(1), intel.text(2), intel.text(3), intel.text(4), optionalInt(intel, 5),
                       intel.int64(6), optionalInt(intel, 7), optionalInt(intel, 8)});
    Statement derived = db.prepare(
        "SELECT type, value, name, confidence, sightings, first_seen, last_seen FROM derived_indicators");
    while (derived.step())
        out.push_back({std::nullopt, derived.text(0), derived.text(1), derived.text(2), "forensics", derived.int64(3),
                       derived.int64(4), derived.int64(5), derived.int64(6)});
    std::stable_sort(out.begin(), out.end(), [](const IndicatorRow &a, const IndicatorRow &b) {
        return a.sightings != b.sightings ? a.sightings > b.sightings : a.value < b.value;
    });
    return out;
}

std::vector<std::int64_t> sightings(Database &db, std::int64_t indicatorId, int limit)
{
    Statement st = db.prepare(
        "SELECT event_id FROM indicator_sightings WHERE indicator_id = ? ORDER BY event_id DESC LIMIT ?");
    st.bind(1, indicatorId).bind(2, limit);
    return ids(st);
}

std::vector<EntityMatch> entitiesMatching(Database &db, const std::string &text, int perKind)
{
    std::vector<EntityMatch> out;
    if (text.empty())
        return out;
    // A scan of one kind's names: tens of thousands of short strings, a few ms on the
    // reader's thread; instr on lower() keeps LIKE's wildcards out of what was typed.
    Statement st = db.prepare(
        "SELECT value FROM entities WHERE kind = ?1 AND instr(lower(value), lower(?2)) > 0"
        " ORDER BY instr(lower(value), lower(?2)) <> 1, length(value), value LIMIT ?3");
    for (const char *kind : {"account", "ip", "session"}) {
        st.reset();
        st.bindText(1, kind).bindText(2, text).bind(3, static_cast<std::int64_t>(perKind));
        while (st.step())
            out.push_back({kind, st.text(0)});
    }
    return out;
}

} // namespace cordon::core::investigation
