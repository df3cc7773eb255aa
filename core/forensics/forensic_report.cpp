#include "core/forensics/forensic_report.h"

#include "core/util/time_format.h"

namespace cordon::core::forensics {
namespace {

nlohmann::json parsed(std::string_view text)
{
    auto j = nlohmann::json::parse(text, nullptr, false);
    return j.is_discarded() ? nlohmann::json() : j;
}

/// The addresses a prepared statement lists (value, events), as [{ip, events}].
nlohmann::json addresses(Statement &st)
{
    nlohmann::json out = nlohmann::json::array();
    while (st.step())
        out.push_back({{"ip", st.text(0)}, {"events", st.int64(1)}});
    st.reset();
    return out;
}

constexpr int kTopAddresses = 5;
constexpr int kRecentMembers = 2000;

nlohmann::json clusters(Database &db, const char *kind, int top)
{
    // Addresses among a cluster's latest members: a large cluster's whole membership would
    // take seconds to join, and the recent addresses are the ones to act on.
    Statement ips = db.prepare(
        "SELECT n.value, COUNT(*) FROM (SELECT event_id FROM cluster_members WHERE cluster_id = ?1"
        " ORDER BY event_id DESC LIMIT ?3) m JOIN events e ON e.id = m.event_id"
        " JOIN entities n ON n.id = e.source_ip_id GROUP BY n.id ORDER BY 2 DESC, 1 LIMIT ?2");
    nlohmann::json out = nlohmann::json::array();
    Statement rows = db.prepare(
        "SELECT id, method, representative, representative_event, size, accounts, first_seen, last_seen FROM clusters"
        " WHERE kind = ? ORDER BY size DESC, id LIMIT ?");
    rows.bindText(1, kind).bind(2, top);
    while (rows.step()) {
        out.push_back({{"id", rows.int64(0)},
                       {"method", rows.text(1)},
                       {"representative", rows.text(2)},
                       {"representative_event", rows.int64(3)},
                       {"size", rows.int64(4)},
                       {"accounts", rows.int64(5)},
                       {"first_seen", formatRfc3339(rows.int64(6))},
                       {"last_seen", formatRfc3339(rows.int64(7))}});
        ips.bind(1, rows.int64(0)).bind(2, kTopAddresses).bind(3, kRecentMembers);
        out.back()["recent_ips"] = addresses(ips);
    }
    return out;
}

} // namespace

nlohmann::json readResults(Database &db, int topClusters, int topAccounts)
{
    nlohmann::json out;
    {
        Statement last = db.prepare("SELECT id, finished_at, upto_event, settings, summary FROM analyses ORDER BY id DESC LIMIT 1");
        if (last.step()) {
            out["analysis"] = {{"id", last.int64(0)},
                               {"finished_at", formatRfc3339(last.int64(1))},
                               {"upto_event", last.int64(2)},
                               {"settings", parsed(last.textView(3))},
                               {"summary", parsed(last.textView(4))}};
        } else {
            out["analysis"] = nullptr;
        }
    }
    out["campaigns"] = nlohmann::json::array();
    {
        Statement campaigns = db.prepare(
            "SELECT id, name, first_seen, last_seen, accounts, evidence, proposals FROM campaigns ORDER BY accounts DESC, id");
        Statement members = db.prepare(
            "SELECT e.value, c.reasons FROM campaign_accounts c JOIN entities e ON e.id = c.account_id"
            " WHERE c.campaign_id = ? ORDER BY e.value");
        while (campaigns.step()) {
            nlohmann::json c = {{"id", campaigns.int64(0)},
                                {"name", campaigns.text(1)},
                                {"first_seen", formatRfc3339(campaigns.int64(2))},
                                {"last_seen", formatRfc3339(campaigns.int64(3))},
                                {"accounts", campaigns.int64(4)},
                                {"evidence", parsed(campaigns.textView(5))},
                                {"proposals", parsed(campaigns.textView(6))}};
            c["members"] = nlohmann::json::array();
            members.bind(1, campaigns.int64(0));
            while (members.step())
                c["members"].push_back({{"account", members.text(0)}, {"reasons", parsed(members.textView(1))}});
            members.reset();
            out["campaigns"].push_back(std::move(c));
        }
    }
    out["suffix_clusters"] = clusters(db, "suffix", topClusters);
    out["families"] = clusters(db, "family", topClusters);
    out["suspend"] = nlohmann::json::array();
    {
        Statement rows = db.prepare(
            "SELECT e.value, p.requests, p.jailbreak_attempts, p.successful_jailbreaks, p.policy_violations,"
            " p.flagged_outputs, p.first_seen, p.last_seen, p.risk, p.reasons FROM account_profiles p"
            " JOIN entities e ON e.id = p.account_id WHERE p.suspend ORDER BY p.risk DESC, e.value LIMIT ?");
        rows.bind(1, topAccounts);
        Statement ips = db.prepare(
            "SELECT n.value, COUNT(*) FROM events e JOIN entities n ON n.id = e.source_ip_id"
            " WHERE e.account_id = (SELECT id FROM entities WHERE kind = 'account' AND value = ?)"
            " GROUP BY n.id ORDER BY 2 DESC, 1 LIMIT ?");
        Statement campaigns = db.prepare(
            "SELECT c.campaign_id FROM campaign_accounts c JOIN entities e ON e.id = c.account_id"
            " WHERE e.kind = 'account' AND e.value = ? ORDER BY 1");
        while (rows.step()) {
            out["suspend"].push_back({{"account", rows.text(0)},
                                      {"requests", rows.int64(1)},
                                      {"jailbreak_attempts", rows.int64(2)},
                                      {"successful_jailbreaks", rows.int64(3)},
                                      {"policy_violations", rows.int64(4)},
                                      {"flagged_outputs", rows.int64(5)},
                                      {"first_seen", formatRfc3339(rows.int64(6))},
                                      {"last_seen", formatRfc3339(rows.int64(7))},
                                      {"risk", rows.real(8)},
                                      {"reasons", parsed(rows.textView(9))}});
            ips.bindText(1, rows.text(0)).bind(2, kTopAddresses);
            out["suspend"].back()["ips"] = addresses(ips);
            campaigns.bindText(1, rows.text(0));
            out["suspend"].back()["campaigns"] = nlohmann::json::array();
            while (campaigns.step())
                out["suspend"].back()["campaigns"].push_back(campaigns.int64(0));
            campaigns.reset();
        }
    }
    out["suspend_total"] = db.queryInt("SELECT COUNT(*) FROM account_profiles WHERE suspend");
    out["auth_findings"] = nlohmann::json::array();
    {
        Statement rows = db.prepare(
            "SELECT f.event_id, e.event_time, a.value, f.kind, f.detail FROM auth_findings f JOIN events e ON e.id = f.event_id"
            " LEFT JOIN entities a ON a.id = f.account_id ORDER BY e.event_time, f.event_id, f.kind LIMIT ?");
        rows.bind(1, topAccounts);
        while (rows.step()) {
            out["auth_findings"].push_back({{"event", rows.int64(0)},
                                            {"time", formatRfc3339(rows.int64(1))},
                                            {"account", rows.isNull(2) ? nlohmann::json() : nlohmann::json(rows.text(2))},
                                            {"kind", rows.text(3)},
                                            {"detail", rows.text(4)}});
        }
    }
    out["auth_findings_total"] = db.queryInt("SELECT COUNT(*) FROM auth_findings");
    out["indicators"] = {
        {"derived", db.queryInt("SELECT COUNT(*) FROM derived_indicators")},
        {"sighted", db.queryInt("SELECT COUNT(*) FROM indicators WHERE sightings > 0")}};
    return out;
}

} // namespace cordon::core::forensics
