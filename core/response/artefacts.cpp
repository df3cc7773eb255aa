#include "core/response/artefacts.h"

#include "core/detect/rule.h"
#include "core/query/case_reader.h"
#include "core/response/actions.h"
#include "core/response/proposals.h"
#include "core/util/atomic_file.h"
#include "core/util/time_format.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <set>

namespace cordon::core::response {
namespace {

constexpr TimeUs kHour = 3'600'000'000;

bool inForce(const Action &a)
{
    return a.state == ActionState::Executed || a.state == ActionState::Verified;
}

std::optional<AccountStatus> statusOf(const Action &a)
{
    AccountStatus s{a.target, {}, {}, a.id, a.executedAt.value_or(a.proposedAt), std::nullopt};
    const auto &p = a.parameters;
    if (a.type == "account.suspend") {
        s.status = "suspended";
        s.until = s.since + p.value("duration_hours", 0) * kHour;
        s.detail = "until " + formatRfc3339(*s.until);
    } else if (a.type == "account.rate_limit") {
        s.status = "rate-limited";
        s.detail = std::to_string(p.value("requests_per_hour", 0)) + " requests/h";
    } else if (a.type == "user.block") {
        s.status = "blocked";
    } else if (a.type == "tokens.revoke") {
        s.status = "tokens revoked";
    } else if (a.type == "account.unblock_monitored") {
        s.status = "monitored";
        s.until = s.since + p.value("monitoring_days", 0) * 24 * kHour;
        s.detail = "enhanced monitoring until " + formatRfc3339(*s.until);
    } else {
        return std::nullopt;
    }
    return s;
}

/// A CSV field: quoted when it holds a separator, a quote or a line break.
std::string csv(const std::string &s)
{
    if (s.find_first_of(",\"\r\n") == std::string::npos)
        return s;
    std::string out = "\"";
    for (char c : s)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string header(const CaseInfo &info, TimeUs now, std::string_view what)
{
    return "# " + std::string(what) + " from Cordon case \"" + info.title + "\" (" + info.uuid + "), " + formatRfc3339(now) + "\n";
}

} // namespace

std::vector<AccountStatus> accountStatuses(Database &db)
{
    std::vector<AccountStatus> out;
    for (const auto &a : listActions(db)) {
        if (!inForce(a))
            continue;
        if (auto s = statusOf(a))
            out.push_back(std::move(*s));
    }
    return out;
}

std::vector<BlockedPattern> patternBlocklist(Database &db, bool withCandidates)
{
    std::vector<BlockedPattern> out;
    std::set<std::string> seen;
    auto add = [&](BlockedPattern p) {
        if (seen.insert(p.pattern).second)
            out.push_back(std::move(p));
    };
    auto actions = listActions(db);
    std::reverse(actions.begin(), actions.end());   // in the order they were decided
    for (const auto &a : actions) {
        if (!inForce(a))
            continue;
        const std::string source = a.parameters.value("source", std::string("action #" + std::to_string(a.id)));
        if (a.type == "pattern.block")
            add({a.target, a.parameters.value("match", std::string("substring")), source, a.id, true});
        else if (a.type == "suffix_blocklist.update") {
            for (const auto &s : a.parameters.value("suffixes", nlohmann::json::array()))
                add({s.get<std::string>(), "substring", source, a.id, true});
        }
    }
    if (withCandidates) {
        for (const auto &p : suffixPatterns(db, ProposalOptions{}.minClusterAccounts))
            add({p.pattern, "substring",
                 "suffix cluster " + std::to_string(p.cluster) + " (" + std::to_string(p.accounts) + " accounts)", 0, false});
    }
    return out;
}

std::vector<BlockedAddress> addressBlocklist(Database &db)
{
    std::vector<BlockedAddress> out;
    Statement st = db.prepare(
        "SELECT value, type, name, confidence FROM derived_indicators WHERE type IN ('ip', 'network')"
        " UNION ALL SELECT value, type, source, COALESCE(confidence, 50) FROM indicators WHERE type IN ('ip', 'network')"
        " AND value NOT IN (SELECT value FROM derived_indicators) ORDER BY 4 DESC, 1");
    while (st.step())
        out.push_back({st.text(0), st.text(1), st.text(2), static_cast<int>(st.int64(3))});
    return out;
}

Expected<std::vector<std::string>> writeArtefacts(Database &db, const Clock &clock, const std::string &directory)
{
    std::error_code ec;
    std::filesystem::create_directories(directory, ec);
    if (ec)
        return Error{ErrorCode::Io, directory + ": " + ec.message()};
    auto info = readCaseInfo(db);
    if (!info)
        return info.error();
    const TimeUs now = clock.now();
    const auto patterns = patternBlocklist(db, true);

    nlohmann::json patternJson = nlohmann::json::array();
    std::string patternText = header(*info, now, "Suffix blocklist (patterns in force)");
    for (const auto &p : patterns) {
        nlohmann::json j = {{"pattern", p.pattern}, {"match", p.match}, {"source", p.source}, {"in_force", p.inForce}};
        if (p.actionId)
            j["action"] = p.actionId;
        patternJson.push_back(std::move(j));
        if (p.inForce && p.match == "substring" && p.pattern.find('\n') == std::string::npos)
            patternText += p.pattern + "\n";
    }
    std::string ipText = header(*info, now, "IP blocklist");
    for (const auto &a : addressBlocklist(db))
        ipText += a.value + "\n";
    std::string accountsCsv = "account,status,detail,action,since,until\n";
    for (const auto &s : accountStatuses(db)) {
        accountsCsv += csv(s.account) + "," + csv(s.status) + "," + csv(s.detail) + "," + std::to_string(s.actionId) +
                       "," + formatRfc3339(s.since) + "," + (s.until ? formatRfc3339(*s.until) : "") + "\n";
    }
    const std::string rulesJson = DetectionConfig::caseJson(db);

    const std::vector<std::pair<std::string, std::string>> files = {
        {"suffix_blocklist.json", nlohmann::json{{"case", info->uuid}, {"generated_at", formatRfc3339(now)},
                                                 {"patterns", patternJson}}.dump(2) + "\n"},
        {"suffix_blocklist.txt", patternText},
        {"ip_blocklist.txt", ipText},
        {"accounts.csv", accountsCsv},
        {"detection_rules.json", rulesJson},
    };
    std::vector<std::string> written;
    for (const auto &[name, content] : files) {
        const std::string path = (std::filesystem::path(directory) / name).string();
        if (auto s = writeFileAtomically(path, content); !s)
            return s.error();
        written.push_back(path);
    }
    return written;
}

} // namespace cordon::core::response
