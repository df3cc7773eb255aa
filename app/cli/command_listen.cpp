// cordon-cli listen and feeds: run live feeds headless until SIGINT/SIGTERM (then flush
// everything received into the case and print per-feed counts), and keep feed definitions
// in the case file. The work is in feeds/ and core/ingest.
#include "arguments.h"
#include "commands.h"
#include "terminal.h"

#include "core/forensics/live_analysis.h"
#include "core/ingest/live_ingest.h"
#include "core/store/case_file.h"
#include "core/store/feed_definitions.h"
#include "core/feeds/feed_runner.h"

#include <QCoreApplication>
#include <QTimer>

#include <atomic>
#include <csignal>
#include <cstdio>

namespace cordon::cli {
namespace {

std::atomic<bool> g_stop{false};

void onStopSignal(int)
{
    g_stop.store(true);
}

/// The feed options both commands take; each names one feed.
const std::vector<std::string> kFeedOptions = {"http", "syslog-udp", "syslog-tcp", "tail", "pull-alertmanager"};

/// The feed the command line names, as it would be stored.
std::optional<core::FeedDefinition> feedFromArguments(const Arguments &args, const std::string &name)
{
    for (const auto &option : kFeedOptions) {
        if (!args.has(option))
            continue;
        core::FeedDefinition f;
        const std::string value = args.valueOr(option, "");
        if (option == "http") {
            f.kind = "http";
            f.config = {{"listen", value}, {"auth", args.valueOr("http-auth", "none")}};
            if (args.has("max-body"))
                f.config["max_body"] = std::stoll(args.valueOr("max-body", "0"));
            if (args.has("allow-host"))
                f.config["allow_hosts"] = {args.valueOr("allow-host", "")};
        } else if (option == "tail") {
            f.kind = "tail";
            f.config = {{"path", value}};
        } else if (option == "pull-alertmanager") {
            f.kind = "alertmanager_pull";
            f.config = {{"url", value}, {"seconds", std::stoll(args.valueOr("pull-seconds", "30"))}};
        } else {
            f.kind = option == "syslog-udp" ? "syslog_udp" : "syslog_tcp";
            f.config = {{"listen", value}};
        }
        f.name = name.empty() ? (f.kind == "tail" ? "tail:" + value : f.kind) : name;
        return f;
    }
    return std::nullopt;
}

const std::vector<std::string> kValueOptions = {"http", "http-auth", "allow-host", "max-body", "syslog-udp", "syslog-tcp",
                                                "tail", "pull-alertmanager", "pull-seconds", "commit-ms", "feed", "actor", "rename"};

} // namespace

int runListen(const std::vector<std::string> &words)
{
    Arguments args;
    if (auto err = args.parse(words, {kValueOptions, {"no-detect", "no-analyze"}}))
        return usageError(*err);
    if (args.positionals().size() != 1)
        return usageError("listen takes one case file");
    long long commitMs = 250;
    if (auto err = args.number("commit-ms", commitMs, 1, 10'000))
        return usageError(*err);

    const std::string path = args.positionals()[0];
    auto file = openForWriting(path, "cordon-cli listen");
    if (!file)
        return reportError(file.error());

    // The feeds on the command line, or else the enabled ones the case defines. Their stored
    // positions are read before the writer thread owns the connection.
    std::vector<core::FeedDefinition> definitions;
    if (auto named = feedFromArguments(args, args.valueOr("feed", ""))) {
        definitions.push_back(*named);
    } else {
        for (auto &stored : core::feed_store::list((*file)->db())) {
            if (stored.enabled)
                definitions.push_back(std::move(stored));
        }
    }
    if (definitions.empty())
        return usageError("the case defines no enabled feed; name one (--http, --syslog-udp, --syslog-tcp ADDRESS:PORT, "
                          "--tail FILE, --pull-alertmanager URL) or add one with 'cordon-cli feeds CASE add'");
    auto rules = core::DetectionConfig::forCase((*file)->db());
    if (!rules)
        return reportError(rules.error());
    auto forensics = core::forensics::caseSettings((*file)->db());
    if (!forensics)
        return reportError(forensics.error());
    std::vector<std::optional<std::string>> checkpoints;
    for (const auto &f : definitions) {
        if (auto valid = core::validateFeed(f); !valid)
            return reportError(valid.error());
        checkpoints.push_back(core::LiveIngest::checkpoint((*file)->db(), f.name));
    }

    int argc = 1;
    char name[] = "cordon-cli";
    char *argv[] = {name, nullptr};
    QCoreApplication app(argc, argv);
    core::LiveOptions live;
    live.commitInterval = std::chrono::milliseconds(commitMs);
    live.detect = !args.has("no-detect");
    live.rules = std::move(*rules);
    if (!args.has("no-analyze"))
        live.analysis = core::forensics::liveAnalysis(*forensics, core::SystemClock::instance(), live.actor);
    core::LiveIngest ingest(**file, core::SystemClock::instance(), live);
    {
        feeds::FeedRunner running(ingest, core::SystemClock::instance());
        QObject::connect(&running, &feeds::FeedRunner::transportFailed, &app, [](const QString &feed, const QString &message) {
            std::fprintf(stderr, "cordon-cli: %s: %s\n", feed.toUtf8().constData(), message.toUtf8().constData());
        });
        for (std::size_t i = 0; i < definitions.size(); ++i) {
            auto where = running.start(definitions[i], checkpoints[i]);
            if (!where) {
                running.stopAll();
                ingest.stop();
                return reportError(where.error());
            }
            std::printf("%s: %s\n", definitions[i].name.c_str(), where->c_str());
        }
        std::printf("Ctrl+C stops and flushes\n");
        std::fflush(stdout);
        std::signal(SIGINT, onStopSignal);
        std::signal(SIGTERM, onStopSignal);
        QTimer poll;
        QObject::connect(&poll, &QTimer::timeout, &app, [&app] {
            if (g_stop.load())
                app.quit();
        });
        poll.start(100);
        // A line a minute per feed, for whoever watches a headless listener.
        QTimer report;
        QObject::connect(&report, &QTimer::timeout, &app, [&ingest] {
            for (const auto &[feed, s] : ingest.stats()) {
                std::printf("%s: %.0f events/s, accepted %s, rejected %s, duplicates %s%s%s\n", feed.c_str(),
                            s.eventsPerSecond, humanCount(s.accepted).c_str(), humanCount(s.rejected).c_str(),
                            humanCount(s.duplicates).c_str(), s.lastError.empty() ? "" : ", last error: ",
                            s.lastError.c_str());
            }
            std::fflush(stdout);
        });
        report.start(60'000);
        app.exec();
        // Everything received is committed and answered before the transports go.
        running.stopAll();
        ingest.flush();
        QCoreApplication::processEvents();
        ingest.stop();
    }
    for (const auto &[feed, s] : ingest.stats()) {
        std::printf("%s: accepted %s, duplicates %s, rejected %s, replayed deliveries %s, refused while busy %s\n",
                    feed.c_str(), humanCount(s.accepted).c_str(), humanCount(s.duplicates).c_str(),
                    humanCount(s.rejected).c_str(), humanCount(s.replayedDeliveries).c_str(),
                    humanCount(s.refusedBusy).c_str());
    }
    std::printf("stopped; everything acknowledged is in %s\n", path.c_str());
    return kOk;
}

int runFeeds(const std::vector<std::string> &words)
{
    Arguments args;
    if (auto err = args.parse(words, {kValueOptions, {"disabled"}}))
        return usageError(*err);
    const auto &pos = args.positionals();
    if (pos.empty())
        return usageError("feeds takes a case file, then list, add NAME, edit NAME, enable NAME, disable NAME or remove NAME");
    const std::string verb = pos.size() > 1 ? pos[1] : "list";
    const std::string actor = args.valueOr("actor", "cordon-cli");
    auto file = core::CaseFile::open(pos[0], {verb == "list", "cordon-cli feeds"});
    if (!file)
        return reportError(file.error());
    auto &db = (*file)->db();
    const auto &clock = core::SystemClock::instance();
    core::Status status;
    try {
        if (verb == "list") {
            const auto feeds = core::feed_store::list(db);
            if (feeds.empty())
                std::printf("no feeds defined\n");
            for (const auto &f : feeds)
                std::printf("%-24s %-18s %-8s %s\n", f.name.c_str(), f.kind.c_str(), f.enabled ? "enabled" : "disabled",
                            f.config.dump().c_str());
            return kOk;
        }
        if (pos.size() < 3)
            return usageError(verb + " takes a feed name");
        if (verb == "add") {
            auto f = feedFromArguments(args, pos[2]);
            if (!f)
                return usageError("add NAME takes one of --http, --syslog-udp, --syslog-tcp, --tail, --pull-alertmanager");
            f->enabled = !args.has("disabled");
            auto id = core::feed_store::add(db, clock, actor, *f);
            status = id ? core::Status{} : core::Status{id.error()};
        } else if (verb == "edit") {
            auto f = feedFromArguments(args, args.valueOr("rename", pos[2]));
            if (!f)
                return usageError("edit NAME takes one of --http, --syslog-udp, --syslog-tcp, --tail, --pull-alertmanager");
            f->enabled = !args.has("disabled");
            status = core::feed_store::update(db, clock, actor, pos[2], *f);
        } else if (verb == "enable" || verb == "disable") {
            status = core::feed_store::setEnabled(db, clock, actor, pos[2], verb == "enable");
        } else if (verb == "remove") {
            status = core::feed_store::remove(db, clock, actor, pos[2]);
        } else {
            return usageError("unknown feeds verb '" + verb + "'");
        }
    } catch (const core::SqlError &e) {
        return reportError({core::ErrorCode::Database, e.what()});
    }
    if (!status)
        return reportError(status.error());
    std::printf("feed %s: %s\n", pos[2].c_str(), verb.c_str());
    return kOk;
}

} // namespace cordon::cli
