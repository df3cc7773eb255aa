#include "core/response/proposals.h"

#include "core/triage/alert_triage.h"

#include <set>

namespace cordon::core::response {
namespace {

using json = nlohmann::json;

constexpr std::size_t kMaxPatternChars = 200;
constexpr std::size_t kAlertAccounts = 50;

bool tableExists(Database &db, const char *name)
{
    Statement st = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    st.bindText(1, name);
    return st.step();
}

std::string joinReasons(const std::string &reasonsJson)
{
    const json j = json::parse(reasonsJson, nullptr, false);
    std::string out;
    if (j.is_array()) {
        for (const auto &r : j) {
            if (r.is_string())
                out += (out.empty() ? "" : "; ") + r.get<std::string>();
        }
    }
    return out;
}

ActionProposal suspend(const std::string &account, const std::string &why, const std::string &origin,
                       const ProposalOptions &o)
{
    return {"account.suspend", account, {{"duration_hours", o.suspendHours}, {"reason", why}}, why, origin, {}, {}};
}

/// Campaign members to suspend and the suffix clusters they share, from each campaign's
/// stored proposals.
void fromCampaigns(Database &db, const ProposalOptions &o, std::vector<ActionProposal> &out, std::set<std::int64_t> &clusters)
{
    Statement st = db.prepare("SELECT id, name, proposals FROM campaigns ORDER BY accounts DESC, id");
    while (st.step()) {
        const std::int64_t id = st.int64(0);
        const std::string name = st.text(1), origin = "campaign:" + std::to_string(id);
        const json proposals = json::parse(st.textView(2), nullptr, false);
        if (!proposals.is_object())
            continue;
        for (const json &c : proposals.value("containment", json::array())) {
            const std::string action = c.value("action", std::string());
            if (action == "suspend_account" && c.contains("account") && c["account"].is_string())
                out.push_back(suspend(c["account"].get<std::string>(), "member of campaign " + name, origin, o));
            else if (action == "block_pattern" && c.contains("cluster") && c["cluster"].is_number_integer())
                clusters.insert(c["cluster"].get<std::int64_t>());
        }
    }
}

void fromProfiles(Database &db, const ProposalOptions &o, std::vector<ActionProposal> &out)
{
    Statement st = db.prepare(
        "SELECT en.value, p.suspend, p.risk, p.reasons FROM account_profiles p JOIN entities en ON en.id = p.account_id"
        " WHERE p.suspend = 1 OR p.risk >= ? ORDER BY p.suspend DESC, p.risk DESC, en.value");
    st.bind(1, o.suspiciousRisk);
    while (st.step()) {
        const std::string account = st.text(0), reasons = joinReasons(st.text(3));
        if (st.int64(1) != 0) {
            out.push_back(suspend(account, "suspension criteria met" + (reasons.empty() ? "" : ": " + reasons),
                                  "profile:" + account, o));
        } else {
            const std::string why = "suspicious (risk " + std::to_string(static_cast<int>(st.real(2))) + ")"
                + (reasons.empty() ? "" : ": " + reasons);
            out.push_back({"account.rate_limit", account, {{"requests_per_hour", o.rateLimitPerHour}, {"reason", why}},
                           why, "profile:" + account, {}, {}});
        }
    }
}

void fromClusters(Database &db, const ProposalOptions &o, const std::set<std::int64_t> &clusters, std::vector<ActionProposal> &out)
{
    for (const SuffixPattern &p : suffixPatterns(db, o.minClusterAccounts, clusters)) {
        const std::string source = "suffix cluster " + std::to_string(p.cluster);
        const std::string why = source + ": " + std::to_string(p.prompts) + " prompts from " + std::to_string(p.accounts)
            + " accounts";
        out.push_back({"pattern.block", p.pattern, {{"match", "substring"}, {"source", source}, {"reason", why}}, why,
                       "cluster:" + std::to_string(p.cluster), {}, {}});
    }
}

} // namespace

std::vector<SuffixPattern> suffixPatterns(Database &db, int minAccounts, const std::set<std::int64_t> &alsoClusters)
{
    std::vector<SuffixPattern> out;
    Statement st = db.prepare("SELECT id, representative, size, accounts FROM clusters WHERE kind = 'suffix'"
                              " ORDER BY size DESC, id");
    while (st.step()) {
        const std::int64_t id = st.int64(0), accounts = st.int64(3);
        if (accounts < minAccounts && !alsoClusters.count(id))
            continue;
        std::string pattern = st.text(1);
        if (pattern.size() > kMaxPatternChars)
            pattern.resize(kMaxPatternChars);
        out.push_back({id, std::move(pattern), st.int64(2), accounts});
    }
    return out;
}

std::vector<ActionProposal> forensicProposals(Database &db, const ProposalOptions &options)
{
    std::vector<ActionProposal> out;
    if (!tableExists(db, "campaigns"))
        return out;
    std::set<std::int64_t> clusters;
    fromCampaigns(db, options, out, clusters);
    fromProfiles(db, options, out);
    fromClusters(db, options, clusters, out);
    // One proposal per action and target: a campaign member who also meets the criteria is
    // suspended once, with the campaign as the reason.
    std::set<std::pair<std::string, std::string>> seen;
    std::erase_if(out, [&](const ActionProposal &p) {
        const bool suspended = p.type == "account.rate_limit" && seen.count({"account.suspend", p.target});
        return suspended || !seen.insert({p.type, p.target}).second;
    });
    return out;
}

std::vector<ActionProposal> alertProposals(Database &db, std::int64_t alertId, const ProposalOptions &o)
{
    std::vector<ActionProposal> out;
    Statement st = db.prepare("SELECT rule_id, title FROM alerts WHERE id = ?");
    st.bind(1, alertId);
    if (!st.step())
        return out;
    const std::string rule = st.text(0), origin = "alert:" + std::to_string(alertId);
    const std::string why = "alert " + std::to_string(alertId) + ": " + st.text(1);
    const auto accounts = alertAccounts(db, alertId, kAlertAccounts).top;
    for (const std::string &account : accounts) {
        if (rule == "jailbreak_attempts" || rule == "policy_violations" || rule == "pii_in_output")
            out.push_back(suspend(account, why, origin, o));
        else if (rule == "token_exhaustion")
            out.push_back({"account.rate_limit", account, {{"requests_per_hour", o.rateLimitPerHour}, {"reason", why}},
                           why, origin, {}, {}});
        else if (rule == "auth_bypass" || rule == "credential_exposure")
            out.push_back({"tokens.revoke", account, {{"reason", why}}, why, origin, {}, {}});
    }
    if (rule == "auth_bypass")
        out.push_back({"signing_key.rotate", "signing key", {{"reason", why}}, why, origin, {}, {}});
    return out;
}

ProposalRun proposeAll(Database &db, const Clock &clock, const std::vector<ActionProposal> &proposals,
                       const std::string &proposedBy)
{
    ProposalRun run;
    for (ActionProposal p : proposals) {
        p.proposedBy = proposedBy;
        auto r = proposeAction(db, clock, p);
        if (!r)
            run.refused.push_back(p.type + " " + p.target + ": " + r.error().message);
        else
            (r->created ? run.created : run.existing).push_back(r->id);
    }
    return run;
}

std::vector<ApprovalPreview> previewApprovals(Database &db, const std::vector<std::int64_t> &ids, const std::string &actor)
{
    std::vector<ApprovalPreview> out;
    for (std::int64_t id : ids) {
        ApprovalPreview p;
        p.id = id;
        if (auto a = findAction(db, id)) {
            p.description = a->description();
            p.connector = a->connector.empty() ? "manual" : a->connector;
        }
        const Status refused = approvalRefusal(db, id, actor);
        p.approvable = refused.ok();
        if (!refused)
            p.refusal = refused.error().message;
        out.push_back(std::move(p));
    }
    return out;
}

std::vector<std::string> approveAll(Database &db, const Clock &clock, const std::vector<std::int64_t> &ids,
                                    const std::string &actor, const std::string &reason)
{
    std::vector<std::string> refusals;
    for (std::int64_t id : ids) {
        if (const Status s = approveAction(db, clock, id, actor, reason); !s)
            refusals.push_back(s.error().message);
    }
    return refusals;
}

} // namespace cordon::core::response
