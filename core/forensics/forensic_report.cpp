#include "core/forensics/forensic_report.h"

#include "core/util/time_format.h"

namespace cordon::core::forensics {
namespace {

nlohmann::json parsed(std::string_view text)
{
    auto j = nlohmann::json::parse(text, nullptr, false);
    return j.is_discarded() ? nlohmann::json() : j;
}

nlohmann::json clusters(Database &db, const char *kind, int top)
{
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
        }
    }
    out["suspend_total"] = db.queryInt("SELECT COUNT(*) FROM account_profiles WHERE suspend");
    return out;
}

} // namespace cordon::core::forensics
