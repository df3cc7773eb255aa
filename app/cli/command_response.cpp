// cordon-cli playbooks, propose, actions, action and tasks: the response from a terminal.
// The work is in core/response; HTTP connectors come from cordon_feeds.
#include "arguments.h"
#include "commands.h"
#include "terminal.h"

#include "core/feeds/http_action_connector.h"
#include "core/response/tasks.h"
#include "core/store/case_file.h"
#include "core/util/time_format.h"

#include <QCoreApplication>

#include <cstdio>
#include <limits>
#include <optional>
#include <sstream>

namespace cordon::cli {
namespace {

using namespace core::response;

std::string when(const std::optional<core::TimeUs> &t)
{
    return t ? core::formatRfc3339(*t) : std::string("-");
}

nlohmann::json toJson(const Action &a)
{
    auto time = [](const std::optional<core::TimeUs> &t) { return t ? nlohmann::json(core::formatRfc3339(*t)) : nlohmann::json(); };
    auto who = [](const std::optional<std::string> &s) { return s ? nlohmann::json(*s) : nlohmann::json(); };
    return {{"id", a.id},           {"type", a.type},
            {"target", a.target},   {"parameters", a.parameters},
            {"state", toString(a.state)}, {"phase", core::toString(a.phase)},
            {"description", a.description()}, {"reason", a.reason},
            {"origin", a.origin},   {"connector", a.connector.empty() ? "manual" : a.connector},
            {"proposed_by", a.proposedBy}, {"proposed_at", core::formatRfc3339(a.proposedAt)},
            {"approved_by", who(a.approvedBy)}, {"approved_at", time(a.approvedAt)},
            {"rejected_by", who(a.rejectedBy)}, {"rejected_at", time(a.rejectedAt)},
            {"executed_by", who(a.executedBy)}, {"executed_at", time(a.executedAt)},
            {"verified_by", who(a.verifiedBy)}, {"verified_at", time(a.verifiedAt)},
            {"reverted_by", who(a.revertedBy)}, {"reverted_at", time(a.revertedAt)},
            {"failed_at", time(a.failedAt)}, {"failure", who(a.failure)},
            {"attempts", a.attempts},  {"result", a.result}, {"revert_result", a.revertResult}};
}

std::vector<std::int64_t> parseIds(const std::string &text)
{
    std::vector<std::int64_t> ids;
    std::stringstream in(text);
    std::string part;
    while (std::getline(in, part, ',')) {
        try {
            std::size_t used = 0;
            const long long id = std::stoll(part, &used);
            if (used != part.size() || id <= 0)
                return {};
            ids.push_back(id);
        } catch (const std::exception &) {
            return {};
        }
    }
    return ids;
}

void printRun(const ProposalRun &run)
{
    std::printf("%zu proposed, %zu already open\n", run.created.size(), run.existing.size());
    for (const auto &r : run.refused)
        std::printf("  not proposed: %s\n", r.c_str());
}

} // namespace

int runPlaybooks(const std::vector<std::string> &words)
{
    Arguments args;
    if (auto err = args.parse(words, {{}, {"json"}}))
        return usageError(*err);
    nlohmann::json out = nlohmann::json::array();
    for (const Playbook &p : builtinPlaybooks()) {
        nlohmann::json atlas = nlohmann::json::array();
        for (const auto &t : p.atlas)
            atlas.push_back(t.id + " " + t.name);
        out.push_back({{"id", p.id}, {"title", p.title}, {"atlas", atlas}, {"regulatory", p.regulatory}});
        if (!args.has("json"))
            std::printf("%-28s %s\n%-28s ATLAS: %s\n", p.id.c_str(), p.title.c_str(), "",
                        [&] { std::string s; for (const auto &a : atlas) s += (s.empty() ? "" : "; ") + a.get<std::string>(); return s; }().c_str());
    }
    if (args.has("json"))
        std::printf("%s\n", out.dump(2).c_str());
    return kOk;
}

int runPropose(const std::vector<std::string> &words)
{
    Arguments args;
    if (auto err = args.parse(words, {{"alert", "playbook", "actor"}, {"forensics"}}))
        return usageError(*err);
    if (args.positionals().size() != 1 || args.has("forensics") + args.has("alert") + args.has("playbook") != 1)
        return usageError("propose takes one case file and one of --forensics, --alert ID, --playbook ID");
    const std::string actor = args.valueOr("actor", "");
    if (actor.empty())
        return usageError("name who proposes with --actor NAME (it goes into the audit log)");
    auto file = openForWriting(args.positionals()[0], "cordon-cli propose");
    if (!file)
        return reportError(file.error());
    core::Database &db = (*file)->db();
    const auto &clock = core::SystemClock::instance();
    try {
        if (args.has("playbook")) {
            auto applied = applyPlaybook(db, clock, args.valueOr("playbook", ""), actor);
            if (!applied)
                return reportError(applied.error());
            std::printf("%d tasks, due from %s%s\n", applied->tasks, core::formatRfc3339(applied->anchor).c_str(),
                        applied->anchorIsDeclared ? " (declared)" : " (now: the incident has not been declared)");
            printRun(applied->actions);
        } else if (args.has("alert")) {
            long long id = 0;
            if (auto err = args.number("alert", id, 1, std::numeric_limits<long long>::max()))
                return usageError(*err);
            printRun(proposeAll(db, clock, alertProposals(db, id), actor));
        } else {
            printRun(proposeAll(db, clock, forensicProposals(db), actor));
        }
    } catch (const core::SqlError &e) {
        return reportError({core::ErrorCode::Database, e.what()});
    }
    return kOk;
}

int runActions(const std::vector<std::string> &words)
{
    Arguments args;
    if (auto err = args.parse(words, {{}, {"json"}}))
        return usageError(*err);
    if (args.positionals().size() != 1)
        return usageError("actions takes one case file");
    auto file = core::CaseFile::open(args.positionals()[0], {true, "cordon-cli actions"});
    if (!file)
        return reportError(file.error());
    const auto actions = listActions((*file)->db());
    if (args.has("json")) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto &a : actions)
            out.push_back(toJson(a));
        std::printf("%s\n", out.dump(2).c_str());
        return kOk;
    }
    if (actions.empty())
        std::printf("no actions\n");
    for (const auto &a : actions)
        std::printf("%5lld  %-9s  %-12s  %s\n", static_cast<long long>(a.id), std::string(toString(a.state)).c_str(),
                    std::string(core::toString(a.phase)).c_str(), a.description().c_str());
    return kOk;
}

int runAction(const std::vector<std::string> &words)
{
    Arguments args;
    if (auto err = args.parse(words, {{"actor", "reason", "note"}, {"dry-run", "preview"}}))
        return usageError(*err);
    const auto &pos = args.positionals();
    if (pos.size() != 3)
        return usageError("action takes a case file, action ids (12 or 12,13,14) and one of approve, reject, "
                          "execute, verify, revert");
    const auto ids = parseIds(pos[1]);
    if (ids.empty())
        return usageError("action ids are whole numbers separated by commas: " + pos[1]);
    const std::string verb = pos[2], actor = args.valueOr("actor", "");
    if (actor.empty())
        return usageError("name who decides with --actor NAME (it goes into the audit log)");
    auto file = openForWriting(pos[0], "cordon-cli action");
    if (!file)
        return reportError(file.error());
    core::Database &db = (*file)->db();
    const auto &clock = core::SystemClock::instance();
    if (verb == "approve" && args.has("preview")) {
        for (const auto &p : previewApprovals(db, ids, actor))
            std::printf("%5lld  %s via %s%s\n", static_cast<long long>(p.id), p.description.c_str(), p.connector.c_str(),
                        p.approvable ? "" : ("  — cannot approve: " + p.refusal).c_str());
        return kOk;
    }
    // Deliveries through HTTP connectors use Qt's networking, which needs an application object.
    int argc = 1;
    char name[] = "cordon-cli";
    char *argv[] = {name, nullptr};
    std::optional<QCoreApplication> app;
    if (verb == "execute" || verb == "revert")
        app.emplace(argc, argv);
    const auto http = feeds::httpConnectorFactory();
    const std::string reason = args.valueOr("reason", ""), note = args.valueOr("note", "");
    int failures = 0;
    for (std::int64_t id : ids) {
        core::Status s;
        try {
            if (verb == "approve")
                s = approveAction(db, clock, id, actor, reason);
            else if (verb == "reject")
                s = rejectAction(db, clock, id, actor, reason);
            else if (verb == "verify")
                s = verifyAction(db, clock, id, actor, note);
            else if (verb == "execute" || verb == "revert")
                s = core::response::runAction(db, clock, id, verb == "execute" ? ActionDelivery::Operation::Execute
                                                                               : ActionDelivery::Operation::Revert,
                                              actor, http, note, args.has("dry-run"));
            else
                return usageError("unknown decision '" + verb + "'");
        } catch (const core::SqlError &e) {
            return reportError({core::ErrorCode::Database, e.what()});
        }
        const auto a = findAction(db, id);
        if (s)
            std::printf("%5lld  %-9s  %s\n", static_cast<long long>(id),
                        a ? std::string(toString(a->state)).c_str() : "", a ? a->description().c_str() : "");
        else {
            ++failures;
            std::fprintf(stderr, "cordon-cli: action %lld: %s\n", static_cast<long long>(id), s.error().message.c_str());
        }
    }
    return failures ? kFailed : kOk;
}

int runTasks(const std::vector<std::string> &words)
{
    Arguments args;
    if (auto err = args.parse(words, {{}, {"json"}}))
        return usageError(*err);
    if (args.positionals().size() != 1)
        return usageError("tasks takes one case file");
    auto file = core::CaseFile::open(args.positionals()[0], {true, "cordon-cli tasks"});
    if (!file)
        return reportError(file.error());
    const core::TimeUs now = core::SystemClock::instance().now();
    const auto tasks = listTasks((*file)->db());
    nlohmann::json out = nlohmann::json::array();
    for (const Task &t : tasks) {
        const std::string owner = t.ownerRole ? std::string(roleTitle(*t.ownerRole)) : "";
        out.push_back({{"id", t.id}, {"title", t.title}, {"phase", core::toString(t.phase)}, {"owner_role", owner},
                       {"assignee", t.assignee}, {"due_at", t.dueAt ? nlohmann::json(core::formatRfc3339(*t.dueAt)) : nlohmann::json()},
                       {"status", toString(t.status)}, {"overdue", t.overdue(now)}, {"playbook", t.playbook}});
        if (!args.has("json"))
            std::printf("%5lld  %-13s  %-7s  %-22s  %-20s  %s%s\n", static_cast<long long>(t.id),
                        std::string(core::toString(t.phase)).c_str(), std::string(toString(t.status)).c_str(),
                        owner.c_str(), when(t.dueAt).c_str(), t.title.c_str(), t.overdue(now) ? "  OVERDUE" : "");
    }
    if (args.has("json"))
        std::printf("%s\n", out.dump(2).c_str());
    else if (tasks.empty())
        std::printf("no tasks\n");
    return kOk;
}

} // namespace cordon::cli
