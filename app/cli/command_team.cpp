// cordon-cli roster, policy, connectors, milestone and phase: who responds, how approvals
// work, how actions reach systems, and where the case stands. The work is in core/response.
#include "arguments.h"
#include "commands.h"
#include "terminal.h"

#include "core/response/case_progress.h"
#include "core/response/connectors.h"
#include "core/response/response_policy.h"
#include "core/store/case_file.h"
#include "core/util/time_format.h"

#include <cstdio>
#include <functional>

namespace cordon::cli {
namespace {

using namespace core::response;

const core::Clock &clock()
{
    return core::SystemClock::instance();
}

/// Runs a change on a case opened for writing and prints `done` when it succeeded.
int change(const std::string &path, const std::string &tool, const std::function<core::Status(core::Database &)> &job,
           const std::string &done)
{
    auto file = openForWriting(path, tool);
    if (!file)
        return reportError(file.error());
    if (auto s = job((*file)->db()); !s)
        return reportError(s.error());
    std::printf("%s\n", done.c_str());
    return kOk;
}

} // namespace

int runRoster(const std::vector<std::string> &words)
{
    Arguments args;
    if (auto err = args.parse(words, {{"role", "contact", "actor"}, {"on-call", "json"}}))
        return usageError(*err);
    const auto &p = args.positionals();
    if (p.size() == 1) {
        auto file = core::CaseFile::open(p[0], {true, "cordon-cli roster"});
        if (!file)
            return reportError(file.error());
        nlohmann::json out = nlohmann::json::array();
        for (const auto &person : listPeople((*file)->db())) {
            out.push_back({{"id", person.id}, {"name", person.name}, {"role", toString(person.role)},
                           {"contact", person.contact}, {"on_call", person.onCall}});
            if (!args.has("json"))
                std::printf("%4lld  %-20s %-22s %-28s %s\n", static_cast<long long>(person.id), person.name.c_str(),
                            std::string(roleTitle(person.role)).c_str(), person.contact.c_str(), person.onCall ? "on call" : "");
        }
        if (args.has("json"))
            std::printf("%s\n", out.dump(2).c_str());
        else if (out.empty())
            std::printf("nobody on the roster\n");
        return kOk;
    }
    if (p.size() != 3 || (p[1] != "add" && p[1] != "remove") || !args.has("actor"))
        return usageError("roster CASE [--json] | add NAME --role ROLE [--contact C] [--on-call] --actor NAME | remove ID --actor NAME");
    const std::string actor = *args.value("actor");
    if (p[1] == "add") {
        const auto role = roleFromString(args.valueOr("role", ""));
        if (!role)
            return usageError("--role is one of incident_commander, security_analyst, model_engineer, application_developer, legal_compliance");
        const Person person{0, p[2], *role, args.valueOr("contact", ""), args.has("on-call")};
        return change(p[0], "cordon-cli roster", [&](core::Database &db) -> core::Status {
            auto id = addPerson(db, clock(), actor, person);
            return id ? core::Status{} : core::Status{id.error()};
        }, p[2] + " added as " + std::string(roleTitle(*role)));
    }
    long long id = 0;
    try {
        id = std::stoll(p[2]);
    } catch (const std::exception &) {
        return usageError("roster remove wants the person's id (cordon-cli roster CASE lists them)");
    }
    return change(p[0], "cordon-cli roster", [&](core::Database &db) { return removePerson(db, clock(), actor, id); },
                  "removed from the roster");
}

int runPolicy(const std::vector<std::string> &words)
{
    Arguments args;
    if (auto err = args.parse(words, {{"two-person", "approver-role", "default-connector", "actor"}, {}}))
        return usageError(*err);
    if (args.positionals().size() != 1)
        return usageError("policy takes one case file");
    const std::string path = args.positionals()[0];
    const bool changing = args.has("two-person") || args.has("approver-role") || args.has("default-connector");
    if (!changing) {
        auto file = core::CaseFile::open(path, {true, "cordon-cli policy"});
        if (!file)
            return reportError(file.error());
        auto policy = responsePolicy((*file)->db());
        if (!policy)
            return reportError(policy.error());
        std::printf("%s\n", policy->toJson().dump(2).c_str());
        return kOk;
    }
    if (!args.has("actor"))
        return usageError("changing the policy needs --actor NAME");
    const std::string twoPerson = args.valueOr("two-person", "");
    if (!twoPerson.empty() && twoPerson != "on" && twoPerson != "off")
        return usageError("--two-person is on or off");
    std::optional<Role> role;
    if (args.has("approver-role") && !(role = roleFromString(args.valueOr("approver-role", ""))))
        return usageError("--approver-role names a roster role, e.g. incident_commander");
    return change(path, "cordon-cli policy", [&](core::Database &db) -> core::Status {
        auto policy = responsePolicy(db);
        if (!policy)
            return policy.error();
        if (!twoPerson.empty())
            policy->twoPersonApproval = twoPerson == "on";
        if (role)
            policy->approverRole = *role;
        if (auto c = args.value("default-connector"))
            policy->defaultConnector = *c == "manual" ? std::string() : *c;
        return storeResponsePolicy(db, clock(), *args.value("actor"), *policy);
    }, "policy saved");
}

int runConnectors(const std::vector<std::string> &words)
{
    Arguments args;
    if (auto err = args.parse(words, {{"set", "remove", "actor"}, {"json"}}))
        return usageError(*err);
    if (args.positionals().size() != 1)
        return usageError("connectors takes one case file");
    const std::string path = args.positionals()[0];
    if (args.has("set") || args.has("remove")) {
        if (!args.has("actor"))
            return usageError("changing connectors needs --actor NAME");
        const std::string actor = *args.value("actor");
        if (auto name = args.value("remove"))
            return change(path, "cordon-cli connectors", [&](core::Database &db) { return removeConnector(db, clock(), actor, *name); },
                          "connector " + *name + " removed");
        auto j = readJsonFile(*args.value("set"), "the connectors file");
        if (!j)
            return reportError(j.error());
        if (!j->is_array())
            return usageError("the connectors file holds a JSON array of {name, kind, config, dry_run}");
        std::vector<ConnectorDefinition> defs;
        for (const auto &c : *j) {
            ConnectorDefinition def;
            def.name = c.value("name", std::string());
            const auto kind = connectorKindFromString(c.value("kind", std::string()));
            if (!kind)
                return usageError("connector " + def.name + ": kind is http, file or manual");
            def.kind = *kind;
            def.config = c.value("config", nlohmann::json::object());
            def.dryRun = c.value("dry_run", false);
            if (auto s = validateConnector(def); !s)
                return reportError(s.error());
            defs.push_back(std::move(def));
        }
        return change(path, "cordon-cli connectors", [&](core::Database &db) -> core::Status {
            for (const auto &def : defs) {
                if (auto id = saveConnector(db, clock(), actor, def); !id)
                    return id.error();
            }
            return {};
        }, std::to_string(defs.size()) + " connector(s) saved");
    }
    auto file = core::CaseFile::open(path, {true, "cordon-cli connectors"});
    if (!file)
        return reportError(file.error());
    nlohmann::json out = nlohmann::json::array();
    for (const auto &c : listConnectors((*file)->db())) {
        out.push_back({{"name", c.name}, {"kind", toString(c.kind)}, {"config", c.config}, {"dry_run", c.dryRun}});
        if (!args.has("json"))
            std::printf("%-16s %-7s %s%s\n", c.name.c_str(), std::string(toString(c.kind)).c_str(), c.config.dump().c_str(),
                        c.dryRun ? "  (dry run)" : "");
    }
    if (args.has("json"))
        std::printf("%s\n", out.dump(2).c_str());
    else if (out.empty())
        std::printf("no connectors: actions are done by hand and confirmed with a note\n");
    return kOk;
}

int runMilestone(const std::vector<std::string> &words)
{
    Arguments args;
    if (auto err = args.parse(words, {{"at", "actor"}, {}}))
        return usageError(*err);
    const auto &p = args.positionals();
    const auto milestone = p.size() == 2 ? core::milestoneFromString(p[1]) : std::nullopt;
    if (!milestone || !args.has("actor"))
        return usageError("milestone CASE detected|declared|contained|remediated|recovered|closed [--at TIME] --actor NAME");
    std::optional<core::TimeUs> at;
    if (auto text = args.value("at"); text && !(at = core::parseRfc3339(*text)))
        return usageError("--at wants an RFC 3339 time, e.g. 2026-11-20T09:30:00Z");
    return change(p[0], "cordon-cli milestone",
                  [&](core::Database &db) { return setMilestone(db, clock(), *args.value("actor"), *milestone, at); },
                  p[1] + " recorded");
}

int runPhase(const std::vector<std::string> &words)
{
    Arguments args;
    if (auto err = args.parse(words, {{"actor"}, {"back"}}))
        return usageError(*err);
    const auto &p = args.positionals();
    const auto phase = p.size() == 2 ? core::phaseFromString(p[1]) : std::nullopt;
    if (!phase || !args.has("actor"))
        return usageError("phase CASE Detection|Triage|Containment|Investigation|Remediation|Recovery|Review [--back] --actor NAME");
    return change(p[0], "cordon-cli phase",
                  [&](core::Database &db) { return setPhase(db, clock(), *args.value("actor"), *phase, args.has("back")); },
                  "the case is in " + p[1]);
}

} // namespace cordon::cli
