#include "core/forensics/forensic_tables.h"

#include "core/audit/row_encoder.h"

#include <nlohmann/json.hpp>

namespace cordon::core::forensics::tables {
namespace {

/// The result tables runs update in place, and the order their rows are digested in.
struct ResultTable {
    const char *name;
    const char *orderBy;
};
constexpr ResultTable kStateTables[] = {
    {"clusters", "id"},
    {"account_profiles", "account_id"},
    {"campaigns", "id"},
    {"campaign_accounts", "campaign_id, account_id"},
    {"derived_indicators", "type, value"},
};

/// Append-only result tables: each row names the analysis run that added it.
constexpr ResultTable kAppendedTables[] = {
    {"cluster_members", "cluster_id, event_id"},
    {"indicator_sightings", "indicator_id, event_id"},
    {"auth_findings", "event_id, kind"},
};

void digestRows(Statement &rows, std::string_view table, Sha256 &sink)
{
    const StatementRowHasher hasher(rows, table);
    while (rows.step())
        hasher.encode(rows, sink);
}

} // namespace

std::string encodeSignatures(const std::vector<Signature> &signatures)
{
    std::string out;
    for (const Signature &s : signatures) {
        for (std::uint32_t v : s) {
            for (int b = 0; b < 4; ++b)
                out += static_cast<char>((v >> (8 * b)) & 0xff);
        }
    }
    return out;
}

std::vector<Signature> decodeSignatures(std::string_view blob, int hashes)
{
    std::vector<Signature> out;
    const std::size_t width = static_cast<std::size_t>(hashes) * 4;
    if (width == 0)
        return out;
    for (std::size_t at = 0; at + width <= blob.size(); at += width) {
        Signature s(static_cast<std::size_t>(hashes));
        for (std::size_t i = 0; i < s.size(); ++i) {
            std::uint32_t v = 0;
            for (int b = 0; b < 4; ++b)
                v |= static_cast<std::uint32_t>(static_cast<unsigned char>(blob[at + i * 4 + static_cast<std::size_t>(b)])) << (8 * b);
            s[i] = v;
        }
        out.push_back(std::move(s));
    }
    return out;
}

Digest stateDigest(Database &db)
{
    Sha256 sink;
    for (const ResultTable &t : kStateTables) {
        Statement rows = db.prepare(std::string("SELECT * FROM ") + t.name + " ORDER BY " + t.orderBy);
        digestRows(rows, t.name, sink);
    }
    return sink.finish();
}

Digest membersDigest(Database &db, std::int64_t analysisId)
{
    // Tables in order; one with no rows of the run adds nothing, so runs from before a
    // table existed keep their digest.
    Sha256 sink;
    for (const ResultTable &t : kAppendedTables) {
        Statement rows = db.prepare(std::string("SELECT * FROM ") + t.name + " WHERE analysis_id = ? ORDER BY " + t.orderBy);
        rows.bind(1, analysisId);
        digestRows(rows, t.name, sink);
    }
    return sink.finish();
}

std::int64_t appendedRows(Database &db, std::optional<std::int64_t> analysisId)
{
    std::int64_t rows = 0;
    for (const ResultTable &t : kAppendedTables) {
        Statement count = db.prepare(std::string("SELECT COUNT(*) FROM ") + t.name
                                     + (analysisId ? " WHERE analysis_id = ?" : ""));
        if (analysisId)
            count.bind(1, *analysisId);
        rows += count.step() ? count.int64(0) : 0;
    }
    return rows;
}

std::int64_t resultRows(Database &db)
{
    std::int64_t rows = appendedRows(db, std::nullopt);
    for (const ResultTable &t : kStateTables)
        rows += db.queryInt(std::string("SELECT COUNT(*) FROM ") + t.name);
    return rows;
}

void clearResults(Database &db)
{
    for (const ResultTable &t : kAppendedTables)
        db.exec(std::string("DELETE FROM ") + t.name);
    for (const ResultTable &t : kStateTables)
        db.exec(std::string("DELETE FROM ") + t.name);
    db.exec("UPDATE meta SET value = 0 WHERE key IN ('forensics_upto', 'indicators_matched_upto')");
}

void addToProfiles(Database &db, const std::map<std::int64_t, AccountProfile> &deltas)
{
    Statement upsert = db.prepare(
        "INSERT INTO account_profiles (account_id, requests, jailbreak_attempts, policy_violations,"
        " successful_jailbreaks, flagged_outputs, first_seen, last_seen, risk, suspend, reasons)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, '[]')"
        " ON CONFLICT (account_id) DO UPDATE SET requests = requests + excluded.requests,"
        " jailbreak_attempts = jailbreak_attempts + excluded.jailbreak_attempts,"
        " policy_violations = policy_violations + excluded.policy_violations,"
        " successful_jailbreaks = successful_jailbreaks + excluded.successful_jailbreaks,"
        " flagged_outputs = flagged_outputs + excluded.flagged_outputs,"
        " first_seen = MIN(first_seen, excluded.first_seen), last_seen = MAX(last_seen, excluded.last_seen)");
    for (const auto &[account, p] : deltas) {
        upsert.bind(1, account).bind(2, p.requests).bind(3, p.jailbreakAttempts).bind(4, p.policyViolations);
        upsert.bind(5, p.successfulJailbreaks).bind(6, p.flaggedOutputs).bind(7, p.firstSeen).bind(8, p.lastSeen);
        upsert.run();
    }
}

void assessProfiles(Database &db, const std::set<std::int64_t> &accounts, const ProfileCriteria &criteria)
{
    Statement read = db.prepare(
        "SELECT requests, jailbreak_attempts, policy_violations, successful_jailbreaks, flagged_outputs,"
        " (SELECT COUNT(*) FROM campaign_accounts c WHERE c.account_id = p.account_id)"
        " FROM account_profiles p WHERE account_id = ?");
    Statement write = db.prepare("UPDATE account_profiles SET risk = ?, suspend = ?, reasons = ? WHERE account_id = ?");
    for (std::int64_t account : accounts) {
        read.bind(1, account);
        if (!read.step()) {
            read.reset();
            continue;
        }
        AccountProfile p;
        p.requests = read.int64(0);
        p.jailbreakAttempts = read.int64(1);
        p.policyViolations = read.int64(2);
        p.successfulJailbreaks = read.int64(3);
        p.flaggedOutputs = read.int64(4);
        p.campaigns = static_cast<int>(read.int64(5));
        read.reset();
        p.assess(criteria);
        write.bind(1, p.risk).bind(2, p.suspend ? 1 : 0).bindText(3, nlohmann::json(p.reasons).dump()).bind(4, account);
        write.run();
    }
}

} // namespace cordon::core::forensics::tables
