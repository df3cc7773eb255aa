#include "core/feeds/alertmanager_pull.h"

#include "core/normalize/normalizer.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <nlohmann/json.hpp>

namespace cordon::feeds {

AlertmanagerPull::AlertmanagerPull(core::LiveIngest &ingest, const core::Clock &clock, AlertmanagerPullOptions options,
                                   QObject *parent)
    : QObject(parent), m_ingest(ingest), m_clock(clock), m_options(std::move(options)),
      m_network(new QNetworkAccessManager(this))
{
    connect(&m_timer, &QTimer::timeout, this, &AlertmanagerPull::pollNow);
}

void AlertmanagerPull::start()
{
    pollNow();
    m_timer.start(m_options.intervalMs);
}

void AlertmanagerPull::pollNow()
{
    if (m_inFlight)
        return;   // a slow Alertmanager is not asked twice at once
    m_inFlight = true;
    QUrl url = m_options.base;
    url.setPath(url.path().chopped(url.path().endsWith(u'/') ? 1 : 0) + QStringLiteral("/api/v2/alerts"));
    QNetworkRequest request(url);
    request.setTransferTimeout(m_options.timeoutMs);
    request.setRawHeader("Accept", "application/json");
    if (!m_options.bearer.empty())
        request.setRawHeader("Authorization", "Bearer " + QByteArray::fromStdString(m_options.bearer));
    QNetworkReply *reply = m_network->get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply, url] {
        reply->deleteLater();
        m_inFlight = false;
        const QByteArray body = reply->readAll();
        if (reply->error() != QNetworkReply::NoError) {
            m_lastError = "polling " + url.toString().toStdString() + ": " + reply->errorString().toStdString();
            Q_EMIT polled(false);
            return;
        }
        const auto alerts = nlohmann::json::parse(body.constData(), body.constData() + body.size(), nullptr, false);
        if (!alerts.is_array()) {
            m_lastError = url.toString().toStdString() + " did not answer with a JSON array of alerts";
            Q_EMIT polled(false);
            return;
        }
        // Reshape into a webhook notification so the one Alertmanager normaliser reads both.
        nlohmann::json notification = {{"version", "4"},
                                       {"groupKey", "pull:" + m_options.base.toString().toStdString()},
                                       {"receiver", m_options.feed},
                                       {"status", "firing"},
                                       {"alerts", nlohmann::json::array()}};
        for (const auto &a : alerts) {
            nlohmann::json alert = {{"labels", a.value("labels", nlohmann::json::object())},
                                    {"annotations", a.value("annotations", nlohmann::json::object())},
                                    {"startsAt", a.value("startsAt", "")},
                                    {"endsAt", a.value("endsAt", "")},
                                    {"generatorURL", a.value("generatorURL", "")},
                                    {"fingerprint", a.value("fingerprint", "")}};
            const std::string state = a.contains("status") ? a["status"].value("state", "active") : "active";
            alert["status"] = state == "active" ? "firing" : state == "suppressed" ? "suppressed" : "resolved";
            notification["alerts"].push_back(std::move(alert));
        }
        core::LiveDelivery delivery;
        delivery.feed = m_options.feed;
        if (!notification["alerts"].empty()) {
            auto n = core::normalizeRecord(notification.dump(), {m_options.feed, m_clock.now()},
                                           {core::Format::Alertmanager, {}});
            if (!n) {
                m_lastError = n.error().message;
                Q_EMIT polled(false);
                return;
            }
            delivery.events = std::move(n->events);
        }
        if (!delivery.events.empty() && !m_ingest.submit(delivery, {}))
            m_lastError = "the case writer is behind; these alerts are fetched again next time";
        else
            m_lastError.clear();
        Q_EMIT polled(true);
    });
}

} // namespace cordon::feeds
