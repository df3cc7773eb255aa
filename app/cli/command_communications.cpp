// cordon-cli channels, notify, comms, statement, clocks, clock and artefacts: who is told what,
// the legal deadlines, and the files other systems load. The work is in core/response;
// sending is in cordon_feeds.
#include "arguments.h"
#include "commands.h"
#include "terminal.h"

#include "core/feeds/notification_sender.h"
#include "core/response/artefacts.h"
#include "core/response/regulatory_clocks.h"
#include "core/response/statements.h"
#include "core/store/case_file.h"
#include "core/util/time_format.h"

#include <QCoreApplication>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace cordon::cli {
namespace {

using namespace core::response;

const core::Clock &now()
{
    return core::SystemClock::instance();
}

core::Expected<std::unique_ptr<core::CaseFile>> openToRead(const std::string &path, const std::string &tool)
{
    return core::CaseFile::open(path, {true, tool});
}

nlohmann::json clockJson(const RegulatoryClock &c, core::TimeUs at)
{
    return {{"regime", c.regime}, {"name", c.name}, {"started_at", core::formatRfc3339(c.startedAt)},
            {"deadline_at", core::formatRfc3339(c.deadlineAt)}, {"basis", c.basis}, {"started_by", c.startedBy},
            {"running", c.running()}, {"seconds_left", c.remaining(at) / 1'000'000}, {"outcome", c.outcome},
            {"note", c.note}};
}

} // namespace

int runChannels(const std::vector<std::string> &words)
{
    Arguments args;
    if (auto err = args.parse(words, {{"set", "actor"}, {"json"}}))
        return usageError(*err);
    if (args.positionals().size() != 1)
        return usageError("channels takes one case file");
    const std::string path = args.positionals()[0];
    if (auto file = args.value("set")) {
        if (!args.has("actor"))
            return usageError("channels --set needs --actor NAME");
        auto j = readJsonFile(*file, "the channels file");
        if (!j)
            return reportError(j.error());
        if (!j->is_array())
            return usageError("the channels file must hold a JSON array of channels");
        std::vector<NotificationChannel> channels;
        for (const auto &c : *j) {
            auto channel = NotificationChannel::fromJson(c);
            if (!channel)
                return reportError(channel.error());
            channels.push_back(std::move(*channel));
        }
        auto open = openForWriting(path, "cordon-cli channels");
        if (!open)
            return reportError(open.error());
        if (auto s = storeNotificationChannels((*open)->db(), now(), *args.value("actor"), channels); !s)
            return reportError(s.error());
        std::printf("%zu channel(s) set\n", channels.size());
        return kOk;
    }
    auto file = openToRead(path, "cordon-cli channels");
    if (!file)
        return reportError(file.error());
    auto channels = notificationChannels((*file)->db());
    if (!channels)
        return reportError(channels.error());
    nlohmann::json out = nlohmann::json::array();
    for (const auto &c : *channels) {
        out.push_back(c.toJson());
        if (!args.has("json")) {
            std::string triggers;
            for (Trigger t : c.triggers)
                triggers += (triggers.empty() ? "" : ",") + std::string(toString(t));
            std::printf("%-16s %-9s %-8s %s\n", c.name.c_str(), std::string(toString(c.kind)).c_str(),
                        c.enabled ? "on" : "off", triggers.c_str());
        }
    }
    if (args.has("json"))
        std::printf("%s\n", out.dump(2).c_str());
    else if (channels->empty())
        std::printf("no notification channels\n");
    return kOk;
}

int runNotify(const std::vector<std::string> &words)
{
    Arguments args;
    if (auto err = args.parse(words, {{}, {}}))
        return usageError(*err);
    if (args.positionals().size() != 1)
        return usageError("notify takes one case file");
    auto file = openForWriting(args.positionals()[0], "cordon-cli notify");
    if (!file)
        return reportError(file.error());
    int argc = 1;
    char name[] = "cordon-cli";
    char *argv[] = {name, nullptr};
    QCoreApplication app(argc, argv);   // Qt Network needs one for its event loop
    auto round = feeds::notifyRound((*file)->db(), now());
    if (!round)
        return reportError(round.error());
    std::printf("%d queued, %d sent, %d failed\n", round->queued, round->sent, round->failed);
    for (const auto &e : round->errors)
        std::printf("  %s\n", e.c_str());
    return round->failed > 0 ? kFailed : kOk;
}

int runComms(const std::vector<std::string> &words)
{
    Arguments args;
    if (auto err = args.parse(words, {{}, {"json"}}))
        return usageError(*err);
    if (args.positionals().size() != 1)
        return usageError("comms takes one case file");
    auto file = openToRead(args.positionals()[0], "cordon-cli comms");
    if (!file)
        return reportError(file.error());
    const auto log = listCommunications((*file)->db());
    nlohmann::json out = nlohmann::json::array();
    for (const auto &c : log) {
        out.push_back({{"id", c.id}, {"created_at", core::formatRfc3339(c.createdAt)}, {"kind", c.kind},
                       {"trigger", c.trigger}, {"audience", c.audience}, {"channel", c.channel}, {"subject", c.subject},
                       {"body", c.body}, {"status", c.status}, {"attempts", c.attempts}, {"author", c.author},
                       {"response", c.response}});
        if (!args.has("json"))
            std::printf("%5lld  %s  %-8s  %-14s  %-12s  %s\n", static_cast<long long>(c.id),
                        core::formatRfc3339(c.createdAt).c_str(), c.status.c_str(), c.audience.c_str(),
                        c.channel.empty() ? "-" : c.channel.c_str(), c.subject.c_str());
    }
    if (args.has("json"))
        std::printf("%s\n", out.dump(2).c_str());
    else if (log.empty())
        std::printf("no communications\n");
    return kOk;
}

int runStatement(const std::vector<std::string> &words)
{
    Arguments args;
    if (auto err = args.parse(words, {{"audience", "channel", "actor", "from"}, {"record"}}))
        return usageError(*err);
    if (args.positionals().size() != 1)
        return usageError("statement takes one case file");
    const auto audience = audienceFromString(args.valueOr("audience", ""));
    if (!audience || *audience == Audience::Responders)
        return usageError("statement needs --audience stakeholders, affected_users or regulators");
    if (!args.has("record")) {
        auto file = openToRead(args.positionals()[0], "cordon-cli statement");
        if (!file)
            return reportError(file.error());
        auto draft = draftStatement((*file)->db(), now(), *audience);
        if (!draft)
            return reportError(draft.error());
        std::printf("Subject: %s\n\n%s", draft->subject.c_str(), draft->body.c_str());
        return kOk;
    }
    if (!args.has("actor") || !args.has("from"))
        return usageError("statement --record needs --from FILE (the edited statement) and --actor NAME");
    std::ifstream in(*args.value("from"));
    if (!in)
        return usageError("cannot read " + *args.value("from"));
    std::stringstream text;
    text << in.rdbuf();
    const Draft draft = Draft::fromText(text.str());
    auto file = openForWriting(args.positionals()[0], "cordon-cli statement");
    if (!file)
        return reportError(file.error());
    auto id = recordStatement((*file)->db(), now(), *args.value("actor"), *audience, draft, args.valueOr("channel", ""));
    if (!id)
        return reportError(id.error());
    std::printf("statement %lld %s\n", static_cast<long long>(*id),
                args.has("channel") ? "queued; cordon-cli notify sends it" : "recorded as sent");
    return kOk;
}

int runClocks(const std::vector<std::string> &words)
{
    Arguments args;
    if (auto err = args.parse(words, {{}, {"json"}}))
        return usageError(*err);
    if (args.positionals().size() != 1)
        return usageError("clocks takes one case file");
    // Starting due clocks writes; when another program holds the case, show what is stored.
    auto file = core::CaseFile::open(args.positionals()[0], {false, "cordon-cli clocks"});
    if (!file)
        file = openToRead(args.positionals()[0], "cordon-cli clocks");
    if (!file)
        return reportError(file.error());
    core::Database &db = (*file)->db();
    if (!(*file)->isReadOnly()) {
        if (auto started = startDueClocks(db, now()); !started)
            return reportError(started.error());
    }
    const core::TimeUs at = now().now();
    nlohmann::json out = nlohmann::json::array();
    for (const auto &c : listClocks(db)) {
        out.push_back(clockJson(c, at));
        if (!args.has("json"))
            std::printf("%-20s %-38s deadline %s  %s\n    %s\n", c.regime.c_str(), c.name.c_str(),
                        core::formatRfc3339(c.deadlineAt).c_str(),
                        c.running() ? core::formatTimeLeft(c.remaining(at)).c_str() : ("closed: " + c.outcome).c_str(), c.basis.c_str());
    }
    if (args.has("json"))
        std::printf("%s\n", out.dump(2).c_str());
    else if (out.empty())
        std::printf("no regulatory clock is running\n");
    return kOk;
}

int runClock(const std::vector<std::string> &words)
{
    Arguments args;
    if (auto err = args.parse(words, {{"actor", "basis", "at", "outcome", "note"}, {}}))
        return usageError(*err);
    const auto &p = args.positionals();
    if (p.size() != 3 || (p[2] != "start" && p[2] != "close"))
        return usageError("clock CASE REGIME start --basis TEXT [--at TIME] | close --outcome notified|not_required --note TEXT");
    if (!args.has("actor"))
        return usageError("clock needs --actor NAME");
    auto file = openForWriting(p[0], "cordon-cli clock");
    if (!file)
        return reportError(file.error());
    const std::string actor = *args.value("actor");
    core::Status s;
    if (p[2] == "start") {
        std::optional<core::TimeUs> at;
        if (auto text = args.value("at")) {
            at = core::parseRfc3339(*text);
            if (!at)
                return usageError("--at wants an RFC 3339 time, e.g. 2026-11-20T09:30:00Z");
        }
        s = startClock((*file)->db(), now(), actor, p[1], args.valueOr("basis", ""), at);
    } else {
        s = closeClock((*file)->db(), now(), actor, p[1], args.valueOr("outcome", ""), args.valueOr("note", ""));
    }
    if (!s)
        return reportError(s.error());
    std::printf("%s %s\n", p[1].c_str(), p[2] == "start" ? "started" : "closed");
    return kOk;
}

int runArtefacts(const std::vector<std::string> &words)
{
    Arguments args;
    if (auto err = args.parse(words, {{"out"}, {}}))
        return usageError(*err);
    if (args.positionals().size() != 1 || !args.has("out"))
        return usageError("artefacts CASE --out DIRECTORY");
    auto file = openToRead(args.positionals()[0], "cordon-cli artefacts");
    if (!file)
        return reportError(file.error());
    auto written = writeArtefacts((*file)->db(), now(), *args.value("out"));
    if (!written)
        return reportError(written.error());
    for (const auto &path : *written)
        std::printf("%s\n", path.c_str());
    return kOk;
}

} // namespace cordon::cli
