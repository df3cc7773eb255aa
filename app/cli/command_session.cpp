// cordon-cli session: an account's or a session's events around its attack, each step
// with its attack-chain phase and why. The work is in core/forensics.
#include "arguments.h"
#include "commands.h"
#include "terminal.h"

#include "core/forensics/session_reconstruction.h"
#include "core/store/case_file.h"
#include "core/util/time_format.h"

#include <cstdio>

namespace cordon::cli {
namespace {

void printText(const core::forensics::ReconstructedSession &s)
{
    std::printf("%s .. %s: %zu steps%s\n", core::formatRfc3339(s.from).c_str(), core::formatRfc3339(s.to).c_str(),
                s.steps.size(), s.truncated ? " (more not shown; narrow --window)" : "");
    if (s.attackStart && s.attackEnd) {
        std::printf("attack: %s .. %s (%lld min)\n", core::formatRfc3339(*s.attackStart).c_str(),
                    core::formatRfc3339(*s.attackEnd).c_str(),
                    static_cast<long long>((*s.attackEnd - *s.attackStart) / 60'000'000));
    } else {
        std::printf("attack: no step shows an attack signal\n");
    }
    for (const auto &step : s.steps) {
        std::printf("%s  %-14s %-11s %s  %s\n    %s\n", core::formatRfc3339(step.time).c_str(),
                    std::string(core::forensics::toString(step.phase)).c_str(), step.kind.c_str(), step.session.c_str(),
                    step.ip.c_str(), step.reason.c_str());
        if (!step.excerpt.empty())
            std::printf("    > %s\n", step.excerpt.c_str());
    }
}

} // namespace

int runSession(const std::vector<std::string> &words)
{
    Arguments args;
    if (auto err = args.parse(words, {{"account", "session", "around", "window"}, {"json"}}))
        return usageError(*err);
    if (args.positionals().size() != 1)
        return usageError("session takes one case file");
    if (args.has("account") == args.has("session"))
        return usageError("name either --account or --session");
    core::forensics::SessionQuery query;
    query.account = args.value("account");
    query.session = args.value("session");
    if (auto around = args.value("around")) {
        query.around = core::parseRfc3339(*around);
        if (!query.around)
            return usageError("--around takes an RFC 3339 time such as 2026-11-20T02:14:00Z");
    }
    if (auto window = args.value("window")) {
        const long long minutes = std::atoll(window->c_str());
        if (minutes <= 0)
            return usageError("--window takes minutes, more than 0");
        query.window = minutes * 60'000'000;
    }
    auto file = core::CaseFile::open(args.positionals()[0], {true, "cordon-cli session"});
    if (!file)
        return reportError(file.error());
    try {
        auto session = core::forensics::reconstructSession((*file)->db(), query);
        if (!session)
            return reportError(session.error());
        if (args.has("json"))
            std::printf("%s\n", session->toJson().dump(2).c_str());
        else
            printText(*session);
    } catch (const core::SqlError &e) {
        return reportError({core::ErrorCode::Database, std::string("reading the session failed: ") + e.what()});
    }
    return kOk;
}

} // namespace cordon::cli
