// cordon-cli new | info | verify: argument handling and printing; the work is in cordon_core.
#include "arguments.h"
#include "commands.h"
#include "terminal.h"

#include "core/audit/audit_log.h"
#include "core/audit/verifier.h"
#include "core/query/case_reader.h"
#include "core/store/case_file.h"
#include "core/store/schema.h"
#include "core/util/json_reader.h"
#include "core/util/time_format.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace cordon::cli {

int reportError(const core::Error &error)
{
    std::fprintf(stderr, "cordon-cli: %s\n", error.message.c_str());
    switch (error.code) {
    case core::ErrorCode::NotACase:
    case core::ErrorCode::Corrupt:
    case core::ErrorCode::TooNew:
    case core::ErrorCode::Symlink:
    case core::ErrorCode::InUse:
    case core::ErrorCode::ReadOnly:
        return kUnusableCase;
    case core::ErrorCode::Cancelled:
        return kInterrupted;
    default:
        return kFailed;
    }
}

core::Expected<std::unique_ptr<core::CaseFile>> openForWriting(const std::string &path, const std::string &tool)
{
    auto file = core::CaseFile::open(path, {false, tool});
    if (file && (*file)->isReadOnly())
        return core::Error{core::ErrorCode::ReadOnly, path + " cannot be written: " + (*file)->readOnlyReason()};
    return file;
}

core::Expected<nlohmann::json> readJsonFile(const std::string &path, const std::string &what)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return core::Error{core::ErrorCode::Io, "cannot read " + what + " " + path};
    std::stringstream text;
    text << in.rdbuf();
    auto doc = core::parseJson(text.str());
    if (!doc)
        return core::Error{core::ErrorCode::Invalid, path + " is not valid JSON: " + doc.error().message};
    return std::move(doc->value);
}

int usageError(const std::string &message)
{
    std::fprintf(stderr, "cordon-cli: %s\nTry 'cordon-cli help'.\n", message.c_str());
    return kUsage;
}

int runNew(const std::vector<std::string> &words)
{
    Arguments args;
    if (auto err = args.parse(words, {{"title", "type", "severity"}, {"exercise"}}))
        return usageError(*err);
    if (args.positionals().size() != 1)
        return usageError("new takes one case file path");
    if (!args.has("title"))
        return usageError("new needs --title");
    core::NewCase spec;
    spec.title = args.valueOr("title", "");
    spec.incidentType = args.valueOr("type", "unclassified");
    spec.exercise = args.has("exercise");
    if (auto s = args.value("severity")) {
        auto severity = core::severityFromString(*s);
        if (!severity)
            return usageError("--severity is one of Critical, High, Medium, Low");
        spec.severity = *severity;
    }
    const std::string path = args.positionals().front();
    auto file = core::CaseFile::create(path, spec, core::SystemClock::instance(), "cordon-cli",
                                       {false, "cordon-cli new"});
    if (!file)
        return reportError(file.error());
    std::printf("created %s\n", path.c_str());
    return kOk;
}

namespace {

std::string timeOrDash(const std::optional<core::TimeUs> &t)
{
    return t ? core::formatRfc3339(*t) : std::string("—");
}

} // namespace

int runInfo(const std::vector<std::string> &words)
{
    Arguments args;
    if (auto err = args.parse(words, {{}, {"json"}}))
        return usageError(*err);
    if (args.positionals().size() != 1)
        return usageError("info takes one case file path");
    const std::string path = args.positionals().front();
    auto file = core::CaseFile::open(path, {true, "cordon-cli info"});
    if (!file)
        return reportError(file.error());
    core::CaseReader reader((*file)->openReadConnection());
    auto info = reader.info();
    if (!info)
        return reportError(info.error());
    auto stats = reader.stats();
    if (!stats)
        return reportError(stats.error());
    std::int64_t auditSeq = 0;
    const std::string head = core::toHex(core::AuditLog::headHash(reader.db(), &auditSeq));

    if (args.has("json")) {
        nlohmann::json j = {
            {"path", path},
            {"format_version", (*file)->schemaVersion()},
            {"uuid", info->uuid},
            {"title", info->title},
            {"incident_type", info->incidentType},
            {"severity", core::toString(info->severity)},
            {"phase", core::toString(info->phase)},
            {"exercise", info->exercise},
            {"created_at", core::formatRfc3339(info->createdAt)},
            {"events", stats->events},
            {"dead_letters", stats->deadLetters},
            {"duplicates_skipped", stats->duplicates},
            {"first_event_time", stats->firstEventTime ? nlohmann::json(core::formatRfc3339(*stats->firstEventTime)) : nlohmann::json()},
            {"last_event_time", stats->lastEventTime ? nlohmann::json(core::formatRfc3339(*stats->lastEventTime)) : nlohmann::json()},
            {"audit_entries", auditSeq},
            {"audit_head", head},
        };
        nlohmann::json milestones = nlohmann::json::object();
        for (std::size_t i = 0; i < core::kMilestones.size(); ++i) {
            const auto &m = info->milestones[i];
            milestones[std::string(core::toString(core::kMilestones[i]))] =
                m ? nlohmann::json(core::formatRfc3339(*m)) : nlohmann::json();
        }
        j["milestones"] = milestones;
        if ((*file)->schemaVersion() > core::schema::currentVersion())
            j["read_only_reason"] = (*file)->readOnlyReason();
        std::cout << j.dump(2) << '\n';
        return kOk;
    }

    std::printf("Case          %s%s\n", info->title.c_str(), info->exercise ? "  [EXERCISE]" : "");
    std::printf("File          %s (case format %d)\n", path.c_str(), (*file)->schemaVersion());
    std::printf("Type          %s\n", info->incidentType.c_str());
    std::printf("Severity      %s\n", std::string(core::toString(info->severity)).c_str());
    std::printf("Phase         %s\n", std::string(core::toString(info->phase)).c_str());
    std::printf("Created       %s\n", core::formatRfc3339(info->createdAt).c_str());
    for (std::size_t i = 0; i < core::kMilestones.size(); ++i) {
        std::string label(core::toString(core::kMilestones[i]));
        label[0] = static_cast<char>(std::toupper(label[0]));
        std::printf("  %-11s %s\n", label.c_str(), timeOrDash(info->milestones[i]).c_str());
    }
    std::printf("Events        %s (event time %s to %s)\n", humanCount(stats->events).c_str(),
                timeOrDash(stats->firstEventTime).c_str(), timeOrDash(stats->lastEventTime).c_str());
    std::printf("Dead letters  %s\n", humanCount(stats->deadLetters).c_str());
    std::printf("Duplicates    %s skipped\n", humanCount(stats->duplicates).c_str());
    std::printf("Audit log     %s entries, head %s\n", humanCount(auditSeq).c_str(), head.c_str());
    if ((*file)->schemaVersion() > core::schema::currentVersion())
        std::printf("Note          %s\n", (*file)->readOnlyReason().c_str());
    return kOk;
}

int runVerify(const std::vector<std::string> &words)
{
    Arguments args;
    if (auto err = args.parse(words, {{}, {"json"}}))
        return usageError(*err);
    if (args.positionals().size() != 1)
        return usageError("verify takes one case file path");
    const std::string path = args.positionals().front();
    auto file = core::CaseFile::open(path, {true, "cordon-cli verify"});
    if (!file)
        return reportError(file.error());
    const std::string dir = std::filesystem::absolute(path).parent_path().string();
    core::Database db = (*file)->openReadConnection();
    const core::VerifyReport report = core::verifyCase(db, dir);

    if (args.has("json")) {
        nlohmann::json j = {{"ok", report.ok()}, {"head", report.headHash}, {"audit_entries", report.auditEntries},
                            {"batches", report.batches}, {"events", report.events},
                            {"evidence_checked", report.evidenceChecked}, {"problems", report.problems},
                            {"warnings", report.warnings}};
        std::cout << j.dump(2) << '\n';
    } else if (report.ok()) {
        std::printf("ok %s\n", report.headHash.c_str());
        std::fprintf(stderr, "%s audit entries, %s batches, %s events, %s evidence files checked\n",
                     humanCount(report.auditEntries).c_str(), humanCount(report.batches).c_str(),
                     humanCount(report.events).c_str(), humanCount(report.evidenceChecked).c_str());
    } else {
        std::printf("broken: %s\n", report.problems.front().c_str());
        for (std::size_t i = 1; i < report.problems.size(); ++i)
            std::printf("also: %s\n", report.problems[i].c_str());
    }
    for (const auto &w : report.warnings)
        std::fprintf(stderr, "warning: %s\n", w.c_str());
    return report.ok() ? kOk : kTampered;
}

} // namespace cordon::cli
