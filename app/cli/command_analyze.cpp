// cordon-cli analyze: forensics over a case (suffix clusters, prompt families, account
// profiles, coordinated campaigns). The work is in core/forensics.
#include "arguments.h"
#include "commands.h"
#include "terminal.h"

#include "core/forensics/forensic_analyzer.h"
#include "core/forensics/forensic_report.h"
#include "core/forensics/forensic_settings.h"
#include "core/store/case_file.h"

#include <cstdio>

namespace cordon::cli {
namespace {

/// --settings FILE for this run, else the ones the case was last analysed with (the defaults
/// for a case never analysed): later runs continue with the thresholds earlier ones used.
core::Expected<core::forensics::ForensicSettings> loadSettings(const Arguments &args, core::Database &db)
{
    if (!args.has("settings"))
        return core::forensics::caseSettings(db);
    const std::string path = args.valueOr("settings", "");
    auto j = readJsonFile(path, "the settings file");
    if (!j)
        return j.error();
    auto settings = core::forensics::ForensicSettings::fromJson(*j);
    if (!settings)
        return core::Error{core::ErrorCode::Invalid, path + ": " + settings.error().message};
    return settings;
}

void printText(const core::forensics::AnalysisSummary &s, const nlohmann::json &results)
{
    std::printf("analysis %lld: %s events examined (after event %lld, up to %lld), %s looked like attacks\n",
                static_cast<long long>(s.analysisId), humanCount(s.events).c_str(), static_cast<long long>(s.fromEvent),
                static_cast<long long>(s.uptoEvent), humanCount(s.attackEvents).c_str());
    std::printf("suffixes: %s extracted into %s clusters (%s new); prompt families: %s (%s new)\n",
                humanCount(s.suffixes).c_str(), humanCount(s.suffixClusters).c_str(),
                humanCount(s.newSuffixClusters).c_str(), humanCount(s.families).c_str(), humanCount(s.newFamilies).c_str());
    std::printf("accounts: %s profiled, %s meet the suspension criteria\n", humanCount(s.profiles).c_str(),
                humanCount(s.suspendable).c_str());
    std::printf("campaigns: %s, %s accounts in them\n", humanCount(s.campaigns).c_str(), humanCount(s.campaignAccounts).c_str());
    for (const auto &c : results["campaigns"]) {
        std::printf("  campaign %lld: %s; %s .. %s\n", c["id"].get<long long>(), c["name"].get<std::string>().c_str(),
                    c["first_seen"].get<std::string>().c_str(), c["last_seen"].get<std::string>().c_str());
        int shown = 0;
        for (const auto &item : c["evidence"]["shared_infrastructure"]) {
            if (shown++ == 5)
                break;
            std::printf("    shared %s by %lld accounts\n", item["item"].get<std::string>().c_str(),
                        item["accounts"].get<long long>());
        }
    }
    std::printf("authentication: %s findings this run", humanCount(s.authFindings).c_str());
    int listed = 0;
    for (const auto &f : results["auth_findings"]) {
        if (listed++ == 8)
            break;
        std::printf("\n  %s %s %s: %s", f["time"].get<std::string>().c_str(), f["account"].is_string() ? f["account"].get<std::string>().c_str() : "-",
                    f["kind"].get<std::string>().c_str(), f["detail"].get<std::string>().c_str());
    }
    std::printf("\nindicators: %s derived or updated, %s new sightings of imported ones\n",
                humanCount(s.indicatorsDerived).c_str(), humanCount(s.sightings).c_str());
    for (const auto &cl : results["suffix_clusters"]) {
        std::printf("  suffix cluster %lld: %lld events, %lld accounts: %s\n", cl["id"].get<long long>(),
                    cl["size"].get<long long>(), cl["accounts"].get<long long>(),
                    cl["representative"].get<std::string>().substr(0, 80).c_str());
    }
    std::printf("took %.2f s\n", s.seconds);
}

} // namespace

int runAnalyze(const std::vector<std::string> &words)
{
    Arguments args;
    if (auto err = args.parse(words, {{"settings", "actor"}, {"json", "rebuild"}}))
        return usageError(*err);
    if (args.positionals().size() != 1)
        return usageError("analyze takes one case file");
    auto file = openForWriting(args.positionals()[0], "cordon-cli analyze");
    if (!file)
        return reportError(file.error());
    auto settings = loadSettings(args, (*file)->db());
    if (!settings)
        return reportError(settings.error());
    try {
        core::forensics::ForensicAnalyzer analyzer(*settings, core::SystemClock::instance());
        const auto summary = analyzer.run((*file)->db(), args.valueOr("actor", "cordon-cli"), args.has("rebuild"));
        const nlohmann::json results = core::forensics::readResults((*file)->db());
        if (args.has("json")) {
            nlohmann::json out = results;
            out["run_seconds"] = summary.seconds;
            std::printf("%s\n", out.dump(2).c_str());
        } else {
            printText(summary, results);
        }
    } catch (const core::SqlError &e) {
        return reportError({core::ErrorCode::Database, std::string("analysis failed: ") + e.what()});
    }
    return kOk;
}

} // namespace cordon::cli
