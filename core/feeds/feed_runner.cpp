#include "core/feeds/feed_runner.h"

#include "core/feeds/alertmanager_pull.h"
#include "core/feeds/file_tail.h"
#include "core/feeds/http_receiver.h"
#include "core/util/secret_source.h"
#include "core/feeds/syslog_receiver.h"

namespace cordon::feeds {
namespace {

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
core::Expected<WebhookAuth> parseAuth(const std::string &text)
{
    WebhookAuth auth;
    if (text.empty() || text == "none")
        return auth;
    const auto colon = text.find(':');
    const std::string kind = text.substr(0, colon);
    if (kind == "bearer")
        auth.kind = WebhookAuth::Kind::Bearer;
    else if (kind == "hmac")
        auth.kind = WebhookAuth::Kind::Hmac;
    else
        return core::Error{core::ErrorCode::Invalid, "auth is none, bearer:SECRET or hmac:SECRET (SECRET: env:NAME or file:PATH)"};
    auto secret = core::readSecret(colon == std::string::npos ? "" : text.substr(colon + 1));
    if (!secret)
        return secret.error();
    auth.secret = std::move(*secret);
    return auth;
}

std::string text(const QHostAddress &address)
{
    return address.toString().toStdString();
}

} // namespace

FeedRunner::FeedRunner(core::LiveIngest &ingest, const core::Clock &clock, QObject *parent)
    : QObject(parent), m_ingest(ingest), m_clock(clock)
{
}

FeedRunner::~FeedRunner()
{
    stopAll();
}

core::Expected<std::string> FeedRunner::start(const core::FeedDefinition &f, const std::optional<std::string> &checkpoint)
{
    if (auto valid = core::validateFeed(f); !valid)
        return valid.error();
    if (isRunning(f.name))
        return core::Error{core::ErrorCode::Invalid, f.name + " is already running"};
    const auto &c = f.config;
    auto invalid = [&f](const std::string &why) { return core::Error{core::ErrorCode::Invalid, f.name + ": " + why}; };
    Running running;
    std::string where;
    if (f.kind == "http") {
        HttpFeedOptions o;
        o.feed = f.name;
        if (!parseEndpoint(c.value("listen", ""), o.address, o.port))
            return invalid("listen takes ADDRESS:PORT");
        auto auth = parseAuth(c.value("auth", "none"));
        if (!auth)
            return invalid(auth.error().message);
        o.auth = std::move(*auth);
        o.maxBodyBytes = c.value("max_body", o.maxBodyBytes);
        for (const auto &h : c.value("allow_hosts", nlohmann::json::array()))
            o.allowedHosts << QString::fromStdString(h.get<std::string>());
        auto r = std::make_unique<HttpReceiver>(m_ingest, m_clock, o);
        if (auto s = r->listen(); !s)
            return invalid(s.error().message);
        where = "listening on http://" + text(o.address) + ":" + std::to_string(r->port());
        running.transport = std::move(r);
    } else if (f.kind == "syslog_udp" || f.kind == "syslog_tcp") {
        SyslogFeedOptions o;
        o.feed = f.name;
        quint16 port = 0;
        if (!parseEndpoint(c.value("listen", ""), o.address, port))
            return invalid("listen takes ADDRESS:PORT");
        const bool udp = f.kind == "syslog_udp";
        (udp ? o.udpPort : o.tcpPort) = port;
        auto r = std::make_unique<SyslogReceiver>(m_ingest, m_clock, o);
        if (auto s = r->listen(); !s)
            return invalid(s.error().message);
        where = std::string("listening for syslog on ") + (udp ? "udp " : "tcp ") + text(o.address) + ":"
            + std::to_string(udp ? r->udpPort() : r->tcpPort());
        running.transport = std::move(r);
    } else if (f.kind == "tail") {
        FileTailOptions o;
        o.path = c.value("path", "");
        o.feed = f.name;
        auto t = std::make_unique<FileTail>(m_ingest, m_clock, o, checkpoint);
        t->start();
        FileTail *raw = t.get();
        running.drain = [raw] { raw->poll(); };
        where = "following " + o.path;
        running.transport = std::move(t);
    } else if (f.kind == "alertmanager_pull") {
        AlertmanagerPullOptions o;
        o.feed = f.name;
        o.base = QUrl(QString::fromStdString(c.value("url", "")));
        if (!o.base.isValid() || o.base.scheme().isEmpty())
            return invalid("the URL must look like http://127.0.0.1:9093");
        o.intervalMs = static_cast<int>(c.value("seconds", 30) * 1000);
        auto p = std::make_unique<AlertmanagerPull>(m_ingest, m_clock, o);
        AlertmanagerPull *raw = p.get();
        const QString name = QString::fromStdString(f.name);
        connect(raw, &AlertmanagerPull::polled, this, [this, raw, name](bool ok) {
            if (!ok)
                Q_EMIT transportFailed(name, QString::fromStdString(raw->lastError()));
        });
        p->start();
        where = "polling " + o.base.toString().toStdString() + "/api/v2/alerts every " + std::to_string(o.intervalMs / 1000) + " s";
        running.transport = std::move(p);
    }
    m_running.emplace(f.name, std::move(running));
    return where;
}

void FeedRunner::stop(const std::string &name)
{
    auto it = m_running.find(name);
    if (it == m_running.end())
        return;
    if (it->second.drain)
        it->second.drain();
    m_running.erase(it);
}

void FeedRunner::stopAll()
{
    for (auto &[name, r] : m_running) {
        if (r.drain)
            r.drain();
    }
    m_running.clear();
}

std::vector<std::string> FeedRunner::running() const
{
    std::vector<std::string> names;
    for (const auto &[name, r] : m_running)
        names.push_back(name);
    return names;
}

} // namespace cordon::feeds
