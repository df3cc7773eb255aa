// cordon-cli listen: runs live feeds headless until SIGINT/SIGTERM, then flushes everything
// received into the case and prints per-feed counts. The work is in feeds/ and core/ingest.
#include "arguments.h"
#include "commands.h"
#include "terminal.h"

#include "core/ingest/live_ingest.h"
#include "core/store/case_file.h"
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

/// "127.0.0.1:8088" or ":8088" or "8088".
bool parseEndpoint(const std::string &text, QHostAddress &address, quint16 &port)
{
    const auto colon = text.rfind(':');
    const std::string host = colon == std::string::npos ? "127.0.0.1" : text.substr(0, colon);
    const std::string portText = colon == std::string::npos ? text : text.substr(colon + 1);
    bool ok = false;
    const uint p = QString::fromStdString(portText).toUInt(&ok);
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
        return core::Error{core::ErrorCode::Invalid, "--http-auth is none, bearer:SECRET or hmac:SECRET"};
    auto secret = feeds::readSecret(colon == std::string::npos ? "" : text.substr(colon + 1));
    if (!secret)
        return secret.error();
    auth.secret = std::move(*secret);
    return auth;
}

} // namespace

int runListen(const std::vector<std::string> &words)
{
    Arguments args;
    if (auto err = args.parse(words, {{"http", "http-auth", "allow-host", "max-body", "commit-ms", "feed", "syslog-udp", "syslog-tcp", "tail",
                                "pull-alertmanager", "pull-seconds"}, {"no-detect"}}))
        return usageError(*err);
    if (args.positionals().size() != 1)
        return usageError("listen takes one case file");
    if (!args.has("http") && !args.has("syslog-udp") && !args.has("syslog-tcp") && !args.has("tail")
        && !args.has("pull-alertmanager"))
        return usageError("name at least one feed: --http, --syslog-udp or --syslog-tcp ADDRESS:PORT, --tail FILE "
                          "or --pull-alertmanager URL");
    long long pullSeconds = 30;
    if (auto err = args.number("pull-seconds", pullSeconds, 1, 86'400))
        return usageError(*err);

    feeds::HttpFeedOptions http;
    if (args.has("http") && !parseEndpoint(args.valueOr("http", ""), http.address, http.port))
        return usageError("--http takes ADDRESS:PORT, e.g. 127.0.0.1:8088");
    feeds::SyslogFeedOptions syslog;
    for (const char *option : {"syslog-udp", "syslog-tcp"}) {
        if (!args.has(option))
            continue;
        quint16 port = 0;
        if (!parseEndpoint(args.valueOr(option, ""), syslog.address, port))
            return usageError(std::string("--") + option + " takes ADDRESS:PORT, e.g. 127.0.0.1:5514");
        (std::string(option) == "syslog-udp" ? syslog.udpPort : syslog.tcpPort) = port;
    }
    auto auth = parseAuth(args.valueOr("http-auth", "none"));
    if (!auth)
        return reportError(auth.error());
    http.auth = std::move(*auth);
    http.feed = args.valueOr("feed", "http");
    if (args.has("allow-host"))
        http.allowedHosts << QString::fromStdString(args.valueOr("allow-host", ""));
    long long maxBody = http.maxBodyBytes;
    if (auto err = args.number("max-body", maxBody, 1024, 256LL * 1024 * 1024))
        return usageError(*err);
    http.maxBodyBytes = maxBody;
    long long commitMs = 250;
    if (auto err = args.number("commit-ms", commitMs, 1, 10'000))
        return usageError(*err);

    const std::string path = args.positionals()[0];
    auto file = core::CaseFile::open(path, {false, "cordon-cli listen"});
    if (!file)
        return reportError(file.error());
    if ((*file)->isReadOnly())
        return reportError({core::ErrorCode::ReadOnly, path + " cannot be written: " + (*file)->readOnlyReason()});

    // Read before the writer thread owns the connection.
    const std::string tailFeed = "tail:" + args.valueOr("tail", "");
    const auto tailCheckpoint = core::LiveIngest::checkpoint((*file)->db(), tailFeed);

    int argc = 1;
    char name[] = "cordon-cli";
    char *argv[] = {name, nullptr};
    QCoreApplication app(argc, argv);
    core::LiveOptions live;
    live.commitInterval = std::chrono::milliseconds(commitMs);
    live.detect = !args.has("no-detect");
    core::LiveIngest ingest(**file, core::SystemClock::instance(), live);
    int rc = kOk;
    {
        std::unique_ptr<feeds::HttpReceiver> receiver;
        std::unique_ptr<feeds::SyslogReceiver> syslogReceiver;
        std::unique_ptr<feeds::FileTail> tail;
        std::unique_ptr<feeds::AlertmanagerPull> pull;
        auto failed = [&](const core::Error &error) {
            receiver.reset();
            syslogReceiver.reset();
            tail.reset();
            pull.reset();
            ingest.stop();
            return reportError(error);
        };
        if (args.has("http")) {
            receiver = std::make_unique<feeds::HttpReceiver>(ingest, core::SystemClock::instance(), http);
            if (auto status = receiver->listen(); !status)
                return failed(status.error());
            std::printf("listening on http://%s:%u (feed %s)\n", http.address.toString().toUtf8().constData(),
                        receiver->port(), http.feed.c_str());
        }
        if (syslog.udpPort || syslog.tcpPort) {
            syslogReceiver = std::make_unique<feeds::SyslogReceiver>(ingest, core::SystemClock::instance(), syslog);
            if (auto status = syslogReceiver->listen(); !status)
                return failed(status.error());
            if (syslog.udpPort)
                std::printf("listening for syslog on udp %s:%u\n", syslog.address.toString().toUtf8().constData(),
                            syslogReceiver->udpPort());
            if (syslog.tcpPort)
                std::printf("listening for syslog on tcp %s:%u\n", syslog.address.toString().toUtf8().constData(),
                            syslogReceiver->tcpPort());
        }
        if (args.has("tail")) {
            feeds::FileTailOptions options;
            options.path = args.valueOr("tail", "");
            options.feed = tailFeed;
            // Resume where the last committed batch ended.
            tail = std::make_unique<feeds::FileTail>(ingest, core::SystemClock::instance(), options, tailCheckpoint);
            tail->start();
            std::printf("following %s\n", options.path.c_str());
        }
        if (args.has("pull-alertmanager")) {
            feeds::AlertmanagerPullOptions options;
            options.base = QUrl(QString::fromStdString(args.valueOr("pull-alertmanager", "")));
            if (!options.base.isValid() || options.base.scheme().isEmpty())
                return failed({core::ErrorCode::Invalid, "--pull-alertmanager takes a URL such as http://127.0.0.1:9093"});
            options.intervalMs = static_cast<int>(pullSeconds * 1000);
            pull = std::make_unique<feeds::AlertmanagerPull>(ingest, core::SystemClock::instance(), options);
            QObject::connect(pull.get(), &feeds::AlertmanagerPull::polled, &app, [&pull](bool ok) {
                if (!ok)
                    std::fprintf(stderr, "cordon-cli: %s\n", pull->lastError().c_str());
            });
            pull->start();
            std::printf("polling %s/api/v2/alerts every %lld s\n", options.base.toString().toUtf8().constData(), pullSeconds);
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
        app.exec();
        // Everything received is committed and answered before the receivers go.
        syslogReceiver.reset();   // hands over its last batch
        if (tail)
            tail->poll();
        ingest.flush();
        QCoreApplication::processEvents();
        ingest.stop();
    }
    for (const auto &[feed, s] : ingest.stats()) {
        std::printf("%s: accepted %s, duplicates %s, rejected %s, refused while busy %s\n", feed.c_str(),
                    humanCount(s.accepted).c_str(), humanCount(s.duplicates).c_str(), humanCount(s.rejected).c_str(),
                    humanCount(s.refusedBusy).c_str());
    }
    std::printf("stopped; everything acknowledged is in %s\n", path.c_str());
    return rc;
}

} // namespace cordon::cli
