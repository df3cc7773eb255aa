#pragma once

#include "core/ingest/live_ingest.h"

#include <QObject>
#include <QTimer>
#include <QUrl>

class QNetworkAccessManager;

namespace cordon::feeds {

struct AlertmanagerPullOptions {
    QUrl base;                     ///< e.g. http://127.0.0.1:9093
    std::string feed = "alertmanager-pull";
    int intervalMs = 30'000;
    int timeoutMs = 10'000;
    std::string bearer;            ///< optional token
};

/// Polls Alertmanager's GET /api/v2/alerts on an interval. Each alert becomes an event of
/// the Alertmanager format; an alert seen again unchanged is a duplicate and stored once,
/// its resolution is a new event.
class AlertmanagerPull : public QObject {
    Q_OBJECT
public:
    AlertmanagerPull(core::LiveIngest &ingest, const core::Clock &clock, AlertmanagerPullOptions options,
                     QObject *parent = nullptr);
    void start();
    /// One poll now; emits polled() when it is answered or failed.
    void pollNow();
    const std::string &lastError() const { return m_lastError; }

Q_SIGNALS:
    void polled(bool ok);

private:
    core::LiveIngest &m_ingest;
    const core::Clock &m_clock;
    AlertmanagerPullOptions m_options;
    QNetworkAccessManager *m_network;
    QTimer m_timer;
    bool m_inFlight = false;
    std::string m_lastError;
};

} // namespace cordon::feeds
