// cordon-cli detect, alerts and alert: run the detection rules, list alerts with their SLA,
// and record triage decisions. The work is in core/detect and core/triage.
#include "arguments.h"
#include "commands.h"
#include "terminal.h"

#include "core/detect/detection_engine.h"
#include "core/detect/protected_text.h"
#include "core/store/case_file.h"
#include "core/triage/alert_triage.h"
#include "core/util/time_format.h"

#include <cstdio>
#include <fstream>
#include <sstream>

namespace cordon::cli {
namespace {

std::string duration(core::TimeUs us)
{
    const std::int64_t minutes = (us < 0 ? -us : us) / 60'000'000;
    if (minutes < 120)
        return std::to_string(minutes) + " min";
    return std::to_string(minutes / 60) + " h " + std::to_string(minutes % 60) + " min";
}

std::string slaText(const core::AlertSummary &a)
{
    using Sla = core::AlertSummary::Sla;
    switch (a.sla) {
    case Sla::Met: return "met";
    case Sla::Running: return duration(a.slaRemaining) + " left";
    case Sla::Breached:
        return a.acknowledgedAt ? "missed by " + duration(a.slaRemaining) : "BREACHED " + duration(a.slaRemaining) + " ago";
    }
    return "";
}

nlohmann::json toJson(const core::AlertSummary &a)
{
    auto time = [](std::optional<core::TimeUs> t) { return t ? nlohmann::json(core::formatRfc3339(*t)) : nlohmann::json(); };
    return {{"id", a.id},
            {"rule", a.ruleId},
            {"title", a.title},
            {"severity", core::toString(a.severity)},
            {"status", core::toString(a.status)},
            {"group", a.groupKey},
            {"events", a.eventCount},
            {"criteria", a.criteria},
            {"recommended_actions", a.recommendedActions},
            {"escalation_target", a.escalationTarget},
            {"assignee", a.assignee},
            {"resolution_reason", a.resolutionReason},
            {"first_event_time", time(a.firstEventTime)},
            {"last_event_time", time(a.lastEventTime)},
            {"created_at", time(a.createdAt)},
            {"sla_due_at", time(a.slaDueAt)},
            {"sla", a.sla == core::AlertSummary::Sla::Met ? "met"
                        : a.sla == core::AlertSummary::Sla::Running ? "running" : "breached"},
            {"sla_remaining_seconds", a.slaRemaining / 1'000'000},
            {"acknowledged_at", time(a.acknowledgedAt)},
            {"escalated_at", time(a.escalatedAt)},
            {"resolved_at", time(a.resolvedAt)}};
}

/// --rules FILE for this run, else the case's own rules, else the built-in ones.
core::Expected<core::DetectionConfig> loadRules(const Arguments &args, core::Database &db)
{
    if (!args.has("rules"))
        return core::DetectionConfig::forCase(db);
    const std::string path = args.valueOr("rules", "");
    auto j = readJsonFile(path, "the rules file");
    if (!j)
        return j.error();
    auto config = core::DetectionConfig::fromJson(*j);
    if (!config)
        return core::Error{core::ErrorCode::Invalid, path + ": " + config.error().message};
    return config;
}

} // namespace

int runDetectionPass(core::CaseFile &file, const core::DetectionConfig &config, bool quiet)
{
    try {
        core::DetectionEngine engine(config, core::SystemClock::instance());
        const core::DetectionPass pass = engine.run(file.db());
        if (!quiet)
            std::printf("detection: %s events evaluated, %s alerts raised, %s updated\n", humanCount(pass.events).c_str(),
                        humanCount(pass.raised).c_str(), humanCount(pass.updated).c_str());
    } catch (const core::SqlError &e) {
        return reportError({core::ErrorCode::Database, std::string("detection failed: ") + e.what()});
    }
    return kOk;
}

int runDetect(const std::vector<std::string> &words)
{
    Arguments args;
    if (auto err = args.parse(words, {{"rules"}, {"quiet"}}))
        return usageError(*err);
    if (args.positionals().size() != 1)
        return usageError("detect takes one case file");
    auto file = openForWriting(args.positionals()[0], "cordon-cli detect");
    if (!file)
        return reportError(file.error());
    auto config = loadRules(args, (*file)->db());
    if (!config)
        return reportError(config.error());
    return runDetectionPass(**file, *config, args.has("quiet"));
}

int runRules(const std::vector<std::string> &words)
{
    Arguments args;
    if (auto err = args.parse(words, {{"set", "actor"}, {"reset"}}))
        return usageError(*err);
    if (args.positionals().size() != 1)
        return usageError("rules takes one case file, and --set FILE or --reset to change them");
    const bool change = args.has("set") || args.has("reset");
    auto file = core::CaseFile::open(args.positionals()[0], {!change, "cordon-cli rules"});
    if (!file)
        return reportError(file.error());
    const std::string actor = args.valueOr("actor", "cordon-cli");
    if (change) {
        nlohmann::json j = nlohmann::json::object();
        if (args.has("set")) {
            auto read = readJsonFile(args.valueOr("set", ""), "the rules file");
            if (!read)
                return reportError(read.error());
            j = std::move(*read);
        }
        try {
            if (auto status = core::DetectionConfig::storeForCase((*file)->db(), core::SystemClock::instance(), actor, j); !status)
                return reportError(status.error());
        } catch (const core::SqlError &e) {
            return reportError({core::ErrorCode::Database, e.what()});
        }
    }
    auto config = core::DetectionConfig::forCase((*file)->db());
    if (!config)
        return reportError(config.error());
    for (const auto &rule : config->rules) {
        std::string levels;
        for (const auto &l : rule.levels) {
            char above[32];
            std::snprintf(above, sizeof above, "%g", l.above);
            levels += (levels.empty() ? "" : ", ") + std::string(core::toString(l.severity)) + " above " + above;
        }
        std::printf("%-26s %s\n", rule.id.c_str(), levels.c_str());
    }
    std::printf("%zu rules in use\n", config->rules.size());
    return kOk;
}

int runProtect(const std::vector<std::string> &words)
{
    Arguments args;
    if (auto err = args.parse(words, {{"actor", "name"}, {}}))
        return usageError(*err);
    const auto &pos = args.positionals();
    if (pos.size() < 2)
        return usageError("protect takes a case file and one or more text files to protect");
    auto file = core::CaseFile::open(pos[0], {false, "cordon-cli protect"});
    if (!file)
        return reportError(file.error());
    for (std::size_t i = 1; i < pos.size(); ++i) {
        std::ifstream in(pos[i], std::ios::binary);
        if (!in)
            return reportError({core::ErrorCode::Io, "cannot read " + pos[i]});
        std::stringstream text;
        text << in.rdbuf();
        const std::string name = pos.size() == 2 && args.has("name") ? args.valueOr("name", "") : pos[i];
        try {
            auto id = core::ProtectedText::store((*file)->db(), core::SystemClock::instance(),
                                                 args.valueOr("actor", "cordon-cli"), name, text.str());
            if (!id)
                return reportError(id.error());
        } catch (const core::SqlError &e) {
            return reportError({core::ErrorCode::Database, e.what()});
        }
        std::printf("protected %s: outputs repeating eight of its words in a row now raise an alert\n", name.c_str());
    }
    return kOk;
}

int runAlerts(const std::vector<std::string> &words)
{
    Arguments args;
    if (auto err = args.parse(words, {{}, {"json"}}))
        return usageError(*err);
    if (args.positionals().size() != 1)
        return usageError("alerts takes one case file");
    auto file = core::CaseFile::open(args.positionals()[0], {true, "cordon-cli alerts"});
    if (!file)
        return reportError(file.error());
    const auto alerts = core::listAlerts((*file)->db(), core::SystemClock::instance().now());
    if (args.has("json")) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto &a : alerts)
            out.push_back(toJson(a));
        std::printf("%s\n", out.dump(2).c_str());
        return kOk;
    }
    if (alerts.empty()) {
        std::printf("no alerts\n");
        return kOk;
    }
    std::printf("%5s  %-8s  %-12s  %-24s  %-28s  %7s  %s\n", "id", "severity", "status", "rule", "group", "events", "SLA");
    for (const auto &a : alerts) {
        std::printf("%5lld  %-8s  %-12s  %-24s  %-28.28s  %7s  %s\n", static_cast<long long>(a.id),
                    std::string(core::toString(a.severity)).c_str(), std::string(core::toString(a.status)).c_str(),
                    a.ruleId.c_str(), a.groupKey.c_str(), humanCount(a.eventCount).c_str(), slaText(a).c_str());
        if (!a.criteria.empty())
            std::printf("%5s  because %s\n", "", a.criteria.back().c_str());
    }
    return kOk;
}

int runAlert(const std::vector<std::string> &words)
{
    Arguments args;
    if (auto err = args.parse(words, {{"actor", "reason", "to"}, {}}))
        return usageError(*err);
    const auto &pos = args.positionals();
    if (pos.size() < 3)
        return usageError("alert takes a case file, an alert id and a decision: "
                          "acknowledge, assign NAME, escalate, merge, dismiss --reason R, resolve");
    core::AlertDecision d;
    const auto kind = core::decisionFromString(pos[2]);
    if (!kind)
        return usageError("unknown decision '" + pos[2] + "'");
    d.kind = *kind;
    d.actor = args.valueOr("actor", "");
    if (d.actor.empty())
        return usageError("name who decides with --actor NAME (it goes into the audit log)");
    d.reason = args.valueOr("reason", "");
    d.target = args.valueOr("to", "");
    if (d.kind == core::AlertDecision::Kind::Assign)
        d.assignee = pos.size() > 3 ? pos[3] : "";
    long long id = 0;
    try {
        id = std::stoll(pos[1]);
    } catch (...) {
        return usageError("'" + pos[1] + "' is not an alert id");
    }
    auto file = core::CaseFile::open(pos[0], {false, "cordon-cli alert"});
    if (!file)
        return reportError(file.error());
    try {
        if (auto status = core::decideAlert((*file)->db(), core::SystemClock::instance(), id, d); !status)
            return reportError(status.error());
    } catch (const core::SqlError &e) {
        return reportError({core::ErrorCode::Database, e.what()});
    }
    std::printf("alert %lld: %s by %s\n", id, pos[2].c_str(), d.actor.c_str());
    return kOk;
}

} // namespace cordon::cli
