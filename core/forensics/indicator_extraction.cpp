#include "core/forensics/indicator_extraction.h"


#include <algorithm>

namespace cordon::core::forensics {
namespace {

/// A cluster becomes an indicator once more than one account used it: one account
/// repeating itself is a profile fact, several sharing it is a signature.
constexpr std::int64_t kMinClusterAccounts = 2;
constexpr std::int64_t kMinClusterSize = 3;

int clamp(double confidence)
{
    return static_cast<int>(std::clamp(confidence, 0.0, 100.0));
}

void clusterIndicators(Database &db, const std::set<std::int64_t> &clusters, std::vector<DerivedIndicator> &out)
{
    Statement row = db.prepare(
        "SELECT kind, method, representative, size, accounts, first_seen, last_seen FROM clusters WHERE id = ?");
    for (std::int64_t id : clusters) {
        row.bind(1, id);
        if (row.step() && row.int64(4) >= kMinClusterAccounts && row.int64(3) >= kMinClusterSize) {
            const bool suffix = row.textView(0) == "suffix";
            DerivedIndicator d;
            d.type = suffix ? "suffix_signature" : "prompt_pattern";
            d.value = row.text(2);
            d.name = (suffix ? "adversarial suffix cluster " : "attack prompt family ") + std::to_string(id);
            // More accounts sharing it, more certainly a shared tool rather than coincidence.
            d.confidence = clamp(50 + 10 * static_cast<double>(row.int64(4)));
            d.sightings = row.int64(3);
            d.firstSeen = row.int64(5);
            d.lastSeen = row.int64(6);
            d.attributes = {{"cluster", id}, {"method", row.text(1)}, {"accounts", row.int64(4)}};
            out.push_back(std::move(d));
        }
        row.reset();
    }
}

void campaignIndicators(Database &db, std::vector<DerivedIndicator> &out)
{
    Statement campaigns = db.prepare("SELECT id, name, first_seen, last_seen, proposals FROM campaigns ORDER BY id");
    Statement address = db.prepare(
        "SELECT COUNT(*), MIN(event_time), MAX(event_time) FROM events"
        " WHERE source_ip_id = (SELECT id FROM entities WHERE kind = 'ip' AND value = ?)");
    while (campaigns.step()) {
        const auto proposals = nlohmann::json::parse(campaigns.textView(4), nullptr, false);
        if (!proposals.is_object() || !proposals.contains("indicators"))
            continue;
        for (const auto &p : proposals["indicators"]) {
            const std::string type = p.value("type", "");
            if (type != "ip" && type != "network")
                continue;   // member accounts come from their profiles
            DerivedIndicator d;
            d.type = type;
            d.value = p.value("value", "");
            d.name = (type == "ip" ? "address shared in " : "network shared in ") + campaigns.text(1);
            const std::int64_t accounts = p.value("accounts", 0);
            d.confidence = clamp((type == "ip" ? 60 : 40) + 10 * static_cast<double>(accounts));
            d.firstSeen = campaigns.int64(2);
            d.lastSeen = campaigns.int64(3);
            d.sightings = accounts;
            if (type == "ip") {
                // An address's sightings are its events, as for any address indicator.
                address.bindText(1, d.value);
                if (address.step() && address.int64(0) > 0) {
                    d.sightings = address.int64(0);
                    d.firstSeen = address.int64(1);
                    d.lastSeen = address.int64(2);
                }
                address.reset();
            }
            d.attributes = {{"campaign", campaigns.int64(0)}, {"accounts", accounts}};
            out.push_back(std::move(d));
        }
    }
}

void accountIndicators(Database &db, const std::set<std::int64_t> &accounts, DerivedChanges &out)
{
    Statement row = db.prepare(
        "SELECT e.value, p.jailbreak_attempts, p.policy_violations, p.first_seen, p.last_seen, p.risk, p.reasons, p.suspend"
        " FROM account_profiles p JOIN entities e ON e.id = p.account_id WHERE p.account_id = ?");
    for (std::int64_t id : accounts) {
        row.bind(1, id);
        if (row.step() && row.int64(7) == 0) {
            out.withdrawn.emplace_back("account", row.text(0));
        } else if (!row.isNull(0)) {
            DerivedIndicator d;
            d.type = "account";
            d.value = row.text(0);
            d.name = "account meeting the suspension criteria";
            d.confidence = clamp(row.real(5));
            d.sightings = row.int64(1) + row.int64(2);
            d.firstSeen = row.int64(3);
            d.lastSeen = row.int64(4);
            d.attributes = {{"reasons", nlohmann::json::parse(row.textView(6), nullptr, false)}};
            out.indicators.push_back(std::move(d));
        }
        row.reset();
    }
}

void tokenIndicators(Database &db, std::int64_t analysisId, std::vector<DerivedIndicator> &out)
{
    Statement rows = db.prepare(
        "SELECT f.token_sha256, COUNT(DISTINCT f.event_id), MIN(e.event_time), MAX(e.event_time), group_concat(DISTINCT f.kind)"
        " FROM auth_findings f JOIN events e ON e.id = f.event_id WHERE f.analysis_id = ? AND f.token_sha256 IS NOT NULL"
        " GROUP BY f.token_sha256 ORDER BY f.token_sha256");
    rows.bind(1, analysisId);
    while (rows.step()) {
        DerivedIndicator d;
        d.type = "token_sha256";
        d.value = rows.text(0);
        d.name = "token accepted despite: " + rows.text(4);
        d.confidence = 90;   // the token itself is the forgery or the misuse
        d.sightings = rows.int64(1);
        d.firstSeen = rows.int64(2);
        d.lastSeen = rows.int64(3);
        d.accumulate = true;
        d.attributes = {{"findings", rows.text(4)}};
        out.push_back(std::move(d));
    }
}

} // namespace

void IndicatorTally::add(const std::string &type, const std::string &value, TimeUs time)
{
    Count &c = m_counts[{type, value}];
    if (c.n++ == 0)
        c.first = c.last = time;
    c.first = std::min(c.first, time);
    c.last = std::max(c.last, time);
}

std::vector<DerivedIndicator> IndicatorTally::indicators() const
{
    std::vector<DerivedIndicator> out;
    for (const auto &[key, c] : m_counts) {
        DerivedIndicator d;
        d.type = key.first;
        d.value = key.second;
        if (d.type == "model_version") {
            d.name = "model version jailbroken";
            d.confidence = 70;
        } else {
            d.name = "API key used in attacks";
            d.confidence = 80;
        }
        d.sightings = c.n;
        d.firstSeen = c.first;
        d.lastSeen = c.last;
        d.accumulate = true;
        out.push_back(std::move(d));
    }
    return out;
}

DerivedChanges deriveIndicators(Database &db, const std::set<std::int64_t> &clusters, bool campaigns,
                                const std::set<std::int64_t> &accounts, std::int64_t analysisId)
{
    DerivedChanges out;
    clusterIndicators(db, clusters, out.indicators);
    out.campaignsRefreshed = campaigns;
    if (campaigns)
        campaignIndicators(db, out.indicators);
    accountIndicators(db, accounts, out);
    tokenIndicators(db, analysisId, out.indicators);
    return out;
}

std::int64_t storeDerived(Database &db, const DerivedChanges &changes)
{
    if (changes.campaignsRefreshed)
        db.exec("DELETE FROM derived_indicators WHERE type IN ('ip', 'network')");
    Statement withdraw = db.prepare("DELETE FROM derived_indicators WHERE type = ? AND value = ?");
    for (const auto &[type, value] : changes.withdrawn) {
        withdraw.bindText(1, type).bindText(2, value);
        withdraw.run();
    }
    Statement upsert = db.prepare(
        "INSERT INTO derived_indicators (type, value, name, confidence, first_seen, last_seen, sightings, attributes)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
        " ON CONFLICT (type, value) DO UPDATE SET name = excluded.name, confidence = excluded.confidence,"
        " first_seen = MIN(first_seen, excluded.first_seen), last_seen = MAX(last_seen, excluded.last_seen),"
        " sightings = CASE WHEN ?9 THEN sightings + excluded.sightings ELSE excluded.sightings END,"
        " attributes = excluded.attributes");
    std::int64_t written = 0;
    for (const DerivedIndicator &d : changes.indicators) {
        if (d.value.empty())
            continue;
        upsert.bindText(1, d.type).bindText(2, d.value).bindText(3, d.name).bind(4, d.confidence).bind(5, d.firstSeen);
        upsert.bind(6, d.lastSeen).bind(7, d.sightings).bindText(8, d.attributes.dump());
        upsert.bind(9, d.accumulate ? 1 : 0);
        upsert.run();
        ++written;
    }
    return written;
}

} // namespace cordon::core::forensics
