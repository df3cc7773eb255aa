// cordon-cli listen and feeds: run live feeds headless until SIGINT/SIGTERM (then flush
// everything received into the case and print per-feed counts), and keep feed definitions
// in the case file. The work is in feeds/ and core/ingest.
#include "arguments.h"
#include "commands.h"
#include "terminal.h"

#include "core/ingest/live_ingest.h"
#include "core/store/case_file.h"
#include "core/store/feed_definitions.h"
#include "feeds/alertmanager_pull.h"
#include "feeds/file_tail.h"
#include "feeds/http_receiver.h"
#include "feeds/secret_source.h"
#include "feeds/syslog_receiver.h"

#include <QCoreApplication>
#include <QTimer>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <memory>

namespace cordon::cli {
namespace {

std::atomic<bool> g_stop{false};

void onStopSignal(int)
{
    g_stop.store(true);
}

/// The feed options both commands take; each names one feed.
const std::vector<std::string> kFeedOptions = {"http", "syslog-udp", "syslog-tcp", "tail", "pull-alertmanager"};

/// "127.0.0.1:8088", ":8088" or "8088".
bool parseEndpoint(const std::string &text, QHostAddress &address, quint16 &port)
{
    const auto colon = text.rfind(':');
    const std::string host = colon == std::string::npos ? "127.0.0.1" : text.substr(0, colon);
    bool ok = false;
    const uint p = QString::fromStdString(colon == std::string::npos ? text : text.substr(colon + 1)).toUInt(&ok);
    if (!ok || p > 65535)
        return false;
    port = static_cast<quint16>(p);
    address = host.empty() ? QHostAddress(QHostAddress::LocalHost) : QHostAddress(QString::fromStdString(host));
    return !address.isNull();
}

/// "bearer:env:NAME", "hmac:file:PATH" or "none".
core::Expected<feeds::WebhookAuth> parseAuth(const std::string &text)
{
    feeds::WebhookAuth auth;
    if (text.empty() || text == "none")
        return auth;
    const auto colon = text.find(':');
    const std::string kind = text.substr(0, colon);
    if (kind == "bearer")
        auth.kind = feeds::WebhookAuth::Kind::Bearer;
    else if (kind == "hmac")
        auth.kind = feeds::WebhookAuth::Kind::Hmac;
    else
        return core::Error{core::ErrorCode::Invalid, "auth is none, bearer:SECRET or hmac:SECRET (SECRET: env:NAME or file:PATH)"};
    auto secret = feeds::readSecret(colon == std::string::npos ? "" : text.substr(colon + 1));
    if (!secret)
        return secret.error();
    auth.secret = std::move(*secret);
    return auth;
}

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

/// The running transports of one listen.
class Feeds {
public:
    Feeds(core::LiveIngest &ingest, QCoreApplication &app) : m_ingest(ingest), m_app(app) {}

    core::Status start(const core::FeedDefinition &f, const std::optional<std::string> &checkpoint)
    {
        const auto &c = f.config;
        const auto &clock = core::SystemClock::instance();
        if (f.kind == "http") {
            feeds::HttpFeedOptions o;
            o.feed = f.name;
            if (!parseEndpoint(c.value("listen", ""), o.address, o.port))
                return core::Error{core::ErrorCode::Invalid, f.name + ": listen takes ADDRESS:PORT"};
            auto auth = parseAuth(c.value("auth", "none"));
            if (!auth)
                return core::Error{auth.error().code, f.name + ": " + auth.error().message};
            o.auth = std::move(*auth);
            o.maxBodyBytes = c.value("max_body", o.maxBodyBytes);
            for (const auto &h : c.value("allow_hosts", nlohmann::json::array()))
                o.allowedHosts << QString::fromStdString(h.get<std::string>());
            auto r = std::make_unique<feeds::HttpReceiver>(m_ingest, clock, o);
            if (auto s = r->listen(); !s)
                return s;
            std::printf("%s: listening on http://%s:%u\n", f.name.c_str(), o.address.toString().toUtf8().constData(), r->port());
            m_http.push_back(std::move(r));
        } else if (f.kind == "syslog_udp" || f.kind == "syslog_tcp") {
            feeds::SyslogFeedOptions o;
            o.feed = f.name;
            quint16 port = 0;
            if (!parseEndpoint(c.value("listen", ""), o.address, port))
                return core::Error{core::ErrorCode::Invalid, f.name + ": listen takes ADDRESS:PORT"};
            (f.kind == "syslog_udp" ? o.udpPort : o.tcpPort) = port;
            auto r = std::make_unique<feeds::SyslogReceiver>(m_ingest, clock, o);
            if (auto s = r->listen(); !s)
                return s;
            std::printf("%s: listening for syslog on %s %s:%u\n", f.name.c_str(), f.kind == "syslog_udp" ? "udp" : "tcp",
                        o.address.toString().toUtf8().constData(), f.kind == "syslog_udp" ? r->udpPort() : r->tcpPort());
            m_syslog.push_back(std::move(r));
        } else if (f.kind == "tail") {
            feeds::FileTailOptions o;
            o.path = c.value("path", "");
            o.feed = f.name;
            auto t = std::make_unique<feeds::FileTail>(m_ingest, clock, o, checkpoint);
            t->start();
            std::printf("%s: following %s\n", f.name.c_str(), o.path.c_str());
            m_tails.push_back(std::move(t));
        } else if (f.kind == "alertmanager_pull") {
            feeds::AlertmanagerPullOptions o;
            o.feed = f.name;
            o.base = QUrl(QString::fromStdString(c.value("url", "")));
            if (!o.base.isValid() || o.base.scheme().isEmpty())
                return core::Error{core::ErrorCode::Invalid, f.name + ": the URL must look like http://127.0.0.1:9093"};
            o.intervalMs = static_cast<int>(c.value("seconds", 30) * 1000);
            auto p = std::make_unique<feeds::AlertmanagerPull>(m_ingest, clock, o);
            feeds::AlertmanagerPull *raw = p.get();
            QObject::connect(raw, &feeds::AlertmanagerPull::polled, &m_app, [raw](bool ok) {
                if (!ok)
                    std::fprintf(stderr, "cordon-cli: %s\n", raw->lastError().c_str());
            });
            p->start();
            std::printf("%s: polling %s/api/v2/alerts every %d s\n", f.name.c_str(), o.base.toString().toUtf8().constData(),
                        o.intervalMs / 1000);
            m_pulls.push_back(std::move(p));
        }
        return {};
    }

    /// Stops taking input and hands over what each transport still holds.
    void stop()
    {
        m_http.clear();
        m_syslog.clear();
        for (auto &t : m_tails)
            t->poll();
        m_tails.clear();
        m_pulls.clear();
    }

private:
    core::LiveIngest &m_ingest;
    QCoreApplication &m_app;
    std::vector<std::unique_ptr<feeds::HttpReceiver>> m_http;
    std::vector<std::unique_ptr<feeds::SyslogReceiver>> m_syslog;
    std::vector<std::unique_ptr<feeds::FileTail>> m_tails;
    std::vector<std::unique_ptr<feeds::AlertmanagerPull>> m_pulls;
};

const std::vector<std::string> kValueOptions = {"http", "http-auth", "allow-host", "max-body", "syslog-udp", "syslog-tcp",
                                                "tail", "pull-alertmanager", "pull-seconds", "commit-ms", "feed", "actor"};

} // namespace

int runListen(const std::vector<std::string> &words)
{
    Arguments args;
    if (auto err = args.parse(words, {kValueOptions, {"no-detect"}}))
        return usageError(*err);
    if (args.positionals().size() != 1)
        return usageError("listen takes one case file");
    long long commitMs = 250;
    if (auto err = args.number("commit-ms", commitMs, 1, 10'000))
        return usageError(*err);

    const std::string path = args.positionals()[0];
    auto file = core::CaseFile::open(path, {false, "cordon-cli listen"});
    if (!file)
        return reportError(file.error());
    if ((*file)->isReadOnly())
        return reportError({core::ErrorCode::ReadOnly, path + " cannot be written: " + (*file)->readOnlyReason()});

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
    core::LiveIngest ingest(**file, core::SystemClock::instance(), live);
    {
        Feeds running(ingest, app);
        for (std::size_t i = 0; i < definitions.size(); ++i) {
            if (auto status = running.start(definitions[i], checkpoints[i]); !status) {
                running.stop();
                ingest.stop();
                return reportError(status.error());
            }
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
        running.stop();
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
        return usageError("feeds takes a case file, then list, add NAME, enable NAME, disable NAME or remove NAME");
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
