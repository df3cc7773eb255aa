#pragma once

#include "core/ingest/live_ingest.h"
#include "core/normalize/format.h"
#include "core/util/json_reader.h"
#include "core/feeds/webhook_auth.h"

#include <QHostAddress>
#include <QObject>
#include <QStringList>

#include <atomic>

class QTcpServer;

namespace cordon::feeds {

struct HttpFeedOptions {
    std::string feed = "http";
    QHostAddress address = QHostAddress::LocalHost;   ///< loopback unless the operator says otherwise
    quint16 port = 0;                                   ///< 0: any free port
    qint64 maxBodyBytes = 1024 * 1024;                  ///< larger bodies get 413 before they are read
    int maxHeaderBytes = 16 * 1024;                     ///< request line and headers; beyond: 431
    int readTimeoutMs = 10'000;                         ///< a request must arrive whole within this
    int idleTimeoutMs = 30'000;                         ///< keep-alive connections close after this
    int maxConnections = 64;
    QStringList allowedHosts;                           ///< Host names accepted besides loopback ones
    WebhookAuth auth;
    core::JsonLimits json;
    int retryAfterSeconds = 1;                          ///< told to senders when the writer is behind
};

/// Counters of what the receiver answered, for stats and tests.
struct HttpCounters {
    std::atomic<std::int64_t> requests{0}, ok{0}, clientErrors{0}, busy{0}, timeouts{0}, refusedConnections{0};
};

/// The webhook receiver: HTTP/1.1 on loopback, one endpoint per format, every 2xx sent only
/// after the records are committed to the case file. Parsing is Node's http-parser with
/// Cordon's own limits enforced in its callbacks.
///
///   POST /v1/events                  any format, detected per record
///   POST /v1/alertmanager            Prometheus Alertmanager webhook
///   POST /v1/grafana                 Grafana Alerting webhook
///   POST /v1/otlp/traces             OTLP/JSON traces
///   POST /v1/litellm, /v1/ecs, /v1/ocsf, /v1/stix, /v1/misp, /v1/syslog
///   POST /services/collector[/event] Splunk HEC envelopes
///   GET  /v1/health
class HttpReceiver : public QObject {
    Q_OBJECT
public:
    HttpReceiver(core::LiveIngest &ingest, const core::Clock &clock, HttpFeedOptions options, QObject *parent = nullptr);
    ~HttpReceiver() override;

    core::Status listen();
    quint16 port() const;
    const HttpCounters &counters() const { return m_counters; }
    const HttpFeedOptions &options() const { return m_options; }

    /// The format an endpoint reads; nullopt for "detect", and false in `known` for 404.
    static std::optional<core::Format> formatForPath(const QByteArray &path, bool &known);

private:
    friend class HttpConnection;
    void onNewConnection();

    core::LiveIngest &m_ingest;
    const core::Clock &m_clock;
    HttpFeedOptions m_options;
    QTcpServer *m_server;
    int m_connections = 0;
    HttpCounters m_counters;
};

} // namespace cordon::feeds
